import * as z from 'zod'
import type { Environment, OrderLookupStatus, SendAttemptResult, SubscriptionStatus } from './enums.js'
import type { SchemaMatches } from './parse-model.js'

// App Store Server API response bodies. They carry raw signed strings (JWS); verify those with the
// notification verifier. The field that is the point of each response is required, the rest optional.

/** Body of Get Transaction Info. Exported from `app-store-notifications`. @example const jws = response.signedTransactionInfo */
export interface TransactionInfoResponse {
  /** The signed transaction (JWS). */
  signedTransactionInfo: string
}

/** Body of Get Transaction History (v2). Exported from `app-store-notifications`. @example if (page.hasMore) next(page.revision) */
export interface HistoryResponse {
  /** Token for the next page (pass as `revision`). */
  revision: string
  /** Whether more pages follow. */
  hasMore: boolean
  /** The app's bundle id. */
  bundleId?: string
  /** The app's App Store id. */
  appAppleId?: number
  /** `Sandbox` or `Production`. */
  environment?: Environment
  /** Signed transactions (JWS) of this page. */
  signedTransactions: string[]
}

/** One subscription of a group in a {@link StatusResponse}. Exported from `app-store-notifications`. @example const active = item.status === 1 */
export interface LastTransactionsItem {
  /** Subscription status: 1 active … 5 revoked. */
  status: SubscriptionStatus
  /** Original transaction id of the subscription. */
  originalTransactionId: string
  /** Latest signed transaction (JWS). */
  signedTransactionInfo: string
  /** Latest signed renewal info (JWS). */
  signedRenewalInfo: string
}

/** One subscription group in a {@link StatusResponse}. Exported from `app-store-notifications`. @example console.log(group.subscriptionGroupIdentifier) */
export interface SubscriptionGroupIdentifierItem {
  /** The subscription group id. */
  subscriptionGroupIdentifier: string
  /** The latest transaction of each subscription in the group. */
  lastTransactions: LastTransactionsItem[]
}

/** Body of Get All Subscription Statuses. Exported from `app-store-notifications`. @example for (const group of response.data) console.log(group.lastTransactions.length) */
export interface StatusResponse {
  /** `Sandbox` or `Production`. */
  environment?: Environment
  /** The app's bundle id. */
  bundleId?: string
  /** The app's App Store id. */
  appAppleId?: number
  /** Subscription groups with their latest transactions. */
  data: SubscriptionGroupIdentifierItem[]
}

/** Body of Get Refund History (v2). Exported from `app-store-notifications`. @example if (page.hasMore) next(page.revision) */
export interface RefundHistoryResponse {
  /** Signed refunded transactions (JWS). */
  signedTransactions: string[]
  /** Token for the next page (pass as `revision`). */
  revision: string
  /** Whether more pages follow. */
  hasMore: boolean
}

/** Body of Look Up Order ID. Exported from `app-store-notifications`. @example const valid = response.status === 0 */
export interface OrderLookupResponse {
  /** 0 valid, 1 invalid. */
  status: OrderLookupStatus
  /** Signed transactions (JWS) of the order. */
  signedTransactions?: string[]
}

/** Body of Get App Transaction Info. Exported from `app-store-notifications`. @example const jws = response.signedAppTransactionInfo */
export interface AppTransactionInfoResponse {
  /** The signed app transaction (JWS). */
  signedAppTransactionInfo: string
}

/** One delivery attempt of a notification. Exported from `app-store-notifications`. @example const ok = attempt.sendAttemptResult === 'SUCCESS' */
export interface SendAttemptItem {
  /** When Apple tried to deliver (epoch ms). */
  attemptDate: number
  /** The outcome, e.g. `SUCCESS` or `TIMED_OUT`. */
  sendAttemptResult: SendAttemptResult
}

/** One notification in a {@link NotificationHistoryResponse}. Exported from `app-store-notifications`. @example await verifier.verifyNotification({ signedPayload: item.signedPayload }) */
export interface NotificationHistoryResponseItem {
  /** The original signed payload (JWS), as sent. */
  signedPayload: string
  /** Up to six delivery attempts, first one first. */
  sendAttempts: SendAttemptItem[]
  /** Deprecated by Apple: use `sendAttempts[0]`. */
  firstSendAttemptResult?: SendAttemptResult
}

/** Body of Get Notification History. Exported from `app-store-notifications`. @example if (page.hasMore) next(page.paginationToken) */
export interface NotificationHistoryResponse {
  /** Notifications of this page (up to 20). */
  notificationHistory: NotificationHistoryResponseItem[]
  /** Whether more pages follow. */
  hasMore: boolean
  /** Token for the next page. */
  paginationToken?: string
}

/** Body of Request a Test Notification. Exported from `app-store-notifications`. @example await api.getTestNotificationStatus(response.testNotificationToken) */
export interface SendTestNotificationResponse {
  /** Token to query the test notification's delivery status. */
  testNotificationToken: string
}

