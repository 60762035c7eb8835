// examples/relay: verifies, then forwards Apple's exact bytes to the configured targets.
import { once } from 'node:events'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Express } from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import type { AsnHandler, ForwardResult, ForwardTarget, RootCertificateInput } from 'app-store-notifications'
import { FORWARD_SIGNATURE_HEADER, verifyForwardSignature } from 'app-store-notifications'
import { createNotificationBuilders, createTestSigner } from 'app-store-notifications/testing'
import { loadExample, runNode, startServing } from './example-process.js'

interface RelayConfig { bundleId: string; environments: string[]; appAppleId?: number; targets: Array<string | ForwardTarget>; path?: string }
interface RelayModule {
  parseRelayConfig(text: string): RelayConfig
  createRelayApp(options: {
    config: RelayConfig
    rootCertificates?: RootCertificateInput[]
    signingSecret?: string
    onForwarded?: (results: readonly ForwardResult[]) => unknown
  }): { app: Express; handler: AsnHandler }
}

const BUNDLE_ID = 'com.example.app'
const closers: Array<() => unknown> = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

async function listen(server: Server): Promise<string> {
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  closers.push(() => {
    server.closeAllConnections()
    server.close()
  })
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** A target recording the bytes and headers of each request. */
async function target() {
  const received: Array<{ body: Buffer; headers: Record<string, unknown> }> = []
  const url = await listen(createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => {
      received.push({ body: Buffer.concat(chunks), headers: request.headers })
      response.end()
    })
  }))
  return { url: `${url}/asn`, received }
}

describe('examples/relay', () => {
  it('forwards the exact bytes, signed, to every target for the environment, once', async () => {
    const { createRelayApp } = await loadExample<RelayModule>('relay/relay.mjs')
    const signer = await createTestSigner()
    const [backend, staging, production] = [await target(), await target(), await target()]
    const results: ForwardResult[][] = []
    const { app, handler } = createRelayApp({
      config: {
        bundleId: BUNDLE_ID,
        environments: ['Sandbox'],
        targets: [backend.url, { id: 'staging', url: staging.url, environments: ['Sandbox'] }, { id: 'production', url: production.url, environments: ['Production'] }],
      },
      rootCertificates: [signer.rootCertificate],
      signingSecret: 'relay-secret',
      onForwarded: (batch) => results.push([...batch]),
    })
    const relay = `${await listen(createServer(app))}/apple/notifications`
    // Apple's body with unusual but valid JSON spacing: only byte-exact forwarding keeps it.
    const built = await createNotificationBuilders(signer, { bundleId: BUNDLE_ID }).refund()
    const body = `{ "signedPayload" : "${built.signedPayload}" }\n`
    const post = () => fetch(relay, { method: 'POST', headers: { 'content-type': 'application/json' }, body })

    expect((await post()).status).toBe(200)
    await handler.drain()
    for (const received of [backend.received, staging.received]) {
      expect(received).toHaveLength(1)
      expect(received[0]!.body.toString()).toBe(body)
      await verifyForwardSignature({ body: new Uint8Array(received[0]!.body), header: String(received[0]!.headers[FORWARD_SIGNATURE_HEADER]), secret: 'relay-secret' })
    }
    expect(production.received).toHaveLength(0)
    expect(results[0]!.map((result) => [result.target, result.ok, result.skipped])).toEqual([
      [backend.url, true, undefined], ['staging', true, undefined], ['production', true, 'environment'],
    ])

    expect((await post()).status).toBe(200)
    await handler.drain()
    expect(backend.received).toHaveLength(1)
    expect(staging.received).toHaveLength(1)
  })

  it('forwards nothing that fails verification', async () => {
    const { createRelayApp } = await loadExample<RelayModule>('relay/relay.mjs')
    const backend = await target()
    const { app, handler } = createRelayApp({
      config: { bundleId: BUNDLE_ID, environments: ['Sandbox'], targets: [backend.url] },
      rootCertificates: [(await createTestSigner()).rootCertificate],
    })
    const relay = `${await listen(createServer(app))}/apple/notifications`
    const forged = await createNotificationBuilders(await createTestSigner(), { bundleId: BUNDLE_ID }).refund()
    expect((await fetch(relay, { method: 'POST', body: forged.body })).status).toBe(401)
    expect((await fetch(relay, { method: 'POST', body: '{"signedPayload":"not a JWS"}' })).status).toBe(400)
    await handler.drain()
    expect(backend.received).toHaveLength(0)
  })

  it('reads its configuration and explains what is missing', async () => {
    const { parseRelayConfig } = await loadExample<RelayModule>('relay/relay.mjs')
    const example = await import('node:fs').then((fs) => fs.readFileSync(new URL('../../examples/relay/relay.config.example.json', import.meta.url), 'utf8'))
    expect(parseRelayConfig(example)).toMatchObject({ bundleId: 'com.example.app', environments: ['Production', 'Sandbox'], appAppleId: 1234567890 })
    expect(() => parseRelayConfig('{"bundleId":"com.example.app","environments":["Sandbox"],"targets":[]}')).toThrow(/targets/)
    expect(() => parseRelayConfig('{"environments":["Sandbox"],"targets":["https://a.example"]}')).toThrow(/bundleId/)
  })

  it('node examples/relay/main.mjs --local runs the scenario and exits 0', async () => {
    const { code, stdout } = await runNode(['examples/relay/main.mjs', '--local'])
    expect(code).toBe(0)
    expect(stdout).toMatch(/✓ backend got Apple's exact \d+ bytes, with a valid x-asn-signature/)
    expect(stdout).toContain('✓ not forwarded again: every target already has it')
    expect(stdout).not.toContain('✗')
  })

  it('RELAY_CONFIG=… node examples/relay/main.mjs serves with Apple\'s root', async () => {
    const backend = await target()
    const dir = mkdtempSync(join(tmpdir(), 'relay-'))
    writeFileSync(join(dir, 'relay.json'), JSON.stringify({ bundleId: BUNDLE_ID, environments: ['Sandbox'], targets: [backend.url] }))
    const serving = await startServing(['examples/relay/main.mjs'], { RELAY_CONFIG: join(dir, 'relay.json'), PORT: '0' })
    try {
      const signed = await createNotificationBuilders(await createTestSigner(), { bundleId: BUNDLE_ID }).refund()
      expect((await fetch(serving.url, { method: 'POST', body: signed.body })).status).toBe(401)
      expect(backend.received).toHaveLength(0)
    } finally {
      expect(await serving.stop()).toBe(0)
    }
    const missing = await runNode(['examples/relay/main.mjs'], { RELAY_CONFIG: '' })
    expect(missing.code).toBe(2)
  })
})
