import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAsnHandler, createForwarder } from 'app-store-notifications'
import type { ForwardResult } from 'app-store-notifications'
import { createTestSigner } from 'app-store-notifications/testing'
import type { TestSigner } from 'app-store-notifications/testing'
import { listenOnLoopback } from '../../helpers/listen.js'
import { BUNDLE_ID, notificationPayload } from '../../helpers/payloads.js'

let signer: TestSigner
const closers: Array<() => Promise<void>> = []
beforeAll(async () => {
  signer = await createTestSigner()
})
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
})

/** A real loopback target that records bodies and answers as `respond` says. */
async function target(respond: (request: IncomingMessage, response: ServerResponse, count: number) => void) {
  const bodies: string[] = []
  const server = await listenOnLoopback(createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString())
      respond(request, response, bodies.length)
    })
  }))
  closers.push(server.close)
  return { url: server.url, bodies }
}

describe('forwarding from the handler', () => {
  it('answers Apple before a slow target has finished, and drain() waits for it', async () => {
    const slow = await target((_request, response) => setTimeout(() => response.end(), 400))
    const results: ForwardResult[][] = []
    const handler = createAsnHandler({
      verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] },
      forward: [slow.url],
      onForwarded: (forwarded) => {
        results.push([...forwarded])
      },
    })
    const { body } = await signer.signNotification(notificationPayload())
    const response = await handler.fetch(new Request('http://localhost/', { method: 'POST', body }))
    expect(response.status).toBe(200)
    expect(results).toEqual([]) // the target is still answering when Apple has its answer
    await handler.drain()
    expect(results[0]).toMatchObject([{ ok: true, status: 200, attempts: 1 }])
    expect(slow.bodies).toEqual([body])
  })

  it('forwards only verified notifications, and each one once per target across Apple retries', async () => {
    const healthy = await target((_request, response) => response.end())
    const flaky = await target((_request, response, count) => {
      response.statusCode = count === 1 ? 404 : 200 // not retried within one delivery; the next delivery tries again
      response.end()
    })
    const handler = createAsnHandler({
      verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] },
      forward: createForwarder({ targets: [{ url: healthy.url, id: 'healthy' }, { url: flaky.url, id: 'flaky' }] }),
    }).onAny(() => {
      throw new Error('listener fails: Apple will retry')
    })
    const { body } = await signer.signNotification(notificationPayload())
    const forged = (await (await createTestSigner()).signNotification(notificationPayload())).body

    expect((await handler.fetch(new Request('http://localhost/', { method: 'POST', body: forged }))).status).toBe(401)
    expect((await handler.fetch(new Request('http://localhost/', { method: 'POST', body }))).status).toBe(500)
    await handler.drain()
    expect((await handler.fetch(new Request('http://localhost/', { method: 'POST', body }))).status).toBe(500) // Apple's retry
    await handler.drain()
    expect(healthy.bodies).toEqual([body]) // had it already: not sent again
    expect(flaky.bodies).toEqual([body, body]) // failed the first time: sent again on the retry
  })
})
