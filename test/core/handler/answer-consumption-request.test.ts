import { createServer } from 'node:http'
import express from 'express'
import { HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAppStoreServerApi, createAsnHandler } from 'app-store-notifications'
import type { AsnHandlerOptions, ConsumptionPolicy, ConsumptionRequestInfo } from 'app-store-notifications'
import { createExpressMiddleware } from 'app-store-notifications/express'
import { createTestSigner } from 'app-store-notifications/testing'
import type { TestSigner } from 'app-store-notifications/testing'
import { listenOnLoopback } from '../../helpers/listen.js'
import { BUNDLE_ID, notificationPayload, transactionPayload } from '../../helpers/payloads.js'
import { createAppleMock, createTestCredentials, SANDBOX } from '../api/apple-server-mock.js'
import type { AppleMock, TestCredentials } from '../api/apple-server-mock.js'

// msw stands in for Apple's App Store Server API; loopback requests (our own servers) pass through.
const server = setupServer()
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])
const CONSUMPTION_PATH = '/inApps/v2/transactions/consumption/:transactionId'
let signer: TestSigner
let credentials: TestCredentials
let apple: AppleMock

beforeAll(async () => {
  server.listen({ onUnhandledRequest: (request, print) => (LOOPBACK.has(new URL(request.url).hostname) ? undefined : print.error()) })
  signer = await createTestSigner()
  credentials = await createTestCredentials()
})
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function makeHandler(policy: ConsumptionPolicy, extra: Partial<AsnHandlerOptions> = {}) {
  apple = createAppleMock(server, credentials, { host: SANDBOX })
  const api = createAppStoreServerApi({ ...credentials, environment: 'Sandbox', retry: { maxAttempts: 1 } })
  const errors: Array<{ code: string; apiErrorCode?: number | undefined }> = []
  const handler = createAsnHandler({
    verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] },
    api,
    onError: (error) => errors.push({ code: error.code, apiErrorCode: error.details.apiErrorCode }),
    ...extra,
  }).onConsumptionRequest(policy)
  return { handler, errors }
}

async function consumptionRequest(transactionId = '2000000999000001') {
  const signedTransactionInfo = await signer.signTransaction(transactionPayload({ transactionId, type: 'Consumable' }))
  return (await signer.signNotification(notificationPayload({ notificationType: 'CONSUMPTION_REQUEST' }, { signedTransactionInfo, consumptionRequestReason: 'UNINTENDED_PURCHASE' }))).body
}

const post = (handler: ReturnType<typeof makeHandler>['handler'], body: string) => handler.fetch(new Request('http://localhost/', { method: 'POST', body }))
const delivered: ConsumptionPolicy = () => ({ customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, consumedFraction: 0.5, refundPreference: 'DECLINE' })

