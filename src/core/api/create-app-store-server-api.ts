// createAppStoreServerApi: a thin client for the App Store Server API endpoints this library needs.
import { AppStoreNotificationError } from '../errors.js'
import type { ConsumptionRequestV1 } from '../consumption/build-consumption-request-v1.js'
import { assertConsent, assertConsumptionRules, type ConsumptionRequest } from '../consumption/consumption-rules.js'
import { notificationHistoryBody, pathId, queryString, statusParams, transactionHistoryParams } from './api-input.js'
import type {
  AppTransactionInfoResponse,
  CheckTestNotificationResponse,
  HistoryResponse,
  NotificationHistoryResponse,
  OrderLookupResponse,
  RefundHistoryResponse,
  SendTestNotificationResponse,
  StatusResponse,
  TransactionInfoResponse,
} from './api-responses.js'
import type {
  ApiResponseVerifier,
  AppStoreServerApiOptions,
  DecodedTypes,
  NotificationHistoryRequest,
  TransactionHistoryQuery,
} from './api-types.js'
import { createAuthToken } from './auth-token.js'
import { createResponseDecoder, type ResponseDecoder } from './decode-signed-data.js'
import { createApiRequest, type ApiCall } from './request.js'

/**
 * The App Store Server API client returned by {@link createAppStoreServerApi}.
 *
 * @example
 * const { transaction } = await api.getTransactionInfo('2000000123456789')
 *
 * Exported from `app-store-notifications`.
 */
export interface AppStoreServerApi<V extends ApiResponseVerifier = ApiResponseVerifier> {
  readonly environment: 'Production' | 'Sandbox'
  /** Answers a CONSUMPTION_REQUEST (V2 endpoint); resolves on 202. Refuses a body without consent. */
  sendConsumptionInformation(transactionId: string, request: ConsumptionRequest): Promise<void>
  /** The deprecated V1 endpoint, only where Apple still routes to it (Advanced Commerce). */
  sendConsumptionInformationV1(transactionId: string, request: ConsumptionRequestV1): Promise<void>
  getTransactionInfo(transactionId: string): Promise<TransactionInfoResponse<DecodedTypes<V>>>
  /** One page of Get Transaction History (v2); pass the previous page's `revision` for the next. */
  getTransactionHistory(transactionId: string, query?: TransactionHistoryQuery): Promise<HistoryResponse<DecodedTypes<V>>>
  /** Every page of the transaction history, following `revision` while `hasMore`. */
  transactionHistoryPages(transactionId: string, query?: TransactionHistoryQuery): AsyncIterable<HistoryResponse<DecodedTypes<V>>>
  getAllSubscriptionStatuses(
    transactionId: string,
    options?: { readonly status?: readonly number[] },
  ): Promise<StatusResponse<DecodedTypes<V>>>
  getRefundHistory(transactionId: string, options?: { readonly revision?: string }): Promise<RefundHistoryResponse<DecodedTypes<V>>>
  lookUpOrderId(orderId: string): Promise<OrderLookupResponse<DecodedTypes<V>>>
  getAppTransactionInfo(transactionId: string): Promise<AppTransactionInfoResponse<DecodedTypes<V>>>
  /** Sets the `appAccountToken` (a UUID) of a purchase; needs the original transaction id. */
  setAppAccountToken(originalTransactionId: string, appAccountToken: string): Promise<void>
  /** One page (≤ 20 records) of Get Notification History; send the same request with the page's token for the next. */
  getNotificationHistory(
    request: NotificationHistoryRequest,
    options?: { readonly paginationToken?: string },
  ): Promise<NotificationHistoryResponse<DecodedTypes<V>>>
  /** Every page of the notification history, following `paginationToken` while `hasMore`. */
  notificationHistoryPages(request: NotificationHistoryRequest): AsyncIterable<NotificationHistoryResponse<DecodedTypes<V>>>
  /** Asks Apple to send a TEST notification to this environment's URL. */
  requestTestNotification(): Promise<SendTestNotificationResponse>
  /** 404 with `apiErrorCode` 4040008 means "not sent yet": poll at most once a second. */
  getTestNotificationStatus(testNotificationToken: string): Promise<CheckTestNotificationResponse<DecodedTypes<V>>>
}

