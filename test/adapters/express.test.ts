import { createServer } from 'node:http'
import express from 'express'
import express4 from 'express4'
import { describe, expect, it } from 'vitest'
import { createAsnHandler } from 'app-store-notifications'
import { createExpressMiddleware } from 'app-store-notifications/express'
import { createTestSigner } from 'app-store-notifications/testing'
import { listenOnLoopback } from '../helpers/listen.js'
import { BUNDLE_ID, notificationPayload } from '../helpers/payloads.js'
import { defineAdapterSuite, loopbackRequester } from './conformance.js'
import type { Mount } from './conformance.js'

type ExpressFactory = typeof express
const versions: Array<[string, ExpressFactory]> = [['Express 5', express], ['Express 4', express4 as unknown as ExpressFactory]]

for (const [version, factory] of versions) {
  const parsers: Array<[string, () => express.RequestHandler | undefined]> = [
    ['no body parser', () => undefined],
    ['express.json()', () => factory.json()],
    ['express.raw()', () => factory.raw({ type: '*/*' })],
    ['express.text()', () => factory.text({ type: '*/*' })],
  ]
  for (const [parserName, parser] of parsers) {
    const mount: Mount = async (handler) => {
      const app = factory()
      const before = parser()
      if (before === undefined) app.post('/asn', createExpressMiddleware(handler))
      else app.post('/asn', before, createExpressMiddleware(handler))
      app.get('/asn', createExpressMiddleware(handler))
      const server = await listenOnLoopback(createServer(app))
      return { request: loopbackRequester(`${server.url}/asn`), close: server.close }
    }
    defineAdapterSuite(`${version}, ${parserName}`, mount)
  }
}

describe('Express adapter details', () => {
  it('keeps the original bytes for forwarding when express.raw() ran first', async () => {
    const signer = await createTestSigner()
    const received: Buffer[] = []
    const target = await listenOnLoopback(createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (chunk: Buffer) => chunks.push(chunk))
      req.on('end', () => {
        received.push(Buffer.concat(chunks))
        res.end()
      })
    }))
    const handler = createAsnHandler({
      verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] },
      forward: [target.url],
    })
    const app = express().post('/asn', express.raw({ type: '*/*' }), createExpressMiddleware(handler))
    const server = await listenOnLoopback(createServer(app))
    const { signedPayload } = await signer.signNotification(notificationPayload())
    const body = `{ "signedPayload" :\t"${signedPayload}" }\n` // unusual spacing: re-serialisation would show
    expect((await fetch(`${server.url}/asn`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status).toBe(200)
    await handler.drain()
    expect(received.map((bytes) => bytes.toString())).toEqual([body])
    await server.close()
    await target.close()
  })

  it('answers 400 instead of hanging when an earlier middleware consumed the stream without setting a body', async () => {
    const signer = await createTestSigner()
    const handler = createAsnHandler({ verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] } })
    const consume: express.RequestHandler = (req, _res, next) => {
      req.on('data', () => undefined)
      req.on('end', () => next())
    }
    const app = express().post('/asn', consume, createExpressMiddleware(handler))
    const server = await listenOnLoopback(createServer(app))
    const response = await fetch(`${server.url}/asn`, { method: 'POST', body: '{"signedPayload":"x"}', headers: { 'content-type': 'application/json' }, signal: AbortSignal.timeout(5_000) })
    expect(response.status).toBe(400)
    await server.close()
  })
})
