import { HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AppStoreServerApiOptions } from '../../../src/core/api/api-types.js'
import { createAppStoreServerApi } from '../../../src/core/api/create-app-store-server-api.js'
import { buildConsumptionRequest } from '../../../src/core/consumption/build-consumption-request.js'
import { buildConsumptionRequestV1 } from '../../../src/core/consumption/build-consumption-request-v1.js'
import type { ConsumptionRequest } from '../../../src/core/consumption/consumption-rules.js'
import { createAppleMock, PRODUCTION, useAppleApi, type AppleMock, type TestCredentials } from './apple-server-mock.js'
import { createSignedFixtures, type SignedFixtures } from './signed-fixtures.js'

const server = setupServer()
let credentials: TestCredentials
let signed: SignedFixtures
let apple: AppleMock

const mock = useAppleApi(server)
beforeAll(async () => {
  credentials = mock.credentials
  signed = await createSignedFixtures(credentials.bundleId)
})
beforeEach(() => {
  apple = mock.apple
})

const options = (extra: Partial<AppStoreServerApiOptions> = {}): AppStoreServerApiOptions => mock.options({ ...extra })
/** A client that verifies signed data with the real verifier (Sandbox, trusting the test root). */
const decodingApi = () => createAppStoreServerApi({ ...options(), verifier: signed.verifier })

describe('sendConsumptionInformation', () => {
  it('PUTs the exact V2 body to the v2 path and resolves on 202', async () => {
    apple.on('put', '/inApps/v2/transactions/consumption/:id', () => new HttpResponse(null, { status: 202 }))
    const body = buildConsumptionRequest({
      customerConsented: true,
      deliveryStatus: 'DELIVERED',
      sampleContentProvided: true,
      consumedPercent: 67.932,
      refundPreference: 'GRANT_PRORATED',
      productType: 'Consumable',
    })
    await expect(createAppStoreServerApi(options()).sendConsumptionInformation('2000000123456789', body)).resolves.toBeUndefined()
    expect(apple.requests).toHaveLength(1)
    const [request] = apple.requests
    expect(request?.method).toBe('PUT')
    expect(request?.url.pathname).toBe('/inApps/v2/transactions/consumption/2000000123456789')
    expect(request?.body).toEqual({
      customerConsented: true,
      deliveryStatus: 'DELIVERED',
      sampleContentProvided: true,
      refundPreference: 'GRANT_PRORATED',
      consumptionPercentage: 67932,
    })
  })

  it('never sends a body without consent, even one built by hand', async () => {
    const api = createAppStoreServerApi(options())
    const body = { customerConsented: false, deliveryStatus: 'DELIVERED', sampleContentProvided: false } as unknown
    await expect(api.sendConsumptionInformation('1', body as ConsumptionRequest)).rejects.toMatchObject({
      code: 'ERR_CONSUMPTION_NO_CONSENT',
    })
    const undelivered = { customerConsented: true, deliveryStatus: 'UNDELIVERED_OTHER', sampleContentProvided: false, consumptionPercentage: 5 }
    await expect(api.sendConsumptionInformation('1', undelivered as ConsumptionRequest)).rejects.toMatchObject({
      code: 'ERR_CONSUMPTION_UNDELIVERED_NONZERO',
    })
    expect(apple.requests).toEqual([])
  })

  it('sends the V1 body to the v1 path only through its own method', async () => {
    apple.on('put', '/inApps/v1/transactions/consumption/:id', () => new HttpResponse(null, { status: 202 }))
    const body = buildConsumptionRequestV1({ customerConsented: true, sampleContentProvided: false, deliveryStatus: 'DELIVERED' })
    await createAppStoreServerApi(options()).sendConsumptionInformationV1('42', body)
    expect(apple.requests[0]?.url.pathname).toBe('/inApps/v1/transactions/consumption/42')
    expect(apple.requests[0]?.body).toEqual(body)
  })

  it('uses the Production host for the Production environment', async () => {
    const production = createAppleMock(server, credentials, { host: PRODUCTION })
    production.on('put', '/inApps/v2/transactions/consumption/:id', () => new HttpResponse(null, { status: 202 }))
    const body = buildConsumptionRequest({ customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false })
    await createAppStoreServerApi(options({ environment: 'Production' })).sendConsumptionInformation('7', body)
    expect(production.requests[0]?.url.origin).toBe(PRODUCTION)
    expect(production.jwtProblems).toEqual([])
    expect(apple.requests).toEqual([])
  })
})

