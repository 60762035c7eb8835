// One HTTP conformance suite, run against every adapter and against handler.fetch itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAsnHandler } from 'app-store-notifications'
import type { AsnHandler, AsnHandlerOptions } from 'app-store-notifications'
import { createTestSigner, tamperJws } from 'app-store-notifications/testing'
import type { TestSigner } from 'app-store-notifications/testing'
import { BUNDLE_ID, notificationPayload, transactionPayload } from '../helpers/payloads.js'

/** A mounted adapter: send one request to it. */
export interface MountedAdapter {
  request(init: { method?: string; body?: string | Uint8Array; contentType?: string | null }): Promise<Response>
  close(): Promise<void>
}

export type Mount = (handler: AsnHandler) => Promise<MountedAdapter>

export function defineAdapterSuite(name: string, mount: Mount): void {
  describe(`HTTP conformance: ${name}`, () => {
    let signer: TestSigner
    const mounted: MountedAdapter[] = []
    beforeAll(async () => {
      signer = await createTestSigner()
    })
    afterAll(async () => {
      await Promise.all(mounted.map((adapter) => adapter.close()))
    })

    async function setup(options: Partial<AsnHandlerOptions> = {}) {
      const handler = createAsnHandler({
        verifier: { bundleId: BUNDLE_ID, environment: ['Sandbox', 'Production'], appAppleId: 1234567890, rootCertificates: [signer.rootCertificate] },
        ...options,
      })
      const adapter = await mount(handler)
      mounted.push(adapter)
      const post = (body: string | Uint8Array, contentType: string | null = 'application/json') => adapter.request({ body, contentType })
      return { handler, adapter, post }
    }
    const refundBody = async (overrides: Record<string, unknown> = {}) =>
      (await signer.signNotification(notificationPayload({ notificationType: 'REFUND', ...overrides }, {
        signedTransactionInfo: await signer.signTransaction(transactionPayload({ revocationDate: Date.now(), revocationReason: 0 })),
      }))).body

    it('answers 200 and runs the typed listener once with the decoded transaction', async () => {
      const { handler, post } = await setup()
      const seen: string[] = []
      handler.on('REFUND', (notification) => {
        seen.push(notification.transaction?.productId ?? 'none')
      })
      const response = await post(await refundBody())
      expect(response.status).toBe(200)
      expect(await response.json()).toEqual({ ok: true, outcome: 'processed' })
      expect(seen).toEqual(['gold_pack_500'])
    })

    it('answers 200 to a duplicate delivery without running listeners again', async () => {
      const { handler, post } = await setup()
      let runs = 0
      handler.onAny(() => {
        runs++
      })
      const body = await refundBody()
      expect((await post(body)).status).toBe(200)
      const again = await post(body)
      expect(again.status).toBe(200)
      expect(await again.json()).toEqual({ ok: true, outcome: 'duplicate' })
      expect(runs).toBe(1)
    })

    it('answers 200 to TEST with no listener, and to unrecognised types through onUnrecognized', async () => {
      const { handler, post } = await setup()
      expect((await post((await signer.signNotification(notificationPayload({ notificationType: 'TEST' }))).body)).status).toBe(200)
      const unknown: string[] = []
      handler.onUnrecognized((notification) => {
        unknown.push(notification.notificationType)
      })
      expect((await post((await signer.signNotification(notificationPayload({ notificationType: 'BRAND_NEW_2027' }))).body)).status).toBe(200)
      expect(unknown).toEqual(['BRAND_NEW_2027'])
    })

    it('accepts any content type: the signature, not the header, is what counts', async () => {
      const { post } = await setup()
      for (const type of ['application/json; charset=utf-8', 'text/plain', null]) {
        expect((await post(await refundBody(), type)).status, String(type)).toBe(200)
      }
    })

    it('answers 400 with a short coded body for malformed bodies and JWS', async () => {
      const { post } = await setup()
      const cases: Array<[string, string]> = [
        ['{"signedPayload":', 'ERR_BODY_MALFORMED'],
        ['{"other":1}', 'ERR_BODY_MALFORMED'],
        ['{"signedPayload":"a.b"}', 'ERR_JWS_MALFORMED'],
        ['{"signedPayload":"!!.??.%%"}', 'ERR_JWS_MALFORMED'],
      ]
      for (const [body, code] of cases) {
        const response = await post(body)
        expect(response.status, body).toBe(400)
        const text = await response.text()
        expect(JSON.parse(text), body).toEqual({ ok: false, error: code })
        expect(text).not.toMatch(/at .*\(|\.ts:/)
      }
      const empty = await post('')
      expect(empty.status).toBe(400)
    })

    it('answers 401 for forged chains and altered signatures', async () => {
      const { post } = await setup()
      const forger = await createTestSigner()
      const forged = await post((await forger.signNotification(notificationPayload())).body)
      expect(forged.status).toBe(401)
      expect(await forged.json()).toEqual({ ok: false, error: 'ERR_CHAIN_UNTRUSTED_ROOT' })
      const signedPayload = tamperJws(await signer.sign(notificationPayload()), 'payload')
      expect((await post(JSON.stringify({ signedPayload }))).status).toBe(401)
    })

    it('answers 403 for another app or an environment not accepted', async () => {
      const { post } = await setup()
      expect((await post((await signer.signNotification(notificationPayload({}, { bundleId: 'com.other' }))).body)).status).toBe(403)
      expect((await post((await signer.signNotification(notificationPayload({}, { environment: 'Production', appAppleId: 1 }))).body)).status).toBe(403)
    })

    it('answers 405 with Allow: POST to other methods', async () => {
      const { adapter } = await setup()
      const response = await adapter.request({ method: 'GET' })
      expect(response.status).toBe(405)
      expect(response.headers.get('allow')).toBe('POST')
    })

    it('answers 413 to a body over maxBodyBytes', async () => {
      const { post } = await setup({ maxBodyBytes: 4096 })
      const response = await post(JSON.stringify({ signedPayload: 'a'.repeat(20_000) }))
      expect(response.status).toBe(413)
      expect(await response.json()).toEqual({ ok: false, error: 'ERR_BODY_TOO_LARGE' })
    })

    it('answers 500 when a listener throws, runs it again on the retry, then treats it as done', async () => {
      const { handler, post } = await setup()
      let calls = 0
      handler.on(['REFUND', 'ONE_TIME_CHARGE'], () => {
        calls++
        if (calls === 1) throw new Error('database down')
      })
      const body = await refundBody()
      const failed = await post(body)
      expect(failed.status).toBe(500)
      expect(await failed.json()).toEqual({ ok: false, error: 'ERR_HANDLER_FAILED' })
      expect((await post(body)).status).toBe(200)
      expect((await post(body)).status).toBe(200)
      expect(calls).toBe(2)
    })

    it('answers 503 when revocation cannot be checked, so Apple retries', async () => {
      const handler = createAsnHandler({
        verifier: {
          bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate], onlineChecks: true,
          fetch: () => Promise.reject(new TypeError('fetch failed')),
        },
      })
      const adapter = await mount(handler)
      mounted.push(adapter)
      const response = await adapter.request({ body: await refundBody(), contentType: 'application/json' })
      expect(response.status).toBe(503)
      expect(await response.json()).toEqual({ ok: false, error: 'ERR_REVOCATION_UNAVAILABLE' })
    })
  })
}

/** Sends requests to a server listening on a loopback URL. */
export function loopbackRequester(url: string): MountedAdapter['request'] {
  return ({ method = 'POST', body, contentType = 'application/json' }) =>
    fetch(url, {
      method,
      ...(body === undefined ? {} : { body: body as BodyInit }),
      headers: contentType === null ? {} : { 'content-type': contentType },
    })
}
