import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createNotificationVerifier } from 'app-store-notifications'
import { createOcspResponse, createTestSigner, DEFAULT_OCSP_URLS } from 'app-store-notifications/testing'
import type { OcspResponseOptions, TestSigner } from 'app-store-notifications/testing'
import { BUNDLE_ID, transactionPayload } from '../../helpers/payloads.js'

// msw stands in for Apple's OCSP responders (ocsp.apple.com), unreachable here.
const server = setupServer()
const NOW = Date.parse('2026-11-22T00:00:00Z')
let signer: TestSigner
let requests: string[] = []

type Script = Partial<Omit<OcspResponseOptions, 'chain' | 'request'>> | 'network-error' | 500
function answer(scripts: { leaf?: Script; intermediate?: Script }): void {
  for (const role of ['leaf', 'intermediate'] as const) {
    server.use(
      http.post(DEFAULT_OCSP_URLS[role], async ({ request }) => {
        requests.push(role)
        const script = scripts[role] ?? {}
        if (script === 'network-error') return HttpResponse.error()
        if (script === 500) return new HttpResponse(null, { status: 500 })
        expect(request.headers.get('content-type')).toBe('application/ocsp-request')
        const body = await createOcspResponse({ chain: signer.chain, request: new Uint8Array(await request.arrayBuffer()), status: 'good', now: new Date(NOW), ...script })
        return new HttpResponse(body, { headers: { 'content-type': 'application/ocsp-response' } })
      }),
    )
  }
}

const online = (extra = {}) =>
  createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate], onlineChecks: true, now: () => NOW, ...extra })

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  signer = await createTestSigner()
})
afterEach(() => {
  server.resetHandlers()
  requests = []
})
afterAll(() => server.close())

describe('online checks (OCSP)', () => {
  it('accepts good answers from delegated responders and caches them until nextUpdate', async () => {
    answer({})
    const verifier = online()
    const jws = await signer.sign(transactionPayload())
    await expect(verifier.verifyTransaction(jws)).resolves.toBeDefined()
    expect(requests.sort()).toEqual(['intermediate', 'leaf'])
    await verifier.verifyTransaction(jws)
    expect(requests).toHaveLength(2)
  })

  it('asks again after nextUpdate has passed', async () => {
    const soon = { nextUpdate: new Date(NOW + 1_000) }
    answer({ leaf: soon, intermediate: soon })
    let now = NOW
    const verifier = online({ now: () => now })
    const jws = await signer.sign(transactionPayload())
    await verifier.verifyTransaction(jws)
    now = NOW + 10_000
    answer({ leaf: { now: new Date(now) }, intermediate: { now: new Date(now) } })
    await verifier.verifyTransaction(jws)
    expect(requests).toHaveLength(4)
  })

  it('accepts answers signed by the issuer itself', async () => {
    answer({ leaf: { signer: 'issuer' }, intermediate: { signer: 'issuer', responderId: 'byKey' } })
    await expect(online().verifyTransaction(await signer.sign(transactionPayload()))).resolves.toBeDefined()
  })

  it('rejects a revoked or unknown leaf or intermediate', async () => {
    answer({ leaf: { status: 'revoked' } })
    await expect(online().verifyTransaction(await signer.sign(transactionPayload()))).rejects.toMatchObject({ code: 'ERR_CERT_REVOKED' })
    answer({ intermediate: { status: 'revoked' } })
    await expect(online().verifyTransaction(await signer.sign(transactionPayload()))).rejects.toMatchObject({ code: 'ERR_CERT_REVOKED' })
    answer({ leaf: { status: 'unknown' } })
    await expect(online().verifyTransaction(await signer.sign(transactionPayload()))).rejects.toMatchObject({ code: 'ERR_CERT_REVOKED' })
  })

  it('rejects forged, stale and future-dated answers', async () => {
    const jws = await signer.sign(transactionPayload())
    answer({ leaf: { signer: 'foreign' } })
    await expect(online().verifyTransaction(jws)).rejects.toMatchObject({ code: 'ERR_OCSP_RESPONSE_INVALID' })
    answer({ leaf: { thisUpdate: new Date(NOW - 86_400_000), nextUpdate: new Date(NOW - 3_600_000) } })
    await expect(online().verifyTransaction(jws)).rejects.toMatchObject({ code: 'ERR_OCSP_RESPONSE_INVALID' })
    answer({ leaf: { thisUpdate: new Date(NOW + 3_600_000) } })
    await expect(online().verifyTransaction(jws)).rejects.toMatchObject({ code: 'ERR_OCSP_RESPONSE_INVALID' })
    answer({ leaf: { responseStatus: 'unauthorized' } })
    await expect(online().verifyTransaction(jws)).rejects.toMatchObject({ code: 'ERR_OCSP_RESPONSE_INVALID' })
  })

  it('turns unreachable responders into the retryable ERR_REVOCATION_UNAVAILABLE, never a pass', async () => {
    const jws = await signer.sign(transactionPayload())
    for (const script of ['network-error', 500] as const) {
      answer({ leaf: script })
      const error = await online().verifyTransaction(jws).catch((e: unknown) => e)
      expect(error).toMatchObject({ code: 'ERR_REVOCATION_UNAVAILABLE', retryable: true })
    }
    answer({ leaf: { responseStatus: 'tryLater' } })
    await expect(online().verifyTransaction(jws)).rejects.toMatchObject({ code: 'ERR_REVOCATION_UNAVAILABLE' })
    server.use(http.post(DEFAULT_OCSP_URLS.leaf, async () => new Promise<Response>(() => undefined)))
    const timedOut = await online({ ocspTimeoutMs: 100 }).verifyTransaction(jws).catch((e: unknown) => e)
    expect(timedOut).toMatchObject({ code: 'ERR_REVOCATION_UNAVAILABLE' })
    expect((timedOut as Error).message).toMatch(/ocsp-intermediate could not be reached \(TimeoutError\)/)
  })

  it('judges validity at the current time online, at signedDate offline', async () => {
    answer({})
    const jws = await signer.sign(transactionPayload({ signedDate: Date.parse('2040-01-01') }))
    await expect(online().verifyTransaction(jws)).resolves.toBeDefined() // now = 2026: chain valid
    const offline = createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] })
    await expect(offline.verifyTransaction(jws)).rejects.toMatchObject({ code: 'ERR_CERT_EXPIRED' })
  })
})