describe('transactions', () => {
  it('getTransactionInfo returns the body as Apple sent it without a verifier, unknown fields kept', async () => {
    const jws = await signed.transaction()
    apple.on('get', '/inApps/v1/transactions/:id', () => HttpResponse.json({ signedTransactionInfo: jws, fieldAddedLater: 1 }))
    const response = await createAppStoreServerApi(options()).getTransactionInfo('99')
    expect(response).toEqual({ signedTransactionInfo: jws, fieldAddedLater: 1 })
    expect(apple.requests[0]?.url.pathname).toBe('/inApps/v1/transactions/99')
  })

  it('getTransactionInfo adds the verified transaction beside the signed one with a verifier', async () => {
    const jws = await signed.transaction({ transactionId: '99' })
    apple.on('get', '/inApps/v1/transactions/:id', () => HttpResponse.json({ signedTransactionInfo: jws }))
    const response = await decodingApi().getTransactionInfo('99')
    expect(response.signedTransactionInfo).toBe(jws)
    expect(response.transaction).toMatchObject({ transactionId: '99', bundleId: credentials.bundleId, environment: 'Sandbox', price: 990 })
  })

  it('fails with the verifier’s code when signed data does not verify', async () => {
    const jws = await signed.transaction()
    const tampered = `${jws.slice(0, jws.lastIndexOf('.'))}.${'A'.repeat(86)}`
    const foreign = await (await createSignedFixtures(credentials.bundleId)).transaction()
    const otherApp = await signed.transaction({ bundleId: 'com.example.other' })
    const bodies: Record<string, string> = { tampered, foreign, otherApp }
    apple.on('get', '/inApps/v1/transactions/:id', ({ params }) =>
      HttpResponse.json({ signedTransactionInfo: bodies[String(params['id'])] }),
    )
    const api = decodingApi()
    await expect(api.getTransactionInfo('tampered')).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' })
    await expect(api.getTransactionInfo('foreign')).rejects.toMatchObject({ code: 'ERR_CHAIN_UNTRUSTED_ROOT' })
    await expect(api.getTransactionInfo('otherApp')).rejects.toMatchObject({ code: 'ERR_BUNDLE_ID_MISMATCH' })
  })

  it('getTransactionHistory sends every filter, repeating array ones, and decodes each transaction', async () => {
    const list = [await signed.transaction({ transactionId: '1' }), await signed.transaction({ transactionId: '2' })]
    apple.on('get', '/inApps/v2/history/:id', () =>
      HttpResponse.json({ revision: 'r2', hasMore: false, bundleId: credentials.bundleId, environment: 'Sandbox', signedTransactions: list }),
    )
    const page = await decodingApi().getTransactionHistory('1000', {
      revision: 'r1',
      startDate: 1_700_000_000_000,
      endDate: 1_800_000_000_000,
      productId: ['coins.100', 'coins.500'],
      productType: ['CONSUMABLE', 'AUTO_RENEWABLE'],
      sort: 'DESCENDING',
      subscriptionGroupIdentifier: ['g1', 'g2'],
      inAppOwnershipType: 'PURCHASED',
      revoked: false,
    })
    const url = apple.requests[0]?.url
    expect(url?.pathname).toBe('/inApps/v2/history/1000')
    expect(url?.searchParams.get('revision')).toBe('r1')
    expect(url?.searchParams.get('startDate')).toBe('1700000000000')
    expect(url?.searchParams.get('endDate')).toBe('1800000000000')
    expect(url?.searchParams.getAll('productId')).toEqual(['coins.100', 'coins.500'])
    expect(url?.searchParams.getAll('productType')).toEqual(['CONSUMABLE', 'AUTO_RENEWABLE'])
    expect(url?.searchParams.get('sort')).toBe('DESCENDING')
    expect(url?.searchParams.getAll('subscriptionGroupIdentifier')).toEqual(['g1', 'g2'])
    expect(url?.searchParams.get('inAppOwnershipType')).toBe('PURCHASED')
    expect(url?.searchParams.get('revoked')).toBe('false')
    expect(page.signedTransactions).toEqual(list)
    expect(page.transactions.map((transaction) => transaction.transactionId)).toEqual(['1', '2'])
  })

  it('transactionHistoryPages follows revision while hasMore', async () => {
    apple.on('get', '/inApps/v2/history/:id', ({ request }) => {
      const revision = new URL(request.url).searchParams.get('revision')
      const next = revision === null ? 'a' : 'b'
      return HttpResponse.json({ revision: next, hasMore: revision === null, bundleId: 'b', environment: 'Sandbox', signedTransactions: [] })
    })
    const pages = []
    for await (const page of createAppStoreServerApi(options()).transactionHistoryPages('5', { sort: 'ASCENDING' })) pages.push(page)
    expect(pages.map((page) => page.revision)).toEqual(['a', 'b'])
    expect(apple.requests.map((request) => request.url.search)).toEqual(['?sort=ASCENDING', '?revision=a&sort=ASCENDING'])
  })

  it('getAllSubscriptionStatuses filters by status and decodes transaction and renewal info', async () => {
    const transaction = await signed.transaction({ type: 'Auto-Renewable Subscription', productId: 'plus.monthly' })
    const renewal = await signed.renewalInfo()
    apple.on('get', '/inApps/v1/subscriptions/:id', () =>
      HttpResponse.json({
        environment: 'Sandbox',
        bundleId: credentials.bundleId,
        data: [
          {
            subscriptionGroupIdentifier: 'g',
            lastTransactions: [{ status: 1, originalTransactionId: '1', signedTransactionInfo: transaction, signedRenewalInfo: renewal }],
          },
        ],
      }),
    )
    const response = await decodingApi().getAllSubscriptionStatuses('1', { status: [1, 4] })
    expect(apple.requests[0]?.url.pathname).toBe('/inApps/v1/subscriptions/1')
    expect(apple.requests[0]?.url.searchParams.getAll('status')).toEqual(['1', '4'])
    expect(response.data[0]?.lastTransactions[0]).toMatchObject({
      signedTransactionInfo: transaction,
      transaction: { productId: 'plus.monthly', type: 'Auto-Renewable Subscription' },
      renewalInfo: { autoRenewProductId: 'plus.monthly', autoRenewStatus: 1 },
    })
  })

  it('getRefundHistory pages by revision on the v2 path', async () => {
    apple.on('get', '/inApps/v2/refund/lookup/:id', () => HttpResponse.json({ signedTransactions: [], revision: 'x', hasMore: false }))
    const api = createAppStoreServerApi(options())
    await api.getRefundHistory('8')
    await api.getRefundHistory('8', { revision: 'x' })
    expect(apple.requests.map((request) => request.url.pathname + request.url.search)).toEqual([
      '/inApps/v2/refund/lookup/8',
      '/inApps/v2/refund/lookup/8?revision=x',
    ])
  })

  it('getRefundHistory decodes the refunded transactions', async () => {
    const refunded = await signed.transaction({ transactionId: '31', revocationDate: Date.now(), revocationReason: 0 })
    apple.on('get', '/inApps/v2/refund/lookup/:id', () => HttpResponse.json({ signedTransactions: [refunded], revision: 'x', hasMore: false }))
    const page = await decodingApi().getRefundHistory('31')
    expect(page.transactions).toEqual([expect.objectContaining({ transactionId: '31', revocationReason: 0 })])
  })

  it('lookUpOrderId and getAppTransactionInfo use their paths and decode', async () => {
    const order = await signed.transaction({ transactionId: '501' })
    const app = await signed.appTransaction({ applicationVersion: '7.1' })
    apple.on('get', '/inApps/v1/lookup/:orderId', () => HttpResponse.json({ status: 0, signedTransactions: [order] }))
    apple.on('get', '/inApps/v1/transactions/appTransactions/:id', () => HttpResponse.json({ signedAppTransactionInfo: app }))
    const api = decodingApi()
    expect(await api.lookUpOrderId('MK5TTTVWJH')).toMatchObject({ status: 0, transactions: [{ transactionId: '501' }] })
    expect(await api.getAppTransactionInfo('77')).toMatchObject({ appTransaction: { applicationVersion: '7.1', receiptType: 'Sandbox' } })
    expect(apple.requests.map((request) => request.url.pathname)).toEqual([
      '/inApps/v1/lookup/MK5TTTVWJH',
      '/inApps/v1/transactions/appTransactions/77',
    ])
  })

  it('lookUpOrderId accepts an invalid order without transactions', async () => {
    apple.on('get', '/inApps/v1/lookup/:orderId', () => HttpResponse.json({ status: 1 }))
    expect(await decodingApi().lookUpOrderId('NOPE')).toEqual({ status: 1 })
  })

  it('setAppAccountToken PUTs the UUID and rejects a non-UUID before sending', async () => {
    apple.on('put', '/inApps/v1/transactions/:id/appAccountToken', () => new HttpResponse(null, { status: 200 }))
    const api = createAppStoreServerApi(options())
    const token = '7e3fb20b-4cdb-47cc-936d-99d65f608138'
    await api.setAppAccountToken('1000', token)
    expect(apple.requests[0]?.method).toBe('PUT')
    expect(apple.requests[0]?.url.pathname).toBe('/inApps/v1/transactions/1000/appAccountToken')
    expect(apple.requests[0]?.body).toEqual({ appAccountToken: token })
    await expect(api.setAppAccountToken('1000', 'user-42')).rejects.toMatchObject({ code: 'ERR_API_INPUT_INVALID' })
    expect(apple.requests).toHaveLength(1)
  })

  it('encodes ids into the path and rejects empty ones', async () => {
    apple.on('get', '/inApps/v1/transactions/:id', () => HttpResponse.json({ signedTransactionInfo: 'a.b.c' }))
    const api = createAppStoreServerApi(options())
    await api.getTransactionInfo('a/b?c')
    expect(apple.requests[0]?.url.pathname).toBe('/inApps/v1/transactions/a%2Fb%3Fc')
    await expect(api.getTransactionInfo('')).rejects.toMatchObject({ code: 'ERR_API_INPUT_INVALID' })
  })

  it('rejects a 2xx body that is not the expected JSON', async () => {
    apple.on('get', '/inApps/v1/transactions/:id', ({ params }) =>
      params['id'] === 'html' ? new HttpResponse('<html>', { status: 200 }) : HttpResponse.json({ unexpected: true }),
    )
    const api = createAppStoreServerApi(options())
    await expect(api.getTransactionInfo('html')).rejects.toMatchObject({ code: 'ERR_API_RESPONSE_INVALID' })
    await expect(api.getTransactionInfo('other')).rejects.toMatchObject({ code: 'ERR_API_RESPONSE_INVALID' })
    expect(apple.requests).toHaveLength(2)
  })

  it('checks every 2xx body against its model, nested fields included, with or without a verifier', async () => {
    apple.on('get', '/inApps/v2/history/:id', () => HttpResponse.json({ revision: 'r', hasMore: false, signedTransactions: ['a.b.c', 42] }))
    apple.on('get', '/inApps/v1/subscriptions/:id', () =>
      HttpResponse.json({ data: [{ subscriptionGroupIdentifier: 'g', lastTransactions: [{ status: 1, originalTransactionId: '1' }] }] }),
    )
    apple.on('get', '/inApps/v1/lookup/:orderId', () => HttpResponse.json({ status: '0' }))
    apple.on('post', '/inApps/v1/notifications/test', () => HttpResponse.json({ token: 'renamed' }))
    for (const api of [createAppStoreServerApi(options()), decodingApi()]) {
      await expect(api.getTransactionHistory('1')).rejects.toMatchObject({ code: 'ERR_API_RESPONSE_INVALID' })
      await expect(api.getAllSubscriptionStatuses('1')).rejects.toMatchObject({ code: 'ERR_API_RESPONSE_INVALID' })
      await expect(api.lookUpOrderId('X')).rejects.toMatchObject({ code: 'ERR_API_RESPONSE_INVALID' })
      await expect(api.requestTestNotification()).rejects.toMatchObject({ code: 'ERR_API_RESPONSE_INVALID' })
    }
  })
})

