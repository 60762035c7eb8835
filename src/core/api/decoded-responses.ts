// What the App Store Server API client returns: Apple's bodies as the models define them, and the
// same bodies with each signed string's verified, decoded object beside it (client with a verifier).
import type {
  AppTransactionInfoResponse,
  CheckTestNotificationResponse,
  HistoryResponse,
  LastTransactionsItem,
  NotificationHistoryResponse,
  NotificationHistoryResponseItem,
  OrderLookupResponse,
  RefundHistoryResponse,
  SendTestNotificationResponse,
  StatusResponse,
  SubscriptionGroupIdentifierItem,
  TransactionInfoResponse,
} from '../models/api-responses.js'
import type { AppTransaction } from '../models/app-transaction.js'
import type { RenewalInfo } from '../models/renewal-info.js'
import type { Transaction } from '../models/transaction.js'
import type { VerifiedNotification } from '../models/verified-notification.js'

/**
 * Get Transaction Info with `signedTransactionInfo` verified and decoded.
 *
 * @example
 * const { transaction } = await api.getTransactionInfo('2000000123456789')
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedTransactionInfoResponse extends TransactionInfoResponse {
  /** `signedTransactionInfo`, verified and decoded. */
  transaction: Transaction
}

/**
 * One page of Get Transaction History (v2) with every signed transaction verified and decoded.
 *
 * @example
 * const page = await api.getTransactionHistory('2000000123456789')
 * const productIds = page.transactions.map((t) => t.productId)
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedHistoryResponse extends HistoryResponse {
  /** `signedTransactions`, verified and decoded, in the same order. */
  transactions: Transaction[]
}

/**
 * One subscription's latest transaction and renewal info, verified and decoded.
 *
 * @example
 * const renews = item.renewalInfo.autoRenewStatus === 1
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedLastTransactionsItem extends LastTransactionsItem {
  /** `signedTransactionInfo`, verified and decoded. */
  transaction: Transaction
  /** `signedRenewalInfo`, verified and decoded. */
  renewalInfo: RenewalInfo
}

/**
 * One subscription group of a {@link DecodedStatusResponse}.
 *
 * @example
 * const expiries = group.lastTransactions.map((item) => item.transaction.expiresDate)
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedSubscriptionGroupIdentifierItem extends SubscriptionGroupIdentifierItem {
  /** The latest transaction of each subscription in the group, decoded. */
  lastTransactions: DecodedLastTransactionsItem[]
}

/**
 * Get All Subscription Statuses with every signed transaction and renewal info decoded.
 *
 * @example
 * const { data } = await api.getAllSubscriptionStatuses('2000000123456789')
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedStatusResponse extends StatusResponse {
  /** Subscription groups with their latest transactions, decoded. */
  data: DecodedSubscriptionGroupIdentifierItem[]
}

/**
 * One page of Get Refund History (v2) with every refunded transaction decoded.
 *
 * @example
 * const refunded = (await api.getRefundHistory('2000000123456789')).transactions
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedRefundHistoryResponse extends RefundHistoryResponse {
  /** `signedTransactions`, verified and decoded, in the same order. */
  transactions: Transaction[]
}

/**
 * Look Up Order ID with the order's transactions decoded.
 *
 * @example
 * const { status, transactions = [] } = await api.lookUpOrderId('MK5TTTVWJH')
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedOrderLookupResponse extends OrderLookupResponse {
  /** `signedTransactions`, verified and decoded; absent when Apple sent none (an invalid order). */
  transactions?: Transaction[]
}

/**
 * Get App Transaction Info with `signedAppTransactionInfo` verified and decoded.
 *
 * @example
 * const { appTransaction } = await api.getAppTransactionInfo('2000000123456789')
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedAppTransactionInfoResponse extends AppTransactionInfoResponse {
  /** `signedAppTransactionInfo`, verified and decoded. */
  appTransaction: AppTransaction
}

/**
 * One record of the notification history with its `signedPayload` verified and decoded.
 *
 * @example
 * if (item.notification.notificationType === 'REFUND') console.log(item.notification.transaction?.transactionId)
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedNotificationHistoryResponseItem extends NotificationHistoryResponseItem {
  /** `signedPayload` verified like a delivered notification, nested signed data included. */
  notification: VerifiedNotification
}

/**
 * One page of Get Notification History with every record decoded.
 *
 * @example
 * const page = await api.getNotificationHistory({ startDate, endDate })
 * const types = page.notificationHistory.map((item) => item.notification.notificationType)
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedNotificationHistoryResponse extends NotificationHistoryResponse {
  /** Notifications of this page (up to 20), decoded. */
  notificationHistory: DecodedNotificationHistoryResponseItem[]
}

/**
 * Get Test Notification Status with the TEST notification verified and decoded.
 *
 * @example
 * const { notification } = await api.getTestNotificationStatus(testNotificationToken)
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedCheckTestNotificationResponse extends CheckTestNotificationResponse {
  /** `signedPayload`, verified and decoded. */
  notification: VerifiedNotification
}

/**
 * The response type of each client method that returns a body, as Apple sends it: the type
 * argument of a client made without a verifier.
 *
 * @example
 * const api: AppStoreServerApi<ApiResponses> = createAppStoreServerApi(options)
 *
 * Exported from `app-store-notifications`.
 */
export interface ApiResponses {
  transactionInfo: TransactionInfoResponse
  transactionHistory: HistoryResponse
  subscriptionStatuses: StatusResponse
  refundHistory: RefundHistoryResponse
  orderLookup: OrderLookupResponse
  appTransactionInfo: AppTransactionInfoResponse
  notificationHistory: NotificationHistoryResponse
  testNotification: SendTestNotificationResponse
  testNotificationStatus: CheckTestNotificationResponse
}

/**
 * The response types of a client made with a verifier: each body plus its decoded objects.
 * Each one extends its raw type, so such a client is also an `AppStoreServerApi`.
 *
 * @example
 * const api: AppStoreServerApi<DecodedApiResponses> = createAppStoreServerApi({ ...options, verifier })
 *
 * Exported from `app-store-notifications`.
 */
export interface DecodedApiResponses extends ApiResponses {
  transactionInfo: DecodedTransactionInfoResponse
  transactionHistory: DecodedHistoryResponse
  subscriptionStatuses: DecodedStatusResponse
  refundHistory: DecodedRefundHistoryResponse
  orderLookup: DecodedOrderLookupResponse
  appTransactionInfo: DecodedAppTransactionInfoResponse
  notificationHistory: DecodedNotificationHistoryResponse
  testNotification: SendTestNotificationResponse
  testNotificationStatus: DecodedCheckTestNotificationResponse
}
