// The fake App Store Server API behind msw, driven by the real API client and the real verifier:
// a CONSUMPTION_REQUEST policy tested end to end, as the README suggests.
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createAsnHandler, createNotificationVerifier } from 'app-store-notifications'
import { createAppStoreServerApi } from '../../src/core/api/create-app-store-server-api.js'
import { buildConsumptionRequest } from '../../src/core/consumption/build-consumption-request.js'
import { appStoreServerApiHandlers } from '../../src/testing/app-store-server-api-handlers.js'
import { createNotificationBuilders } from '../../src/testing/create-notification-builders.js'
import { createTestSigner, type TestSigner } from '../../src/testing/create-test-signer.js'
import type { NotificationBuilders } from '../../src/testing/notification-builder-types.js'
import { toRequest } from '../../src/testing/to-request.js'

const BUNDLE_ID = 'com.example.app'
const server = setupServer()
let signer: TestSigner
let notifications: NotificationBuilders
let privateKey: string

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' })
  signer = await createTestSigner()
  notifications = createNotificationBuilders(signer, { bundleId: BUNDLE_ID })
  const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64')
  privateKey = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)!.join('\n')}\n-----END PRIVATE KEY-----\n`
})
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

const verifier = () => createNotificationVerifier({ bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] })
const client = (extra: { baseUrl?: string; environment?: 'Production' | 'Sandbox' } = {}) =>
  createAppStoreServerApi({
    issuerId: '57246542-96fe-1a63-e053-0824d011072a',
    keyId: '2X9R4HXF34',
    privateKey,
    bundleId: BUNDLE_ID,
    environment: 'Sandbox',
    verifier: verifier(),
    retry: false,
    ...extra,
  })

describe('appStoreServerApiHandlers', () => {
  it('records the consumption answer a CONSUMPTION_REQUEST listener sends, end to end', async () => {
    const request = await notifications.consumptionRequest({ reason: 'UNINTENDED_PURCHASE', transaction: { appAccountToken: '7e3fb20b-4cdb-47cc-936d-99d65f608138' } })
    const apple = await appStoreServerApiHandlers({ signer, bundleId: BUNDLE_ID, transactions: [request.transaction!] })
    server.use(...apple.handlers)
    const api = client()
    const handler = createAsnHandler({ verifier: verifier() })
    handler.on('CONSUMPTION_REQUEST', async ({ transaction, data }) => {
      const delivered = data.consumptionRequestReason !== 'FULFILLMENT_ISSUE'
      await api.sendConsumptionInformation(transaction!.transactionId!, buildConsumptionRequest({
        customerConsented: true, deliveryStatus: delivered ? 'DELIVERED' : 'UNDELIVERED_OTHER', sampleContentProvided: false, consumedFraction: 1,
      }))
    })
    const response = await handler.fetch(toRequest(request))
    expect(response.status).toBe(200)
    expect(apple.consumptionRequests).toEqual([{
      transactionId: request.transaction!.transactionId,
      body: { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, consumptionPercentage: 100_000 },
    }])
  })

  it('serves signed transactions and history that the real verifier accepts', async () => {
    const renewals = await Promise.all(Array.from({ length: 24 }, (_, month) =>
      notifications.didRenew({ signedDate: Date.UTC(2024, month, 1) })))
    const transactions = renewals.map((renewal) => renewal.transaction!)
    const consumable = (await notifications.oneTimeCharge()).transaction!
    const apple = await appStoreServerApiHandlers({ signer, transactions: [...transactions, consumable] })
    server.use(...apple.handlers)
    const api = client()

    const info = await api.getTransactionInfo(consumable.transactionId!)
    expect(info.transaction).toEqual(consumable)
    const pages = []
    for await (const page of api.transactionHistoryPages(transactions[3]!.originalTransactionId!, { sort: 'DESCENDING' })) pages.push(page)
    expect(pages.map((page) => page.signedTransactions.length)).toEqual([20, 4])
    const history = pages.flatMap((page) => page.transactions ?? [])
    expect(history.map((transaction) => (transaction as { transactionId?: string }).transactionId))
      .toEqual([...transactions].reverse().map((transaction) => transaction.transactionId))
    expect(pages[0]).toMatchObject({ bundleId: BUNDLE_ID, environment: 'Sandbox', hasMore: true })
  })

  it('answers with Apple\'s error codes: unknown transaction, family sharing, missing consent, missing token', async () => {
    const family = (await notifications.consumptionRequest({ transaction: { inAppOwnershipType: 'FAMILY_SHARED' } })).transaction!
    const apple = await appStoreServerApiHandlers({ signer, transactions: [family] })
    server.use(...apple.handlers)
    const api = client()
    const answer = buildConsumptionRequest({ customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false })
    await expect(api.getTransactionInfo('9999')).rejects.toMatchObject({ code: 'ERR_API_REQUEST_REJECTED', details: { httpStatus: 404, apiErrorCode: 4040010 } })
    await expect(api.sendConsumptionInformation(family.transactionId!, answer)).rejects.toMatchObject({ details: { apiErrorCode: 4000185 } })
    const url = `https://api.storekit-sandbox.apple.com/inApps/v2/transactions/consumption/${family.transactionId}`
    const raw = await fetch(url, { method: 'PUT', body: JSON.stringify({ ...answer, customerConsented: false }) })
    expect(raw.status).toBe(401)
    expect(apple.requests.at(-1)).toMatchObject({ method: 'PUT', status: 401 })
    expect(apple.consumptionRequests).toEqual([])
  })

  it('rejects consent other than true with 4000035 when the token is right', async () => {
    const consumable = (await notifications.consumptionRequest()).transaction!
    const apple = await appStoreServerApiHandlers({ signer, transactions: [consumable], baseUrl: 'https://apple.test' })
    server.use(...apple.handlers)
    const api = client({ baseUrl: 'https://apple.test' })
    const send = (body: object) => api.sendConsumptionInformation(consumable.transactionId!, body as never)
    await expect(send({ customerConsented: true, deliveryStatus: 'LOST', sampleContentProvided: false })).rejects.toMatchObject({ code: 'ERR_CONSUMPTION_INPUT_INVALID' })
    const viaFetch = await fetch(`https://apple.test/inApps/v2/transactions/consumption/${consumable.transactionId}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${fakeToken({ aud: 'appstoreconnect-v1', bid: BUNDLE_ID, iss: 'issuer' })}` },
      body: JSON.stringify({ customerConsented: false, deliveryStatus: 'DELIVERED', sampleContentProvided: false }),
    })
    expect(viaFetch.status).toBe(400)
    expect(await viaFetch.json()).toMatchObject({ errorCode: 4000035 })
    const wrongApp = await fetch(`https://apple.test/inApps/v1/transactions/${consumable.transactionId}`, {
      headers: { authorization: `Bearer ${fakeToken({ aud: 'appstoreconnect-v1', bid: 'com.other', iss: 'issuer' })}` },
    })
    expect(wrongApp.status).toBe(401)
  })

  it('sends a TEST notification that the real handler accepts, and reports its status', async () => {
    const apple = await appStoreServerApiHandlers({ signer })
    server.use(...apple.handlers)
    const api = client()
    const { testNotificationToken } = await api.requestTestNotification()
    const status = await api.getTestNotificationStatus(testNotificationToken)
    expect(status.notification).toMatchObject({ notificationType: 'TEST', data: { bundleId: BUNDLE_ID, environment: 'Sandbox' } })
    expect(status.sendAttempts).toEqual([{ attemptDate: expect.any(Number), sendAttemptResult: 'SUCCESS' }])
    const handler = createAsnHandler({ verifier: verifier() })
    expect((await handler.fetch(toRequest(apple.testNotifications[0]!))).status).toBe(200)
    await expect(api.getTestNotificationStatus('unknown-token')).rejects.toMatchObject({ details: { httpStatus: 404, apiErrorCode: 4040008 } })
  })

  it('pages the notification history and applies its filters', async () => {
    const sent = await Promise.all([
      ...Array.from({ length: 22 }, (_, day) => notifications.didRenew({ signedDate: Date.UTC(2025, 0, day + 1) })),
      notifications.refund({ signedDate: Date.UTC(2025, 1, 1) }),
      notifications.expired('VOLUNTARY', { signedDate: Date.UTC(2025, 1, 2) }),
    ])
    const apple = await appStoreServerApiHandlers({ signer, notifications: sent })
    server.use(...apple.handlers)
    const api = client()
    const all = { startDate: Date.UTC(2024, 11, 1), endDate: Date.UTC(2025, 2, 1) }
    const pages = []
    for await (const page of api.notificationHistoryPages(all)) pages.push(page)
    expect(pages.map((page) => page.notificationHistory.length)).toEqual([20, 4])
    expect(pages.flatMap((page) => page.notificationHistory.map((item) => item.signedPayload))).toEqual(sent.map((n) => n.signedPayload))
    const refunds = await api.getNotificationHistory({ ...all, notificationType: 'REFUND' })
    expect(refunds.notificationHistory.map((item) => (item.notification as { notificationType: string }).notificationType)).toEqual(['REFUND'])
    const february = await api.getNotificationHistory({ startDate: Date.UTC(2025, 1, 2), endDate: Date.UTC(2025, 2, 1) })
    expect(february.notificationHistory).toHaveLength(1)
    const byTransaction = await api.getNotificationHistory({ ...all, transactionId: sent[22]!.transaction!.transactionId! })
    expect(byTransaction.notificationHistory).toHaveLength(1)
    expect((await api.getNotificationHistory({ ...all, onlyFailures: true })).notificationHistory).toEqual([])
    apple.addNotification(await notifications.test({ signedDate: Date.UTC(2025, 1, 3) }))
    expect((await api.getNotificationHistory({ ...all, notificationType: 'TEST' })).notificationHistory).toHaveLength(1)
  })

  it('answers on the host of its environment only', async () => {
    const apple = await appStoreServerApiHandlers({ signer, environment: 'Production', appAppleId: 1234567890 })
    server.use(...apple.handlers)
    const production = client({ environment: 'Production' })
    const { testNotificationToken } = await production.requestTestNotification()
    expect(apple.testNotifications.map((entry) => entry.testNotificationToken)).toEqual([testNotificationToken])
    // msw reports the unhandled Sandbox request and fails it: nothing answers on that host.
    await expect(client().requestTestNotification()).rejects.toMatchObject({ code: 'ERR_API_UNAVAILABLE' })
    expect(apple.requests).toHaveLength(1)
  })
})

function fakeToken(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'ES256', kid: 'X', typ: 'JWT' })}.${part(claims)}.${Buffer.from('sig').toString('base64url')}`
}