describe('notification history', () => {
  const range = { startDate: 1_767_225_600_000, endDate: 1_767_312_000_000 }

  it('POSTs the request body and pages with paginationToken, decoding every signedPayload', async () => {
    const purchase = await signed.transaction({ transactionId: '700' })
    const payloads = [
      await signed.notification({
        notificationType: 'SUBSCRIBED',
        subtype: 'INITIAL_BUY',
        notificationUUID: 'u1',
        data: { bundleId: credentials.bundleId, environment: 'Sandbox', signedTransactionInfo: purchase },
      }),
      await signed.notification({ notificationUUID: 'u2' }),
    ]
    apple.on('post', '/inApps/v1/notifications/history', ({ request }) => {
      const token = new URL(request.url).searchParams.get('paginationToken')
      const item = { signedPayload: token === null ? payloads[0] : payloads[1], sendAttempts: [{ attemptDate: 1, sendAttemptResult: 'SUCCESS' }] }
      return HttpResponse.json({ notificationHistory: [item], hasMore: token === null, ...(token === null ? { paginationToken: 'p2' } : {}) })
    })
    const request = { ...range, notificationType: 'SUBSCRIBED', notificationSubtype: 'INITIAL_BUY', onlyFailures: true }
    const items = []
    for await (const page of decodingApi().notificationHistoryPages(request)) items.push(...page.notificationHistory)
    expect(items.map((item) => item.notification.notificationUUID)).toEqual(['u1', 'u2'])
    expect(items[0]?.notification).toMatchObject({ notificationType: 'SUBSCRIBED', subtype: 'INITIAL_BUY', transaction: { transactionId: '700' } })
    expect(items[0]?.sendAttempts).toEqual([{ attemptDate: 1, sendAttemptResult: 'SUCCESS' }])
    expect(apple.requests.map((r) => r.url.search)).toEqual(['', '?paginationToken=p2'])
    expect(apple.requests.map((r) => r.body)).toEqual([request, request])
  })

  it('returns one page with getNotificationHistory, raw without a verifier', async () => {
    apple.on('post', '/inApps/v1/notifications/history', () =>
      HttpResponse.json({ notificationHistory: [{ signedPayload: 'a.b.c', sendAttempts: [] }], hasMore: true, paginationToken: 't' }),
    )
    const page = await createAppStoreServerApi(options()).getNotificationHistory({ ...range, transactionId: '5' }, { paginationToken: 'abc' })
    expect(page).toEqual({ notificationHistory: [{ signedPayload: 'a.b.c', sendAttempts: [] }], hasMore: true, paginationToken: 't' })
    expect(apple.requests[0]?.url.searchParams.get('paginationToken')).toBe('abc')
    expect(apple.requests[0]?.body).toEqual({ ...range, transactionId: '5' })
  })

  it('refuses filters Apple does not allow together, before sending', async () => {
    const api = createAppStoreServerApi(options())
    await expect(api.getNotificationHistory({ ...range, transactionId: '5', notificationType: 'REFUND' })).rejects.toMatchObject({
      code: 'ERR_API_INPUT_INVALID',
    })
    await expect(api.getNotificationHistory({ ...range, notificationSubtype: 'INITIAL_BUY' })).rejects.toMatchObject({
      code: 'ERR_API_INPUT_INVALID',
    })
    await expect(api.getNotificationHistory({ startDate: range.endDate, endDate: range.startDate })).rejects.toMatchObject({
      code: 'ERR_API_INPUT_INVALID',
    })
    await expect(api.getNotificationHistory({ startDate: Number.NaN, endDate: range.endDate })).rejects.toMatchObject({
      code: 'ERR_API_INPUT_INVALID',
    })
    expect(apple.requests).toEqual([])
  })
})

