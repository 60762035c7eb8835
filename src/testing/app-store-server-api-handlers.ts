import type { HttpHandler } from 'msw'
import type { Transaction } from 'app-store-notifications'
import { createNotificationBuilders } from './create-notification-builders.js'
import type { TestSigner } from './create-test-signer.js'
import { fromBase64Url } from './encoding.js'

/**
 * Options of {@link appStoreServerApiHandlers}.
 *
 * @example
 * const apple = await appStoreServerApiHandlers({
 *   signer, bundleId: 'com.example.app', environment: 'Sandbox', transactions: [refund.transaction!],
 * })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface AppStoreServerApiHandlersOptions {
  /** Signs every transaction and notification served. */
  readonly signer: TestSigner
  /** The app; bearer tokens must carry it as `bid`. Default `'com.example.app'`. */
  readonly bundleId?: string
  /** Chooses the host answered and the environment of served data. Default `'Sandbox'`. */
  readonly environment?: 'Sandbox' | 'Production'
  /** Required for Production (the TEST notification carries it). */
  readonly appAppleId?: number
  /** Answer on this origin instead of Apple's host, e.g. the client's `baseUrl`. */
  readonly baseUrl?: string
  /** Transactions the server knows, decoded (e.g. `built.transaction`); signed when served. */
  readonly transactions?: readonly Transaction[]
  /** What Get Notification History returns: built notifications or their `signedPayload`. */
  readonly notifications?: readonly ({ readonly signedPayload: string } | string)[]
  /** Clock for `signedDate` and send attempts. Default `Date.now`. */
  readonly now?: () => number | Date
}

/**
 * A Send Consumption Information call the fake server accepted (202).
 *
 * @example
 * const [sent] = apple.consumptionRequests
 * expect(sent).toMatchObject({ transactionId: request.transaction!.transactionId, body: { customerConsented: true } })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface RecordedConsumptionRequest {
  readonly transactionId: string
  readonly body: unknown
}

/**
 * Any request that reached the fake server.
 *
 * @example
 * expect(apple.requests.map(({ method, status }) => [method, status])).toEqual([['PUT', 202]])
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface RecordedApiRequest {
  readonly method: string
  readonly url: string
  readonly body: unknown
  readonly status: number
}

/**
 * The fake App Store Server API: msw handlers plus what they recorded.
 *
 * @example
 * const apple = await appStoreServerApiHandlers({ signer })
 * server.use(...apple.handlers)
 * apple.addTransaction((await notifications.oneTimeCharge()).transaction!)
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface AppStoreServerApiMock {
  /** Pass to `setupServer(...handlers)` (msw/node) or `server.use(...handlers)`. */
  readonly handlers: HttpHandler[]
  /** Accepted consumption answers, in order: what your CONSUMPTION_REQUEST policy sent. */
  readonly consumptionRequests: RecordedConsumptionRequest[]
  /** Every request with the status it got. */
  readonly requests: RecordedApiRequest[]
  /** TEST notifications created through Request a Test Notification: POST each `body` to your endpoint. */
  readonly testNotifications: { readonly testNotificationToken: string; readonly signedPayload: string; readonly body: string }[]
  addTransaction(transaction: Transaction): void
  addNotification(notification: { readonly signedPayload: string } | string): void
}

const HOSTS = {
  Production: ['https://api.storekit.apple.com', 'https://api.storekit.itunes.apple.com'],
  Sandbox: ['https://api.storekit-sandbox.apple.com'],
} as const
const DELIVERY_STATUSES = ['DELIVERED', 'UNDELIVERED_QUALITY_ISSUE', 'UNDELIVERED_WRONG_ITEM', 'UNDELIVERED_SERVER_OUTAGE', 'UNDELIVERED_OTHER']
const REFUND_PREFERENCES = ['DECLINE', 'GRANT_FULL', 'GRANT_PRORATED']
const PAGE_SIZE = 20

type Json = Record<string, unknown>
const decode = (jws: string): Json => {
  try {
    return JSON.parse(new TextDecoder().decode(fromBase64Url(jws.split('.')[1] ?? ''))) as Json
  } catch {
    return {}
  }
}
const apiError = (errorCode: number, errorMessage: string): { status: number; body: Json } => ({
  status: Math.floor(errorCode / 10_000),
  body: { errorCode, errorMessage },
})

/**
 * msw handlers standing in for the App Store Server API, answering with data signed by the test
 * signer: Get Transaction Info and Get Transaction History (v2) from `transactions`, Send
 * Consumption Information (V2: recorded, 202; Apple's documented 400/404 codes for missing
 * consent, bad enums, family-shared or unknown transactions), Request a Test Notification and
 * its status, and Get Notification History (20 per page) from `notifications`. Requests need a
 * bearer JWT whose `aud` is `appstoreconnect-v1` and `bid` the bundle id (the signature is not
 * checked: the fake has no public key). msw is an optional peer: it is imported when called.
 *
 * @example
 * const request = await notifications.consumptionRequest()
 * const apple = await appStoreServerApiHandlers({ signer, transactions: [request.transaction!] })
 * const server = setupServer(...apple.handlers)
 * server.listen({ onUnhandledRequest: 'error' })
 * await handler.fetch(toRequest(request))
 * expect(apple.consumptionRequests).toEqual([{ transactionId: request.transaction!.transactionId, body: expect.anything() }])
 *
 * Exported from `app-store-notifications/testing`.
 */
