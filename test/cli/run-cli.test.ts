// runCli in-process, with a terminal for standard output (the spawned tests run without one).
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAsnHandler } from 'app-store-notifications'
import { createTestSigner, type TestSigner } from 'app-store-notifications/testing'
import type { CliIo } from '../../src/cli/cli-io.js'
import { runCli } from '../../src/cli/run-cli.js'
import { createTestCredentials } from '../core/api/apple-server-mock.js'
import { signHistory } from '../core/recovery/history-fixture.js'
import { listenOnLoopback } from '../helpers/listen.js'
import { BUNDLE_ID } from '../helpers/payloads.js'
import { credentialEnv, serveHistoryOn, startFakeApple, tempDir, type FakeApple } from './cli-harness.js'

let signer: TestSigner
let apple: FakeApple
let env: Record<string, string>
let endpoint: { url: string; close: () => Promise<void> }

beforeAll(async () => {
  const credentials = await createTestCredentials()
  signer = await createTestSigner()
  apple = await startFakeApple(credentials)
  serveHistoryOn(apple, await signHistory(signer, 30, Date.now() - 86_400_000))
  env = credentialEnv(credentials, tempDir(), apple.url)
  const handler = createAsnHandler({ verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] } })
  endpoint = await listenOnLoopback(
    createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        void handler.handle({ method: 'POST', headers: req.headers, body: new Uint8Array(Buffer.concat(chunks)) }).then((answer) => {
          res.writeHead(answer.status, answer.headers).end(answer.body)
        })
      })
    }),
  )
})
afterAll(async () => {
  await endpoint.close()
  await apple.close()
})

function terminalIo(): { io: CliIo; stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  const io: CliIo = {
    stdout: { isTTY: true, columns: 120, write: (text) => stdout.push(text) },
    stderr: { write: (text) => stderr.push(text) },
    readStdin: async () => new Uint8Array(0),
    env,
    fetch: (input, init) => fetch(input, init),
    now: Date.now,
    onInterrupt: () => () => undefined,
  }
  return { io, stdout, stderr }
}

describe('runCli on a terminal', () => {
  it('draws a progress bar during replay, then the summary', async () => {
    const { io, stdout, stderr } = terminalIo()
    const code = await runCli(['replay', '--since', '2d', '--to', endpoint.url], io, '0.0.0')
    expect(stderr).toEqual([])
    expect(code).toBe(0)
    const bars = stdout.filter((text) => text.startsWith('\r['))
    expect(bars.length).toBeGreaterThanOrEqual(30)
    expect(bars.at(-1)).toMatch(/^\r\[█+░*\] +\d+% page 2 · 30 delivered · 0 already processed · 0 failed\u001b\[K$/)
    expect(stdout.join('')).toContain('\n  delivered          30\n')
  })

  it('keeps the bar out of --json output', async () => {
    const { io, stdout } = terminalIo()
    const code = await runCli(['replay', '--since', '2d', '--to', endpoint.url, '--json'], io, '0.0.0')
    expect(code).toBe(0)
    expect(JSON.parse(stdout.join(''))).toMatchObject({ complete: true, processed: 0, alreadyDone: 30 })
  })
})