/** Body of Get Test Notification Status. Exported from `app-store-notifications`. @example const delivered = response.sendAttempts.some((a) => a.sendAttemptResult === 'SUCCESS') */
export interface CheckTestNotificationResponse {
  /** The signed TEST payload (JWS). */
  signedPayload: string
  /** Delivery attempts so far. */
  sendAttempts: SendAttemptItem[]
}

const str = z.string().exactOptional()
const num = z.number().exactOptional()
const strings = z.array(z.string())
const sendAttempt = z.looseObject({ attemptDate: z.number(), sendAttemptResult: z.string() })

const transactionInfo = z.looseObject({ signedTransactionInfo: z.string() })
transactionInfo satisfies SchemaMatches<typeof transactionInfo, TransactionInfoResponse>
const history = z.looseObject({
  revision: z.string(),
  hasMore: z.boolean(),
  bundleId: str,
  appAppleId: num,
  environment: str,
  signedTransactions: strings,
})
history satisfies SchemaMatches<typeof history, HistoryResponse>
const lastTransaction = z.looseObject({
  status: z.number(),
  originalTransactionId: z.string(),
  signedTransactionInfo: z.string(),
  signedRenewalInfo: z.string(),
})
const status = z.looseObject({
  environment: str,
  bundleId: str,
  appAppleId: num,
  data: z.array(z.looseObject({ subscriptionGroupIdentifier: z.string(), lastTransactions: z.array(lastTransaction) })),
})
status satisfies SchemaMatches<typeof status, StatusResponse>
const refundHistory = z.looseObject({ signedTransactions: strings, revision: z.string(), hasMore: z.boolean() })
refundHistory satisfies SchemaMatches<typeof refundHistory, RefundHistoryResponse>
const orderLookup = z.looseObject({ status: z.number(), signedTransactions: strings.exactOptional() })
orderLookup satisfies SchemaMatches<typeof orderLookup, OrderLookupResponse>
const appTransactionInfo = z.looseObject({ signedAppTransactionInfo: z.string() })
appTransactionInfo satisfies SchemaMatches<typeof appTransactionInfo, AppTransactionInfoResponse>
const notificationHistory = z.looseObject({
  notificationHistory: z.array(
    z.looseObject({ signedPayload: z.string(), sendAttempts: z.array(sendAttempt), firstSendAttemptResult: str }),
  ),
  hasMore: z.boolean(),
  paginationToken: str,
})
notificationHistory satisfies SchemaMatches<typeof notificationHistory, NotificationHistoryResponse>
const sendTest = z.looseObject({ testNotificationToken: z.string() })
sendTest satisfies SchemaMatches<typeof sendTest, SendTestNotificationResponse>
const checkTest = z.looseObject({ signedPayload: z.string(), sendAttempts: z.array(sendAttempt) })
checkTest satisfies SchemaMatches<typeof checkTest, CheckTestNotificationResponse>

/** zod schema for {@link TransactionInfoResponse}. Exported from `app-store-notifications`. @example transactionInfoResponseSchema.parse(await res.json()) */
export const transactionInfoResponseSchema: z.ZodType<TransactionInfoResponse> = transactionInfo
/** zod schema for {@link HistoryResponse}. Exported from `app-store-notifications`. @example historyResponseSchema.parse(await res.json()) */
export const historyResponseSchema: z.ZodType<HistoryResponse> = history
/** zod schema for {@link StatusResponse}. Exported from `app-store-notifications`. @example statusResponseSchema.parse(await res.json()) */
export const statusResponseSchema: z.ZodType<StatusResponse> = status
/** zod schema for {@link RefundHistoryResponse}. Exported from `app-store-notifications`. @example refundHistoryResponseSchema.parse(await res.json()) */
export const refundHistoryResponseSchema: z.ZodType<RefundHistoryResponse> = refundHistory
/** zod schema for {@link OrderLookupResponse}. Exported from `app-store-notifications`. @example orderLookupResponseSchema.parse(await res.json()) */
export const orderLookupResponseSchema: z.ZodType<OrderLookupResponse> = orderLookup
/** zod schema for {@link AppTransactionInfoResponse}. Exported from `app-store-notifications`. @example appTransactionInfoResponseSchema.parse(await res.json()) */
export const appTransactionInfoResponseSchema: z.ZodType<AppTransactionInfoResponse> = appTransactionInfo
/** zod schema for {@link NotificationHistoryResponse}. Exported from `app-store-notifications`. @example notificationHistoryResponseSchema.parse(await res.json()) */
export const notificationHistoryResponseSchema: z.ZodType<NotificationHistoryResponse> = notificationHistory
/** zod schema for {@link SendTestNotificationResponse}. Exported from `app-store-notifications`. @example sendTestNotificationResponseSchema.parse(await res.json()) */
export const sendTestNotificationResponseSchema: z.ZodType<SendTestNotificationResponse> = sendTest
/** zod schema for {@link CheckTestNotificationResponse}. Exported from `app-store-notifications`. @example checkTestNotificationResponseSchema.parse(await res.json()) */
export const checkTestNotificationResponseSchema: z.ZodType<CheckTestNotificationResponse> = checkTest
