// createAppStoreServerApi: a thin client for the App Store Server API endpoints this library needs.
import { AppStoreNotificationError } from '../errors.js'
import type { ConsumptionRequestV1 } from '../consumption/build-consumption-request-v1.js'
import { assertConsent, assertConsumptionRules, type ConsumptionRequest } from '../consumption/consumption-rules.js'
import { notificationHistoryBody, pathId, queryString, statusParams, transactionHistoryParams } from './api-input.js'
import type { ApiResponseVerifier, AppStoreServerApiOptions, NotificationHistoryRequest, TransactionHistoryQuery } from './api-types.js'
import { createAuthToken } from './auth-token.js'
import { decodeResponse } from './decode-response.js'
import type { ApiResponses, DecodedApiResponses } from './decoded-responses.js'
import { createApiRequest, type ApiCall } from './request.js'

/**
 * The App Store Server API client returned by {@link createAppStoreServerApi}. `R` gives the
 * response types: {@link ApiResponses} (Apple's bodies) without a verifier,
 * {@link DecodedApiResponses} (bodies plus decoded objects) with one.
 *
 * @example
 * const api: AppStoreServerApi<DecodedApiResponses> = createAppStoreServerApi({ ...options, verifier })
 * const { transaction } = await api.getTransactionInfo('2000000123456789')
 *
 * Exported from `app-store-notifications`.
 */
export interface AppStoreServerApi<R extends ApiResponses = ApiResponses> {
  readonly environment: 'Production' | 'Sandbox'
  /** Answers a CONSUMPTION_REQUEST (V2 endpoint); resolves on 202. Refuses a body without consent. */
  sendConsumptionInformation(transactionId: string, request: ConsumptionRequest): Promise<void>
  /** The deprecated V1 endpoint, only where Apple still routes to it (Advanced Commerce). */
  sendConsumptionInformationV1(transactionId: string, request: ConsumptionRequestV1): Promise<void>
  getTransactionInfo(transactionId: string): Promise<R['transactionInfo']>
  /** One page of Get Transaction History (v2); pass the previous page's `revision` for the next. */
  getTransactionHistory(transactionId: string, query?: TransactionHistoryQuery): Promise<R['transactionHistory']>
  /** Every page of the transaction history, following `revision` while `hasMore`. */
  transactionHistoryPages(transactionId: string, query?: TransactionHistoryQuery): AsyncIterable<R['transactionHistory']>
  getAllSubscriptionStatuses(
    transactionId: string,
    options?: { readonly status?: readonly number[] },
  ): Promise<R['subscriptionStatuses']>
  getRefundHistory(transactionId: string, options?: { readonly revision?: string }): Promise<R['refundHistory']>
  lookUpOrderId(orderId: string): Promise<R['orderLookup']>
  getAppTransactionInfo(transactionId: string): Promise<R['appTransactionInfo']>
  /** Sets the `appAccountToken` (a UUID) of a purchase; needs the original transaction id. */
  setAppAccountToken(originalTransactionId: string, appAccountToken: string): Promise<void>
  /** One page (≤ 20 records) of Get Notification History; send the same request with the page's token for the next. */
  getNotificationHistory(
    request: NotificationHistoryRequest,
    options?: { readonly paginationToken?: string },
  ): Promise<R['notificationHistory']>
  /** Every page of the notification history, following `paginationToken` while `hasMore`. */
  notificationHistoryPages(request: NotificationHistoryRequest): AsyncIterable<R['notificationHistory']>
  /** Asks Apple to send a TEST notification to this environment's URL. */
  requestTestNotification(): Promise<R['testNotification']>
  /** 404 with `apiErrorCode` 4040008 means "not sent yet": poll at most once a second. */
  getTestNotificationStatus(testNotificationToken: string): Promise<R['testNotificationStatus']>
}

