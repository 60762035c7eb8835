import type { AppStoreNotification, VerifiedNotification } from './verified-notification.js'

/**
 * Every `subtype` Apple documents for App Store Server Notifications V2.
 *
 * @example
 * SUBTYPES.includes('VOLUNTARY') // → true
 * @see https://developer.apple.com/documentation/appstoreservernotifications/subtype
 * Exported from `app-store-notifications`.
 */
export const SUBTYPES = [
  'INITIAL_BUY',
  'RESUBSCRIBE',
  'DOWNGRADE',
  'UPGRADE',
  'AUTO_RENEW_ENABLED',
  'AUTO_RENEW_DISABLED',
  'VOLUNTARY',
  'BILLING_RETRY',
  'PRICE_INCREASE',
  'GRACE_PERIOD',
  'PENDING',
  'ACCEPTED',
  'BILLING_RECOVERY',
  'PRODUCT_NOT_FOR_SALE',
  'SUMMARY',
  'FAILURE',
  'UNREPORTED',
  'ACTIVE_TOKEN_REMINDER',
  'CREATED',
] as const

/**
 * A known notification subtype.
 *
 * @example
 * const subtype: NotificationSubtype = 'AUTO_RENEW_DISABLED'
 *
 * Exported from `app-store-notifications`.
 */
export type NotificationSubtype = (typeof SUBTYPES)[number]

/**
 * Which of the four mutually exclusive bodies a notification carries.
 *
 * @example
 * const kind: NotificationBodyKind = 'summary'
 *
 * Exported from `app-store-notifications`.
 */
export type NotificationBodyKind = 'data' | 'summary' | 'externalPurchaseToken' | 'appData'

/**
 * The one table behind notification types, subtypes, the body each carries, the
 * {@link AppStoreNotification} union, event keys and the recognition guard. `null` in `subtypes`
 * means "no subtype". `body` is a kind, or a per-subtype map where the body differs by subtype.
 *
 * Rows Apple documents loosely are tolerant: `EXPIRED` and `DID_CHANGE_RENEWAL_STATUS` also
 * accept a missing subtype; `METADATA_UPDATE`, `MIGRATION` and `PRICE_CHANGE` (Advanced Commerce)
 * are assumed to carry `data`. Anything outside the table is an unrecognised notification.
 *
 * @example
 * NOTIFICATION_TYPES.RENEWAL_EXTENSION.body.SUMMARY // → 'summary'
 * @see https://developer.apple.com/documentation/appstoreservernotifications/notificationtype
 * Exported from `app-store-notifications`.
 */
export const NOTIFICATION_TYPES = {
  SUBSCRIBED: { subtypes: ['INITIAL_BUY', 'RESUBSCRIBE'], body: 'data' },
  DID_RENEW: { subtypes: [null, 'BILLING_RECOVERY'], body: 'data' },
  DID_CHANGE_RENEWAL_PREF: { subtypes: ['UPGRADE', 'DOWNGRADE', null], body: 'data' },
  DID_CHANGE_RENEWAL_STATUS: { subtypes: ['AUTO_RENEW_ENABLED', 'AUTO_RENEW_DISABLED', null], body: 'data' },
  OFFER_REDEEMED: { subtypes: ['UPGRADE', 'DOWNGRADE', null], body: 'data' },
  EXPIRED: { subtypes: ['VOLUNTARY', 'BILLING_RETRY', 'PRICE_INCREASE', 'PRODUCT_NOT_FOR_SALE', null], body: 'data' },
  DID_FAIL_TO_RENEW: { subtypes: [null, 'GRACE_PERIOD'], body: 'data' },
  GRACE_PERIOD_EXPIRED: { subtypes: [null], body: 'data' },
  PRICE_INCREASE: { subtypes: ['PENDING', 'ACCEPTED'], body: 'data' },
  REFUND: { subtypes: [null], body: 'data' },
  REFUND_DECLINED: { subtypes: [null], body: 'data' },
  REFUND_REVERSED: { subtypes: [null], body: 'data' },
  CONSUMPTION_REQUEST: { subtypes: [null], body: 'data' },
  RENEWAL_EXTENDED: { subtypes: [null], body: 'data' },
  RENEWAL_EXTENSION: { subtypes: ['SUMMARY', 'FAILURE'], body: { SUMMARY: 'summary', FAILURE: 'data' } },
  REVOKE: { subtypes: [null], body: 'data' },
  ONE_TIME_CHARGE: { subtypes: [null], body: 'data' },
  TEST: { subtypes: [null], body: 'data' },
  EXTERNAL_PURCHASE_TOKEN: {
    subtypes: ['UNREPORTED', 'CREATED', 'ACTIVE_TOKEN_REMINDER'],
    body: 'externalPurchaseToken',
  },
  RESCIND_CONSENT: { subtypes: [null], body: 'appData' },
  METADATA_UPDATE: { subtypes: [null], body: 'data' },
  MIGRATION: { subtypes: [null], body: 'data' },
  PRICE_CHANGE: { subtypes: [null], body: 'data' },
} as const
// A separate statement: isolatedDeclarations rejects `as const satisfies …` on an export.
NOTIFICATION_TYPES satisfies Record<
  string,
  {
    subtypes: readonly (NotificationSubtype | null)[]
    body: NotificationBodyKind | Partial<Record<NotificationSubtype, NotificationBodyKind>>
  }