const HOSTS = { Production: 'https://api.storekit.apple.com', Sandbox: 'https://api.storekit-sandbox.apple.com' } as const
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Creates an App Store Server API client: ES256 bearer tokens, a timeout on every request,
 * bounded retries on network errors, timeouts, 429 and 5xx, and one `AppStoreNotificationError`
 * type (`ERR_API_REQUEST_REJECTED` carries `details.httpStatus`, `apiErrorCode`, `apiErrorMessage`).
 * Throws `ERR_CONFIG_INVALID` on bad options; a `.p8` that does not import fails the first call
 * with the same code.
 *
 * @example
 * import { buildConsumptionRequest, createAppStoreServerApi } from 'app-store-notifications'
 * const api = createAppStoreServerApi({
 *   issuerId: process.env.ASC_ISSUER_ID!,
 *   keyId: process.env.ASC_KEY_ID!,
 *   privateKey: process.env.ASC_PRIVATE_KEY!,
 *   bundleId: 'com.example.wallet',
 *   environment: 'Production',
 * })
 * await api.sendConsumptionInformation('2000000123456789', buildConsumptionRequest({
 *   customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, consumedFraction: 0.5,
 * }))
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi
 * Exported from `app-store-notifications`.
 */
export function createAppStoreServerApi<V extends ApiResponseVerifier = ApiResponseVerifier>(
  options: AppStoreServerApiOptions<V>,
): AppStoreServerApi<V> {
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
  const call = async <T>(
    spec: ApiCall,
    decode: (decoder: ResponseDecoder, response: unknown) => Promise<unknown>,
  ): Promise<T> => {
    const response = await request(spec)
    return (await decode(createResponseDecoder(options.verifier, `${spec.method} ${spec.path}`), response)) as T
  }

  const api: AppStoreServerApi<V> = {
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
        (d, r) => d.transactionInfo(r),
      ),
    getTransactionHistory: async (transactionId, query) =>
      call(
        {
          method: 'GET',
          path: `/inApps/v2/history/${pathId('transactionId', transactionId)}${queryString(transactionHistoryParams(query))}`,
          expect: 'json',
        },
        (d, r) => d.transactionList(r, true),
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
        (d, r) => d.statuses(r),
      ),
    getRefundHistory: async (transactionId, page) => {
      const params = new URLSearchParams(page?.revision === undefined ? {} : { revision: page.revision })
      return call(
        {
          method: 'GET',
          path: `/inApps/v2/refund/lookup/${pathId('transactionId', transactionId)}${queryString(params)}`,
          expect: 'json',
        },
        (d, r) => d.transactionList(r, true),
      )
    },
    lookUpOrderId: async (orderId) =>
      call({ method: 'GET', path: `/inApps/v1/lookup/${pathId('orderId', orderId)}`, expect: 'json' }, (d, r) =>
        d.transactionList(r, false),
      ),
    getAppTransactionInfo: async (transactionId) =>
      call(
        {
          method: 'GET',
          path: `/inApps/v1/transactions/appTransactions/${pathId('transactionId', transactionId)}`,
          expect: 'json',
        },
        (d, r) => d.appTransactionInfo(r),
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
        (d, r) => d.notificationHistory(r),
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
      call({ method: 'POST', path: '/inApps/v1/notifications/test', expect: 'json' }, (d, r) => d.testNotificationToken(r)),
    getTestNotificationStatus: async (token) =>
      call(
        { method: 'GET', path: `/inApps/v1/notifications/test/${pathId('testNotificationToken', token)}`, expect: 'json' },
        (d, r) => d.testNotificationStatus(r),
      ),
  }
  return api
}

function baseUrlOf(options: AppStoreServerApiOptions<ApiResponseVerifier>): string {
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