const HOSTS = { Production: 'https://api.storekit.apple.com', Sandbox: 'https://api.storekit-sandbox.apple.com' } as const
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Creates an App Store Server API client: ES256 bearer tokens, a timeout on every request,
 * bounded retries on network errors, timeouts, 429 and 5xx, and one `AppStoreNotificationError`
 * type (`ERR_API_REQUEST_REJECTED` carries `details.httpStatus`, `apiErrorCode`, `apiErrorMessage`).
 * Throws `ERR_CONFIG_INVALID` on bad options; a `.p8` that does not import fails the first call
 * with the same code. Every 2xx body is checked against its model (`ERR_API_RESPONSE_INVALID`
 * otherwise). With a `verifier`, each signed string is also verified and its decoded object added
 * beside it: `transaction`, `transactions`, `renewalInfo`, `appTransaction` or `notification`.
 *
 * @example
 * import { buildConsumptionRequest, createAppStoreServerApi, createNotificationVerifier } from 'app-store-notifications'
 * const api = createAppStoreServerApi({
 *   issuerId: process.env.ASC_ISSUER_ID!,
 *   keyId: process.env.ASC_KEY_ID!,
 *   privateKey: process.env.ASC_PRIVATE_KEY!,
 *   bundleId: 'com.example.wallet',
 *   environment: 'Production',
 *   verifier: createNotificationVerifier({ bundleId: 'com.example.wallet', environment: 'Production', appAppleId: 1234567890 }),
 * })
 * const { transaction } = await api.getTransactionInfo('2000000123456789')
 * await api.sendConsumptionInformation('2000000123456789', buildConsumptionRequest({
 *   customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, consumedFraction: 0.5,
 * }))
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi
 * Exported from `app-store-notifications`.
 */
export function createAppStoreServerApi(
  options: AppStoreServerApiOptions & { readonly verifier: ApiResponseVerifier },
): AppStoreServerApi<DecodedApiResponses>
/**
 * Creates an App Store Server API client whose responses are Apple's bodies, checked against the
 * models; pass a `verifier` to have their signed strings verified and decoded too.
 *
 * @example
 * const api = createAppStoreServerApi({ issuerId, keyId, privateKey, bundleId: 'com.example.wallet', environment: 'Sandbox' })
 * const { signedTransactionInfo } = await api.getTransactionInfo('2000000123456789')
 *
 * Exported from `app-store-notifications`.
 */
