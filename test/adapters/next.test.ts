import { createServer } from 'node:http'
import { describe, expect, it } from 'vitest'
import { createAsnHandler } from 'app-store-notifications'
import { createNextPagesApiHandler, createNextRouteHandler } from 'app-store-notifications/next'
import { createTestSigner } from 'app-store-notifications/testing'
import { listenOnLoopback } from '../helpers/listen.js'
import { BUNDLE_ID, notificationPayload } from '../helpers/payloads.js'
import { defineAdapterSuite, loopbackRequester } from './conformance.js'

// App Router: the exported POST is called with real Request objects, as Next does.
defineAdapterSuite('Next.js App Router route handler', async (handler) => {
  const { POST } = createNextRouteHandler(handler)
  return {
    request: async ({ method = 'POST', body, contentType = 'application/json' }) => {
      // Next answers 405 itself for methods a route does not export; only POST reaches the handler.
      if (method !== 'POST') return new Response(null, { status: 405, headers: { allow: 'POST' } })
      return POST(new Request('http://localhost/api/apple/notifications', {
        method, ...(body === undefined ? {} : { body: body as BodyInit }), headers: contentType === null ? {} : { 'content-type': contentType },
      }))
    },
    close: async () => undefined,
  }
})

defineAdapterSuite('Next.js Pages Router API route (bodyParser: false)', async (handler) => {
  const route = createNextPagesApiHandler(handler)
  const server = await listenOnLoopback(createServer((req, res) => void route(req, res)))
  return { request: loopbackRequester(server.url), close: server.close }
})

describe('Next.js adapter details', () => {
  it('works behind the Pages Router default body parser (a parsed object arrives)', async () => {
    const signer = await createTestSigner()
    const handler = createAsnHandler({ verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] } })
    const seen: string[] = []
    handler.onAny((notification) => {
      seen.push(notification.notificationType)
    })
    const route = createNextPagesApiHandler(handler)
    // Next's default parser has already consumed the stream and set req.body to the parsed JSON.
    const server = await listenOnLoopback(createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => void route(Object.assign(req, { body: JSON.parse(Buffer.concat(chunks).toString()) }), res))
    }))
    const { body } = await signer.signNotification(notificationPayload())
    const response = await fetch(server.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
    expect(response.status).toBe(200)
    expect(seen).toEqual(['ONE_TIME_CHARGE'])
    await server.close()
  })

  it('hands background work to after() when given', async () => {
    const signer = await createTestSigner()
    const target = await listenOnLoopback(createServer((_req, res) => res.end()))
    const handler = createAsnHandler({ verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] }, forward: [target.url] })
    const scheduled: Array<() => unknown> = []
    const { POST } = createNextRouteHandler(handler, { after: (task) => scheduled.push(task) })
    const { body } = await signer.signNotification(notificationPayload())
    expect((await POST(new Request('http://localhost/api', { method: 'POST', body }))).status).toBe(200)
    expect(scheduled).toHaveLength(1)
    await scheduled[0]!()
    await target.close()
  })
})