describe('test notifications', () => {
  it('requests a test notification and reads its status', async () => {
    const payload = await signed.notification({ notificationUUID: 'test-1' })
    apple.on('post', '/inApps/v1/notifications/test', () => HttpResponse.json({ testNotificationToken: 'tok-1' }))
    apple.on('get', '/inApps/v1/notifications/test/:token', () =>
      HttpResponse.json({ signedPayload: payload, sendAttempts: [{ attemptDate: 5, sendAttemptResult: 'SUCCESS' }] }),
    )
    const api = decodingApi()
    const { testNotificationToken } = await api.requestTestNotification()
    expect(testNotificationToken).toBe('tok-1')
    const status = await api.getTestNotificationStatus(testNotificationToken)
    expect(status.notification).toMatchObject({ notificationType: 'TEST', notificationUUID: 'test-1', data: { environment: 'Sandbox' } })
    expect(apple.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
      'POST /inApps/v1/notifications/test',
      'GET /inApps/v1/notifications/test/tok-1',
    ])
  })

  it('surfaces "not sent yet" as a rejected request with Apple code 4040008, not retried', async () => {
    apple.on('get', '/inApps/v1/notifications/test/:token', () =>
      HttpResponse.json({ errorCode: 4040008, errorMessage: 'Test notification not found.' }, { status: 404 }),
    )
    await expect(createAppStoreServerApi(options()).getTestNotificationStatus('tok')).rejects.toMatchObject({
      code: 'ERR_API_REQUEST_REJECTED',
      details: { httpStatus: 404, apiErrorCode: 4040008 },
    })
    expect(apple.requests).toHaveLength(1)
  })
})

describe('options', () => {
  it.each([
    ['issuerId', { issuerId: '' }],
    ['keyId', { keyId: ' ' }],
    ['bundleId', { bundleId: undefined as unknown as string }],
    ['environment', { environment: 'Xcode' as 'Sandbox' }],
    ['baseUrl', { baseUrl: 'not a url' }],
    ['baseUrl protocol', { baseUrl: 'ftp://example.com' }],
    ['timeoutMs', { timeoutMs: 0 }],
    ['retry', { retry: { maxAttempts: -1 } }],
    ['privateKey', { privateKey: '2X9R4HXF34' }],
  ])('rejects a bad %s at construction', (_name, extra) => {
    expect(() => createAppStoreServerApi(options(extra))).toThrow(expect.objectContaining({ code: 'ERR_CONFIG_INVALID' }))
  })

  it('fails the first call with ERR_CONFIG_INVALID when the .p8 does not import', async () => {
    const api = createAppStoreServerApi(options({ privateKey: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }))
    await expect(api.getTransactionInfo('1')).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' })
    expect(apple.requests).toEqual([])
  })
})