export async function appStoreServerApiHandlers(options: AppStoreServerApiHandlersOptions): Promise<AppStoreServerApiMock> {
  const { http, HttpResponse } = await import('msw')
  const bundleId = options.bundleId ?? 'com.example.app'
  const environment = options.environment ?? 'Sandbox'
  const now = (): number => {
    const value = options.now?.() ?? Date.now()
    return typeof value === 'number' ? value : value.getTime()
  }
  const builders = createNotificationBuilders(options.signer, {
    bundleId,
    environment,
    ...(options.appAppleId === undefined ? {} : { appAppleId: options.appAppleId }),
    now,
  })
  const transactions: Transaction[] = [...(options.transactions ?? [])]
  const notifications: string[] = (options.notifications ?? []).map((entry) => (typeof entry === 'string' ? entry : entry.signedPayload))
  const mock: AppStoreServerApiMock = {
    handlers: [],
    consumptionRequests: [],
    requests: [],
    testNotifications: [],
    addTransaction: (transaction) => void transactions.push(transaction),
    addNotification: (entry) => void notifications.push(typeof entry === 'string' ? entry : entry.signedPayload),
  }

  const find = (id: string): Transaction | undefined =>
    transactions.find((transaction) => transaction.transactionId === id) ??
    [...transactions].reverse().find((transaction) => transaction.originalTransactionId === id)
  const sign = (transaction: Transaction): Promise<string> =>
    options.signer.signTransaction({ bundleId, environment, ...transaction, signedDate: transaction.signedDate ?? now() })
  const notFound = apiError(4040010, 'Transaction id not found.')
  const app = { bundleId, ...(options.appAppleId === undefined ? {} : { appAppleId: options.appAppleId }), environment }

  const routes: Record<string, (request: Request, params: Record<string, string>, body: unknown) => Promise<{ status: number; body?: Json }>> = {
    'GET /inApps/v1/transactions/:id': async (_request, { id = '' }) => {
      const transaction = find(id)
      return transaction === undefined ? notFound : { status: 200, body: { signedTransactionInfo: await sign(transaction) } }
    },
    'GET /inApps/v2/history/:id': async (request, { id = '' }) => {
      const found = find(id)
      if (found === undefined) return notFound
      const query = new URL(request.url).searchParams
      const original = found.originalTransactionId ?? found.transactionId
      const products = query.getAll('productId')
      const revoked = query.get('revoked')
      const history = transactions
        .filter((transaction) => (transaction.originalTransactionId ?? transaction.transactionId) === original)
        .filter((transaction) => products.length === 0 || products.includes(transaction.productId ?? ''))
        .filter((transaction) => revoked === null || (transaction.revocationDate !== undefined) === (revoked === 'true'))
        .sort((a, b) => ((a.purchaseDate ?? 0) - (b.purchaseDate ?? 0)) * (query.get('sort') === 'DESCENDING' ? -1 : 1))
      const offset = Number(query.get('revision') ?? '0') || 0
      const page = history.slice(offset, offset + PAGE_SIZE)
      return {
        status: 200,
        body: { revision: String(offset + page.length), hasMore: offset + page.length < history.length, ...app, signedTransactions: await Promise.all(page.map(sign)) },
      }
    },
    'PUT /inApps/v2/transactions/consumption/:id': async (_request, { id = '' }, body) => {
      const transaction = find(id)
      if (transaction === undefined) return notFound
      const problem = consumptionProblem(body, transaction)
      if (problem !== undefined) return problem
      mock.consumptionRequests.push({ transactionId: id, body })
      return { status: 202 }
    },
    'POST /inApps/v1/notifications/test': async () => {
      const built = await builders.test()
      const testNotificationToken = `${globalThis.crypto.randomUUID()}_${now()}`
      mock.testNotifications.push({ testNotificationToken, signedPayload: built.signedPayload, body: built.body })
      return { status: 200, body: { testNotificationToken } }
    },
    'GET /inApps/v1/notifications/test/:token': async (_request, { token = '' }) => {
      const sent = mock.testNotifications.find((entry) => entry.testNotificationToken === token)
      if (sent === undefined) return apiError(4040008, 'Either the test notification token is expired or the notification and status are not yet available.')
      return { status: 200, body: { signedPayload: sent.signedPayload, sendAttempts: [{ attemptDate: now(), sendAttemptResult: 'SUCCESS' }] } }
    },
    'POST /inApps/v1/notifications/history': async (request, _params, body) => {
      const filter = (typeof body === 'object' && body !== null ? body : {}) as Json
      const problem = historyProblem(filter)
      if (problem !== undefined) return problem
      const matches = notifications.filter((jws) => matchesHistoryFilter(decode(jws), filter))
      const offset = Number(new URL(request.url).searchParams.get('paginationToken') ?? '0') || 0
      const page = matches.slice(offset, offset + PAGE_SIZE)
      const hasMore = offset + page.length < matches.length
      return {
        status: 200,
        body: {
          notificationHistory: page.map((signedPayload) => ({
            signedPayload,
            sendAttempts: [{ attemptDate: Number(decode(signedPayload)['signedDate'] ?? now()), sendAttemptResult: 'SUCCESS' }],
          })),
          hasMore,
          ...(hasMore ? { paginationToken: String(offset + page.length) } : {}),
        },
      }
    },
  }

  const origins = options.baseUrl === undefined ? HOSTS[environment] : [options.baseUrl.replace(/\/+$/, '')]
  for (const origin of origins) {
    for (const [route, answer] of Object.entries(routes)) {
      const [method = 'GET', path = ''] = route.split(' ')
      const register = method === 'GET' ? http.get : method === 'POST' ? http.post : http.put
      mock.handlers.push(
        register(`${origin}${path}`, async ({ request, params }) => {
          const text = await request.text()
          const body: unknown = text === '' ? undefined : JSON.parse(text)
          const outcome = authorized(request, bundleId) ? await answer(request, params as Record<string, string>, body) : { status: 401 }
          mock.requests.push({ method: request.method, url: request.url, body, status: outcome.status })
          return outcome.body === undefined ? new HttpResponse(null, { status: outcome.status }) : HttpResponse.json(outcome.body, { status: outcome.status })
        }),
      )
    }
  }
  return mock
}

