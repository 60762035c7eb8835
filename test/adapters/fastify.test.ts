import Fastify from 'fastify'
import Fastify4 from 'fastify4'
import { describe, expect, it } from 'vitest'
import { createAsnHandler } from 'app-store-notifications'
import { fastifyAsnPlugin } from 'app-store-notifications/fastify'
import { createTestSigner } from 'app-store-notifications/testing'
import { BUNDLE_ID, notificationPayload } from '../helpers/payloads.js'
import { defineAdapterSuite, loopbackRequester } from './conformance.js'

type FastifyFactory = typeof Fastify
for (const [version, factory] of [['Fastify 5', Fastify], ['Fastify 4', Fastify4 as unknown as FastifyFactory]] as const) {
  defineAdapterSuite(version, async (handler) => {
    const app = factory()
    await app.register(fastifyAsnPlugin, { handler, path: '/asn' })
    const address = await app.listen({ port: 0, host: '127.0.0.1' })
    return { request: loopbackRequester(`${address}/asn`), close: () => app.close() }
  })
}

describe('Fastify plugin details', () => {
  it('scopes its content-type parser: sibling routes keep normal JSON parsing', async () => {
    const signer = await createTestSigner()
    const handler = createAsnHandler({ verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] } })
    const app = Fastify()
    app.post('/echo', async (request) => ({ parsed: request.body }))
    await app.register(fastifyAsnPlugin, { handler, path: '/asn' })
    const echo = await app.inject({ method: 'POST', url: '/echo', payload: { a: 1 } })
    expect(echo.json()).toEqual({ parsed: { a: 1 } })
    const { body } = await signer.signNotification(notificationPayload())
    const asn = await app.inject({ method: 'POST', url: '/asn', payload: body, headers: { 'content-type': 'application/json' } })
    expect(asn.statusCode).toBe(200)
    await app.close()
  })
})