export function createAppStoreServerApi(options: AppStoreServerApiOptions): AppStoreServerApi
export function createAppStoreServerApi(options: AppStoreServerApiOptions): AppStoreServerApi {
  if (typeof options !== 'object' || options === null) config('createAppStoreServerApi expects an options object')
  for (const name of ['issuerId', 'keyId', 'bundleId'] as const) {
    if (typeof options[name] !== 'string' || options[name].trim() === '') {
      config(`${name} is missing: copy it from App Store Connect (Users and Access → Integrations → In-App Purchase)`)
    }
  }
  if (options.environment !== 'Production' && options.environment !== 'Sandbox') {
    config(`environment must be "Production" or "Sandbox", got ${JSON.stringify(options.environment) ?? 'undefined'}`)
  }
  const now = options.now ?? Date.now
  const retry = options.retry === false ? { maxAttempts: 1 } : (options.retry ?? {})
  const request = createApiRequest({
    baseUrl: baseUrlOf(options),
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    token: createAuthToken({ ...options, now }),
    timeoutMs: positive('timeoutMs', options.timeoutMs, 10_000),
    maxAttempts: positive('retry.maxAttempts', retry.maxAttempts, 4),
    baseDelayMs: positive('retry.baseDelayMs', retry.baseDelayMs, 500),
    maxDelayMs: positive('retry.maxDelayMs', retry.maxDelayMs, 8_000),
    maxTotalMs: positive('retry.maxTotalMs', retry.maxTotalMs, 30_000),
    now,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
  })
  const call = async <K extends keyof ApiResponses>(spec: ApiCall, kind: K): Promise<ApiResponses[K]> =>
    decodeResponse(kind, await request(spec), { endpoint: `${spec.method} ${spec.path}`, verifier: options.verifier })

  const api: AppStoreServerApi = {
    environment: options.environment,
    async sendConsumptionInformation(transactionId, body) {
      const path = `/inApps/v2/transactions/consumption/${pathId('transactionId', transactionId)}`
      assertConsumptionRules(body)
      await request({ method: 'PUT', path, body, expect: 'none' })
    },
    async sendConsumptionInformationV1(transactionId, body) {
      const path = `/inApps/v1/transactions/consumption/${pathId('transactionId', transactionId)}`
      assertConsent(body?.customerConsented)
      await request({ method: 'PUT', path, body, expect: 'none' })
    },
    getTransactionInfo: async (transactionId) =>
      call(
        { method: 'GET', path: `/inApps/v1/transactions/${pathId('transactionId', transactionId)}`, expect: 'json' },
        'transactionInfo',
      ),
    getTransactionHistory: async (transactionId, query) =>
      call(
        {
          method: 'GET',
          path: `/inApps/v2/history/${pathId('transactionId', transactionId)}${queryString(transactionHistoryParams(query))}`,
          expect: 'json',
        },
        'transactionHistory',
      ),
    async *transactionHistoryPages(transactionId, query = {}) {
      let page = await api.getTransactionHistory(transactionId, query)
      yield page
      while (page.hasMore) {
        const previous = page.revision
        page = await api.getTransactionHistory(transactionId, { ...query, revision: previous })
        if (page.hasMore && page.revision === previous) stuck('revision', previous)
        yield page
      }
    },
    getAllSubscriptionStatuses: async (transactionId, filter) =>
      call(
        {
          method: 'GET',
          path: `/inApps/v1/subscriptions/${pathId('transactionId', transactionId)}${queryString(statusParams(filter?.status))}`,
          expect: 'json',
        },
        'subscriptionStatuses',
      ),
    getRefundHistory: async (transactionId, page) => {
      const params = new URLSearchParams(page?.revision === undefined ? {} : { revision: page.revision })
      return call(
        {
          method: 'GET',
          path: `/inApps/v2/refund/lookup/${pathId('transactionId', transactionId)}${queryString(params)}`,
          expect: 'json',
        },
        'refundHistory',
      )
    },
    lookUpOrderId: async (orderId) =>
      call({ method: 'GET', path: `/inApps/v1/lookup/${pathId('orderId', orderId)}`, expect: 'json' }, 'orderLookup'
      ),
    getAppTransactionInfo: async (transactionId) =>
      call(
        {
          method: 'GET',
          path: `/inApps/v1/transactions/appTransactions/${pathId('transactionId', transactionId)}`,
          expect: 'json',
        },
        'appTransactionInfo',
      ),
    async setAppAccountToken(originalTransactionId, appAccountToken) {
      const path = `/inApps/v1/transactions/${pathId('originalTransactionId', originalTransactionId)}/appAccountToken`
      if (typeof appAccountToken !== 'string' || !UUID.test(appAccountToken)) {
        throw new AppStoreNotificationError(
          'ERR_API_INPUT_INVALID',
          'appAccountToken must be a UUID such as 7e3fb20b-4cdb-47cc-936d-99d65f608138',
        )
      }
      await request({ method: 'PUT', path, body: { appAccountToken }, expect: 'none' })
    },
    getNotificationHistory: async (historyRequest, page) => {
      const body = notificationHistoryBody(historyRequest)
      const params = new URLSearchParams(
        page?.paginationToken === undefined ? {} : { paginationToken: page.paginationToken },
      )
      return call(
        { method: 'POST', path: `/inApps/v1/notifications/history${queryString(params)}`, body, expect: 'json' },
        'notificationHistory',
      )
    },
    async *notificationHistoryPages(historyRequest) {
      let page = await api.getNotificationHistory(historyRequest)
      yield page
      while (page.hasMore) {
        const token = page.paginationToken
        if (token === undefined || token === '') return stuck('paginationToken', token)
        page = await api.getNotificationHistory(historyRequest, { paginationToken: token })
        yield page
      }
    },
    requestTestNotification: async () =>
      call({ method: 'POST', path: '/inApps/v1/notifications/test', expect: 'json' }, 'testNotification'),
    getTestNotificationStatus: async (token) =>
      call(
        { method: 'GET', path: `/inApps/v1/notifications/test/${pathId('testNotificationToken', token)}`, expect: 'json' },
        'testNotificationStatus',
      ),
  }
  return api
}

function baseUrlOf(options: AppStoreServerApiOptions): string {
  if (options.baseUrl === undefined) return HOSTS[options.environment]
  let url: URL
  try {
    url = new URL(options.baseUrl)
  } catch (cause) {
    return config(`baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`, cause)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') config(`baseUrl must use http or https, got ${url.protocol}`)
  return url.href.replace(/\/+$/, '')
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value
  return config(`${name} must be a positive number, got ${String(value)}`)
}

function stuck(field: string, value: string | undefined): never {
  throw new AppStoreNotificationError(
    'ERR_API_RESPONSE_INVALID',
    `the App Store Server API said hasMore but gave no new ${field} (got ${JSON.stringify(value) ?? 'none'}); stopping to avoid a loop`,
  )
}

function config(message: string, cause?: unknown): never {
  throw new AppStoreNotificationError('ERR_CONFIG_INVALID', message, cause === undefined ? undefined : { cause })
}