>

type Table = typeof NOTIFICATION_TYPES

/**
 * A known notification type.
 *
 * @example
 * const type: NotificationType = 'DID_RENEW'
 *
 * Exported from `app-store-notifications`.
 */
export type NotificationType = keyof Table

/**
 * The subtypes allowed for a notification type (`never` when it has none).
 *
 * @example
 * const subtype: NotificationSubtypeOf<'EXPIRED'> = 'BILLING_RETRY'
 *
 * Exported from `app-store-notifications`.
 */
export type NotificationSubtypeOf<T extends NotificationType> = Exclude<Table[T]['subtypes'][number], null>

/**
 * The body kind the table assigns to a type and subtype (`null` for no subtype).
 *
 * @example
 * const kind: NotificationBodyKindOf<'RENEWAL_EXTENSION', 'SUMMARY'> = 'summary'
 *
 * Exported from `app-store-notifications`.
 */
export type NotificationBodyKindOf<T extends NotificationType, S> = Table[T]['body'] extends infer B
  ? B extends NotificationBodyKind
    ? B
    : S extends keyof B
      ? B[S]
      : never
  : never

/**
 * An event key, octokit style: `"TYPE"` matches every notification of that type,
 * `"TYPE.SUBTYPE"` only that subtype.
 *
 * @example
 * const keys: NotificationEventKey[] = ['EXPIRED', 'EXPIRED.VOLUNTARY', 'REFUND']
 *
 * Exported from `app-store-notifications`.
 */
export type NotificationEventKey = {
  [T in NotificationType]: T | `${T}.${NotificationSubtypeOf<T>}`
}[NotificationType]

const hasOwn = Object.prototype.hasOwnProperty

/**
 * The body kind the table assigns to `notificationType` and `subtype`, or `undefined` when the
 * pair is not in {@link NOTIFICATION_TYPES}.
 *
 * @example
 * bodyKindOf('RENEWAL_EXTENSION', 'FAILURE') // → 'data'
 * bodyKindOf('REFUND', 'VOLUNTARY') // → undefined
 *
 * Exported from `app-store-notifications`.
 */
export function bodyKindOf(notificationType: string, subtype?: string): NotificationBodyKind | undefined {
  if (!hasOwn.call(NOTIFICATION_TYPES, notificationType)) return undefined
  const entry = NOTIFICATION_TYPES[notificationType as NotificationType]
  const allowed: readonly (string | null)[] = entry.subtypes
  if (!allowed.includes(subtype ?? null)) return undefined
  const body: NotificationBodyKind | Readonly<Record<string, NotificationBodyKind>> = entry.body
  return typeof body === 'string' ? body : subtype === undefined ? undefined : body[subtype]
}

const BODY_KINDS: readonly NotificationBodyKind[] = ['data', 'summary', 'externalPurchaseToken', 'appData']

/**
 * Whether a notification belongs to {@link AppStoreNotification}: its type is in
 * {@link NOTIFICATION_TYPES}, its subtype is allowed for that type, and it carries exactly the
 * body the table names. Unrecognised notifications are valid too; they just cannot be narrowed.
 *
 * @example
 * if (isRecognizedNotification(notification)) {
 *   if (notification.notificationType === 'RENEWAL_EXTENSION' && notification.subtype === 'SUMMARY') {
 *     console.log(notification.summary.succeededCount)
 *   }
 * }
 *
 * Exported from `app-store-notifications`.
 */
export function isRecognizedNotification(notification: VerifiedNotification): notification is AppStoreNotification {
  const kind = bodyKindOf(notification.notificationType, notification.subtype)
  if (kind === undefined) return false
  for (const other of BODY_KINDS) {
    if ((notification[other] !== undefined) !== (other === kind)) return false
  }
  return true
}

/**
 * The event keys a notification matches, most general first: `['EXPIRED', 'EXPIRED.VOLUNTARY']`,
 * or `['REFUND']` without a subtype. Computed from the fields alone, so an unrecognised
 * notification yields its own (unknown) keys.
 *
 * @example
 * eventKeysOf({ notificationType: 'EXPIRED', subtype: 'VOLUNTARY' }) // → ['EXPIRED', 'EXPIRED.VOLUNTARY']
 *
 * Exported from `app-store-notifications`.
 */
export function eventKeysOf(notification: AppStoreNotification): NotificationEventKey[]
export function eventKeysOf(notification: { notificationType: string; subtype?: string | undefined }): string[]
export function eventKeysOf(notification: { notificationType: string; subtype?: string | undefined }): string[] {
  const { notificationType, subtype } = notification
  return subtype === undefined ? [notificationType] : [notificationType, `${notificationType}.${subtype}`]
}