describe('handler.onConsumptionRequest', () => {
  it('end to end through Express: exactly one correct PUT, despite a duplicate delivery and a re-send under a new UUID', async () => {
    const calls: ConsumptionRequestInfo[] = []
    const { handler, errors } = makeHandler((notification, info) => {
      calls.push(info)
      expect(notification.notificationType).toBe('CONSUMPTION_REQUEST')
      return delivered(notification, info)
    })
    apple.on('put', CONSUMPTION_PATH, () => new HttpResponse(null, { status: 202 }))
    const app = express().post('/asn', express.json(), createExpressMiddleware(handler))
    const http = await listenOnLoopback(createServer(app))
    const send = (body: string) => fetch(`${http.url}/asn`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
    const first = await consumptionRequest()
    expect((await send(first)).status).toBe(200)
    expect((await send(first)).status).toBe(200) // Apple's retry: same UUID
    expect((await send(await consumptionRequest())).status).toBe(200) // Apple's re-send: new UUID, same transaction
    await http.close()

    expect(apple.jwtProblems).toEqual([])
    expect(apple.requests).toHaveLength(1)
    expect(apple.requests[0]!.method).toBe('PUT')
    expect(apple.requests[0]!.url.pathname).toBe('/inApps/v2/transactions/consumption/2000000999000001')
    expect(apple.requests[0]!.body).toEqual({ customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, consumptionPercentage: 50000, refundPreference: 'DECLINE' })
    expect(calls).toHaveLength(1)
    expect(calls[0]!.reason).toBe('UNINTENDED_PURCHASE')
    expect(calls[0]!.transaction.appAccountToken).toBe('7f1f2a4e-6d0b-4f1e-9c7a-3b2d1e0f9a8b')
    expect(calls[0]!.respondBy.getTime() - calls[0]!.receivedAt.getTime()).toBe(12 * 3600 * 1000)
    expect(errors).toEqual([])
  })

  it('sends nothing when the policy returns null or says there is no consent', async () => {
    const { handler } = makeHandler(() => null)
    apple.on('put', CONSUMPTION_PATH, () => new HttpResponse(null, { status: 202 }))
    expect((await post(handler, await consumptionRequest())).status).toBe(200)
    const noConsent = makeHandler(() => ({ customerConsented: false, deliveryStatus: 'DELIVERED', sampleContentProvided: false }))
    apple.on('put', CONSUMPTION_PATH, () => new HttpResponse(null, { status: 202 }))
    expect((await post(noConsent.handler, await consumptionRequest())).status).toBe(200)
    expect(noConsent.errors.map((error) => error.code)).toEqual(['ERR_CONSUMPTION_NO_CONSENT'])
    expect(apple.requests).toHaveLength(0)
  })

  it('answers 500 when the policy breaks Apple\'s rules, so a fixed deploy gets the retry', async () => {
    const { handler } = makeHandler(() => ({ customerConsented: true, deliveryStatus: 'UNDELIVERED_OTHER', sampleContentProvided: false, consumedFraction: 0.3 }))
    apple.on('put', CONSUMPTION_PATH, () => new HttpResponse(null, { status: 202 }))
    const response = await post(handler, await consumptionRequest())
    expect(response.status).toBe(500)
    expect(await response.json()).toEqual({ ok: false, error: 'ERR_CONSUMPTION_UNDELIVERED_NONZERO' })
    expect(apple.requests).toHaveLength(0)
  })

  it('answers 503 when Apple fails with a retryable error, and sends again on the redelivery', async () => {
    const { handler } = makeHandler(delivered)
    let status = 500
    apple.on('put', CONSUMPTION_PATH, () => new HttpResponse(status === 500 ? JSON.stringify({ errorCode: 5000000, errorMessage: 'An unknown error occurred.' }) : null, { status }))
    const body = await consumptionRequest()
    expect((await post(handler, body)).status).toBe(503)
    status = 202
    expect((await post(handler, body)).status).toBe(200)
    expect((await post(handler, await consumptionRequest())).status).toBe(200)
    expect(apple.requests).toHaveLength(2)
  })

  it('reports Apple\'s non-retryable 4xx with its error code and does not retry it forever', async () => {
    const { handler, errors } = makeHandler(delivered)
    apple.on('put', CONSUMPTION_PATH, () => HttpResponse.json({ errorCode: 4000036, errorMessage: 'Invalid request. The delivery status field is invalid.' }, { status: 400 }))
    expect((await post(handler, await consumptionRequest())).status).toBe(200)
    expect((await post(handler, await consumptionRequest())).status).toBe(200)
    expect(apple.requests).toHaveLength(1)
    expect(errors).toEqual([{ code: 'ERR_API_REQUEST_REJECTED', apiErrorCode: 4000036 }])
  })

  it('answers 503 when Apple is slower than the budget, and finishes the answer in the background', async () => {
    const { handler } = makeHandler(delivered, { consumptionBudgetMs: 50 })
    apple.on('put', CONSUMPTION_PATH, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300))
      return new HttpResponse(null, { status: 202 })
    })
    const body = await consumptionRequest()
    const slow = await post(handler, body)
    expect(slow.status).toBe(503)
    expect(await slow.json()).toEqual({ ok: false, error: 'ERR_API_TIMEOUT' })
    await handler.drain()
    expect((await post(handler, body)).status).toBe(200)
    expect(apple.requests).toHaveLength(1)
  })

  it('requires an API client', () => {
    const handler = createAsnHandler({ verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] } })
    expect(() => handler.onConsumptionRequest(() => null)).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }))
  })
})
