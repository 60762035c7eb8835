import type { AppTransaction } from './app-transaction.js'
import type {
  AppData,
  ExternalPurchaseToken,
  NotificationData,
  NotificationPayload,
  NotificationSummary,
} from './notification-payload.js'
import type {
  NOTIFICATION_TYPES,
  NotificationBodyKind,
  NotificationBodyKindOf,
  NotificationEventKey,
  NotificationType,
} from './notification-types.js'
import type { RenewalInfo } from './renewal-info.js'
import type { Transaction } from './transaction.js'

/**
 * A verified notification: the decoded payload with the raw signed strings, plus the nested JWS
 * the verifier verified and decoded next to them.
 *
 * @example
 * const productId = notification.transaction?.productId
 *
 * Exported from `app-store-notifications`.
 */
export interface VerifiedNotificationBase extends NotificationPayload {
  /** Decoded `data.signedTransactionInfo`, when present. */
  transaction?: Transaction
  /** Decoded `data.signedRenewalInfo`, when present. */
  renewalInfo?: RenewalInfo
  /** Decoded `appData.signedAppTransactionInfo`, when present. */
  appTransaction?: AppTransaction
}

/** Maps a body kind to its model. */
interface NotificationBodies {
  data: NotificationData
  summary: NotificationSummary
  externalPurchaseToken: ExternalPurchaseToken
  appData: AppData
}

type Simplify<T> = { [K in keyof T]: T[K] }

type Member<T extends NotificationType, S, B extends NotificationBodyKind> = Simplify<
  Omit<VerifiedNotificationBase, 'notificationType' | 'subtype' | NotificationBodyKind> & {
    notificationType: T
  } & ([S] extends [string] ? { subtype: S } : { subtype?: undefined }) & {
    [K in B]: NotificationBodies[K]
  } & { [K in Exclude<NotificationBodyKind, B>]?: undefined }
>

// One member per (type, subtype) pair of the table; `null` in the table means "no subtype".
type MembersOf<T extends NotificationType> = (typeof NOTIFICATION_TYPES)[T]['subtypes'][number] extends infer S
  ? S extends unknown
    ? Member<T, S, Extract<NotificationBodyKindOf<T, S>, NotificationBodyKind>>
    : never
  : never

/**
 * Every recognised notification as a discriminated union generated from `NOTIFICATION_TYPES`:
 * narrowing on `notificationType` and `subtype` exposes exactly the right body, and comparing a
 * type with a subtype it never has is a compile error.
 *
 * @example
 * function onNotification(n: AppStoreNotification): void {
 *   if (n.notificationType === 'RENEWAL_EXTENSION' && n.subtype === 'SUMMARY') {
 *     console.log(n.summary.succeededCount)
 *   }
 * }
 *
 * Exported from `app-store-notifications`.
 */
export type AppStoreNotification = { [T in NotificationType]: MembersOf<T> }[NotificationType]

/**
 * A verified notification whose type, subtype or body is not in `NOTIFICATION_TYPES` (a value Apple
 * added later). It is kept outside {@link AppStoreNotification} so that narrowing keeps working.
 *
 * @example
 * function log(n: UnrecognizedNotification): void {
 *   console.warn(`unrecognised ${n.notificationType}/${n.subtype ?? '-'}`)
 * }
 *
 * Exported from `app-store-notifications`.
 */
export interface UnrecognizedNotification extends VerifiedNotificationBase {
  /** A type this version of the library does not know (or a known one with an unknown subtype). */
  notificationType: string & {}
  /** The subtype as sent. */
  subtype?: string & {}
}

/**
 * What the verifier returns. Call `isRecognizedNotification(n)` to narrow it to
 * {@link AppStoreNotification}.
 *
 * @example
 * const notification: VerifiedNotification = await verifier.verifyNotification(body)
 * if (isRecognizedNotification(notification) && notification.notificationType === 'REFUND') {
 *   console.log(notification.data.signedTransactionInfo)
 * }
 *
 * Exported from `app-store-notifications`.
 */
export type VerifiedNotification = AppStoreNotification | UnrecognizedNotification

/**
 * The notification type an event key delivers: `'EXPIRED.VOLUNTARY'` gives the EXPIRED/VOLUNTARY
 * member, `'EXPIRED'` every EXPIRED member.
 *
 * @example
 * const handle = (n: NotificationForKey<'EXPIRED.VOLUNTARY'>): string | undefined => n.data.signedRenewalInfo
 *
 * Exported from `app-store-notifications`.
 */
export type NotificationForKey<K extends NotificationEventKey> = K extends `${infer T}.${infer S}`
  ? Extract<AppStoreNotification, { notificationType: T; subtype: S }>
  : Extract<AppStoreNotification, { notificationType: K }>
