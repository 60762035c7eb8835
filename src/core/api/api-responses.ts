// Response types of the App Store Server API client (apple.md §3.11, §6): Apple's fields verbatim,
// plus decoded fields beside the signed ones when the client has a verifier.
import type { DecodedTypes } from './api-types.js'

type Decoded = DecodedTypes

/**
 * One delivery attempt of a notification.
 *
 * @example
 * const attempt: SendAttempt = { attemptDate: 1767225600000, sendAttemptResult: 'TIMED_OUT' }
 *
 * Exported from `app-store-notifications`.
 */
export interface SendAttempt {
  /** Epoch ms. */
  readonly attemptDate: number
  /** `SUCCESS`, `TIMED_OUT`, `TLS_ISSUE`, … (open). */
  readonly sendAttemptResult: string
}

/**
 * Get Transaction Info.
 *
 * @example
 * const { signedTransactionInfo, transaction } = await api.getTransactionInfo('2000000123456789')
 *
 * Exported from `app-store-notifications`.
 */
export interface TransactionInfoResponse<D extends Decoded = Decoded> {
  readonly signedTransactionInfo: string
  /** Present when the client has a verifier. */
  readonly transaction?: D['transaction']
}

/**
 * Get Transaction History (v2), one page.
 *
 * @example
 * const page = await api.getTransactionHistory('2000000123456789', { revision })
 *
 * Exported from `app-store-notifications`.
 */
export interface HistoryResponse<D extends Decoded = Decoded> {
  readonly revision: string
  readonly hasMore: boolean
  readonly bundleId: string
  readonly appAppleId?: number
  readonly environment: string
  readonly signedTransactions: readonly string[]
  /** Present when the client has a verifier; same order as `signedTransactions`. */
  readonly transactions?: readonly D['transaction'][]
}

/**
 * Get All Subscription Statuses.
 *
 * @example
 * const { data } = await api.getAllSubscriptionStatuses('2000000123456789', { status: [1, 4] })
 *
 * Exported from `app-store-notifications`.
 */
export interface StatusResponse<D extends Decoded = Decoded> {
  readonly environment: string
  readonly bundleId: string
  readonly appAppleId?: number
  readonly data: readonly {
    readonly subscriptionGroupIdentifier: string
    readonly lastTransactions: readonly LastTransactionsItem<D>[]
  }[]
}

/**
 * One subscription's latest state in a {@link StatusResponse}.
 *
 * @example
 * const active = item.status === 1
 *
 * Exported from `app-store-notifications`.
 */
export interface LastTransactionsItem<D extends Decoded = Decoded> {
  /** 1 active, 2 expired, 3 billing retry, 4 grace period, 5 revoked. */
  readonly status: number
  readonly originalTransactionId: string
  readonly signedTransactionInfo: string
  readonly signedRenewalInfo: string
  readonly transaction?: D['transaction']
  readonly renewalInfo?: D['renewalInfo']
}

/**
 * Get Refund History (v2), one page.
 *
 * @example
 * const page = await api.getRefundHistory('2000000123456789')
 *
 * Exported from `app-store-notifications`.
 */
export interface RefundHistoryResponse<D extends Decoded = Decoded> {
  readonly signedTransactions: readonly string[]
  readonly revision: string
  readonly hasMore: boolean
  readonly transactions?: readonly D['transaction'][]
}

/**
 * Look Up Order ID.
 *
 * @example
 * const { status } = await api.lookUpOrderId('MK5TTTVWJH') // 0 valid, 1 invalid
 *
 * Exported from `app-store-notifications`.
 */
export interface OrderLookupResponse<D extends Decoded = Decoded> {
  readonly status: number
  readonly signedTransactions?: readonly string[]
  readonly transactions?: readonly D['transaction'][]
}

/**
 * Get App Transaction Info.
 *
 * @example
 * const { appTransaction } = await api.getAppTransactionInfo('2000000123456789')
 *
 * Exported from `app-store-notifications`.
 */
export interface AppTransactionInfoResponse<D extends Decoded = Decoded> {
  readonly signedAppTransactionInfo: string
  readonly appTransaction?: D['appTransaction']
}

/**
 * Get Notification History, one page.
 *
 * @example
 * const page = await api.getNotificationHistory(request, { paginationToken })
 *
 * Exported from `app-store-notifications`.
 */
export interface NotificationHistoryResponse<D extends Decoded = Decoded> {
  readonly notificationHistory: readonly NotificationHistoryItem<D>[]
  readonly hasMore: boolean
  readonly paginationToken?: string
}

/**
 * One record of the notification history.
 *
 * @example
 * const failedFirst = item.sendAttempts[0]?.sendAttemptResult !== 'SUCCESS'
 *
 * Exported from `app-store-notifications`.
 */
export interface NotificationHistoryItem<D extends Decoded = Decoded> {
  readonly signedPayload: string
  readonly sendAttempts: readonly SendAttempt[]
  /** Deprecated by Apple; read `sendAttempts[0]`. */
  readonly firstSendAttemptResult?: string
  /** Present when the client has a verifier. */
  readonly notification?: D['notification']
}

/**
 * Request a Test Notification.
 *
 * @example
 * const { testNotificationToken } = await api.requestTestNotification()
 *
 * Exported from `app-store-notifications`.
 */
export interface SendTestNotificationResponse {
  readonly testNotificationToken: string
}

/**
 * Get Test Notification Status.
 *
 * @example
 * const { sendAttempts } = await api.getTestNotificationStatus(testNotificationToken)
 *
 * Exported from `app-store-notifications`.
 */
export interface CheckTestNotificationResponse<D extends Decoded = Decoded> {
  readonly signedPayload: string
  readonly sendAttempts: readonly SendAttempt[]
  readonly notification?: D['notification']
}