/** Apple's bearer token shape (apple.md §4.2); the fake cannot check the signature. */
function authorized(request: Request, bundleId: string): boolean {
  const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(request.headers.get('authorization') ?? '')?.[1]
  if (token === undefined) return false
  const claims = decode(token)
  return claims['aud'] === 'appstoreconnect-v1' && claims['bid'] === bundleId && typeof claims['iss'] === 'string'
}

/** Apple's documented rejections of a V2 consumption body (apple.md §5.3–5.4). */
function consumptionProblem(body: unknown, transaction: Transaction): { status: number; body: Json } | undefined {
  const request = (typeof body === 'object' && body !== null ? body : {}) as Json
  if (request['customerConsented'] !== true) return apiError(4000035, 'Invalid request. The customer consented field is invalid.')
  if (!DELIVERY_STATUSES.includes(request['deliveryStatus'] as string)) return apiError(4000036, 'Invalid request. The delivery status field is invalid.')
  if (typeof request['sampleContentProvided'] !== 'boolean') return apiError(4000041, 'Invalid request. The sample content provided field is invalid.')
  if (request['refundPreference'] !== undefined && !REFUND_PREFERENCES.includes(request['refundPreference'] as string)) {
    return apiError(4000044, 'Invalid request. The refund preference field is invalid.')
  }
  if (transaction.inAppOwnershipType === 'FAMILY_SHARED') return apiError(4000185, 'Invalid request. Family Sharing transactions aren\'t supported by this endpoint.')
  if (transaction.type === 'Auto-Renewable Subscription' && request['consumptionPercentage'] !== undefined) {
    return apiError(4000209, 'Invalid request. Consumption percentage is not supported for auto-renewable subscriptions.')
  }
  return undefined
}

function historyProblem(filter: Json): { status: number; body: Json } | undefined {
  if (typeof filter['startDate'] !== 'number') return apiError(4000015, 'Invalid request. The start date is not a timestamp value in milliseconds.')
  if (typeof filter['endDate'] !== 'number') return apiError(4000016, 'Invalid request. The end date is not a timestamp value in milliseconds.')
  if (filter['startDate'] > filter['endDate']) return apiError(4000013, 'Invalid request. The start date is later than the end date.')
  if (filter['transactionId'] !== undefined && filter['notificationType'] !== undefined) {
    return apiError(4000019, 'Invalid request. Supply either a transaction id or a notification type, but not both.')
  }
  return undefined
}

function matchesHistoryFilter(payload: Json, filter: Json): boolean {
  const signedDate = Number(payload['signedDate'] ?? 0)
  if (signedDate < (filter['startDate'] as number) || signedDate > (filter['endDate'] as number)) return false
  if (filter['onlyFailures'] === true) return false
  if (filter['notificationType'] !== undefined && payload['notificationType'] !== filter['notificationType']) return false
  if (filter['notificationSubtype'] !== undefined && payload['subtype'] !== filter['notificationSubtype']) return false
  if (filter['transactionId'] !== undefined) {
    const data = (payload['data'] ?? {}) as Json
    const transaction = typeof data['signedTransactionInfo'] === 'string' ? decode(data['signedTransactionInfo']) : {}
    return transaction['transactionId'] === filter['transactionId'] || transaction['originalTransactionId'] === filter['transactionId']
  }
  return true
}
