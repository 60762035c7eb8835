// Option and query types of the App Store Server API client (apple.md §4, §6).
import type { NotificationVerifier } from '../verify/create-notification-verifier.js'
import type { ApiFetch } from './request.js'

/**
 * What the client needs to verify and decode the signed strings in Apple's responses: the
 * notification verifier (`createNotificationVerifier`), or any object with these four methods.
 *
 * @example
 * const api = createAppStoreServerApi({ ...options, verifier: createNotificationVerifier({ bundleId, environment: 'Production', appAppleId }) })
 * const { transaction } = await api.getTransactionInfo('2000000123456789')
 *
 * Exported from `app-store-notifications`.
 */
export type ApiResponseVerifier = Pick<
  NotificationVerifier,
  'verifyTransaction' | 'verifyRenewalInfo' | 'verifyAppTransaction' | 'verifyNotification'
>

/**
 * Retry settings of the App Store Server API client.
 *
 * @example
 * const retry: ApiRetryOptions = { maxAttempts: 3, maxTotalMs: 10_000 }
 *
 * Exported from `app-store-notifications`.
 */
export interface ApiRetryOptions {
  /** Attempts in all, the first included. Default 4. */
  readonly maxAttempts?: number
  /** First backoff step; doubles each retry, with jitter. Default 500 ms. */
  readonly baseDelayMs?: number
  /** Largest backoff step. Default 8000 ms. */
  readonly maxDelayMs?: number
  /** Upper bound of the whole call, waits and attempts included. Default 30000 ms. */
  readonly maxTotalMs?: number
}

/**
 * Filters of Get Transaction History (v2). Arrays become repeated query parameters.
 *
 * @example
 * const query: TransactionHistoryQuery = { productType: ['CONSUMABLE'], sort: 'DESCENDING', revoked: false }
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi/get-transaction-history
 * Exported from `app-store-notifications`.
 */
export interface TransactionHistoryQuery {
  /** The `revision` of the previous page; absent for the first page. */
  readonly revision?: string
  /** Epoch ms. */
  readonly startDate?: number
  /** Epoch ms. */
  readonly endDate?: number
  readonly productId?: readonly string[]
  readonly productType?: readonly ('AUTO_RENEWABLE' | 'NON_RENEWABLE' | 'CONSUMABLE' | 'NON_CONSUMABLE')[]
  readonly sort?: 'ASCENDING' | 'DESCENDING'
  readonly subscriptionGroupIdentifier?: readonly string[]
  readonly inAppOwnershipType?: 'PURCHASED' | 'FAMILY_SHARED' | (string & {})
  readonly revoked?: boolean
}

/**
 * Body of Get Notification History. `transactionId` and `notificationType` exclude each other,
 * and `notificationSubtype` needs `notificationType`; the client checks both before sending.
 *
 * @example
 * const request: NotificationHistoryRequest = { startDate: Date.now() - 86_400_000, endDate: Date.now(), onlyFailures: true }
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi/notificationhistoryrequest
 * Exported from `app-store-notifications`.
 */
export interface NotificationHistoryRequest {
  /** Epoch ms; within the last 180 days (Production) or 30 days (Sandbox). */
  readonly startDate: number
  /** Epoch ms, after `startDate`; a future date counts as now. */
  readonly endDate: number
  readonly notificationType?: string
  readonly notificationSubtype?: string
  readonly onlyFailures?: boolean
  readonly transactionId?: string
}

/**
 * Options of `createAppStoreServerApi`.
 *
 * @example
 * const options: AppStoreServerApiOptions = {
 *   issuerId: '57246542-96fe-1a63-e053-0824d011072a',
 *   keyId: '2X9R4HXF34',
 *   privateKey: '-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----',
 *   bundleId: 'com.example.wallet',
 *   environment: 'Production',
 * }
 *
 * Exported from `app-store-notifications`.
 */
export interface AppStoreServerApiOptions {
  /** Issuer ID from App Store Connect (Users and Access → Integrations → In-App Purchase). */
  readonly issuerId: string
  /** Key ID of the In-App Purchase key. */
  readonly keyId: string
  /** The `.p8` file's PEM text; escaped `\n` line breaks (from environment variables) are accepted. */
  readonly privateKey: string
  readonly bundleId: string
  /** Chooses Apple's host: `api.storekit.apple.com` or `api.storekit-sandbox.apple.com`. */
  readonly environment: 'Production' | 'Sandbox'
  /** Overrides the host, for tests and proxies, e.g. `http://127.0.0.1:8080`. */
  readonly baseUrl?: string
  /** Default: the global `fetch`, looked up at call time. */
  readonly fetch?: ApiFetch
  /** Per attempt, reading the body included. Default 10000. */
  readonly timeoutMs?: number
  /** Retry settings, or `false` for a single attempt. */
  readonly retry?: ApiRetryOptions | false
  /**
   * Verifies and decodes the signed strings in responses, adding `transaction`, `transactions`,
   * `renewalInfo`, `appTransaction` or `notification` beside them; without it, bodies come back
   * as Apple sent them (still checked against the models).
   */
  readonly verifier?: ApiResponseVerifier
  /** Epoch ms clock, for token times and `Retry-After`. Default `Date.now`. */
  readonly now?: () => number
  /** Waits between retries. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>
  /** Jitter source in [0, 1). Default `Math.random`. */
  readonly random?: () => number
}
