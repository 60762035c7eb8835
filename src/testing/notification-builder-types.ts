// The public types of the notification builders, kept apart from their implementation.
import type { NOTIFICATION_TYPES } from 'app-store-notifications'
import type {
  AppData,
  AppTransaction,
  ConsumptionRequestReason,
  ExternalPurchaseToken,
  NotificationData,
  NotificationPayload,
  NotificationSubtypeOf,
  NotificationSummary,
  NotificationType,
  RenewalInfo,
  Transaction,
} from 'app-store-notifications'
import type { SignedNotification } from './create-test-signer.js'

/**
 * Options of `createNotificationBuilders`: the identity every built notification carries.
 *
 * @example
 * const notifications = createNotificationBuilders(signer, {
 *   bundleId: 'com.example.wallet', environment: 'Production', appAppleId: 1234567890, now: () => new Date('2025-06-01T12:00:00Z'),
 * })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface NotificationBuilderOptions {
  /** Default `'com.example.app'`. */
  readonly bundleId?: string
  /** Default `'Sandbox'`. */
  readonly environment?: 'Sandbox' | 'Production'
  /** Written into every body (and the app transaction) when set; required for Production. */
  readonly appAppleId?: number
  /** `data.bundleVersion` and the app transaction's `applicationVersion`. Default `'42'`. */
  readonly bundleVersion?: string
  /** Clock for `signedDate` (epoch ms or Date). Default `Date.now`. */
  readonly now?: () => number | Date
  /** Source of UUIDs (`notificationUUID`, `requestIdentifier`, …). Default `crypto.randomUUID`. */
  readonly uuid?: () => string
}

/**
 * What any builder call may override. Nested objects are merged over the defaults and then
 * signed; `null` leaves the signed transaction or renewal info out.
 *
 * @example
 * const refund = await notifications.refund({ transaction: { productId: 'gold_pack_500', revocationReason: 1 } })
 * const renewal = await notifications.didRenew({ renewalInfo: null, signedDate: Date.UTC(2025, 5, 1) })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface NotificationOverrides {
  readonly notificationUUID?: string
  /** Epoch ms; nested objects get the same `signedDate`. Default: `now()`. */
  readonly signedDate?: number
  /** Default `'2.0'`. */
  readonly version?: string
  readonly transaction?: Partial<Transaction> | null
  readonly renewalInfo?: Partial<RenewalInfo> | null
  /** RESCIND_CONSENT only: merged over the default app transaction. */
  readonly appTransaction?: Partial<AppTransaction>
  /** Merged over `data` last, after the nested objects were signed. */
  readonly data?: Partial<NotificationData>
  readonly summary?: Partial<NotificationSummary>
  readonly externalPurchaseToken?: Partial<ExternalPurchaseToken>
  readonly appData?: Partial<AppData>
}

/**
 * Overrides of `consumptionRequest`: also the customer's reason.
 *
 * @example
 * const request = await notifications.consumptionRequest({ reason: 'FULFILLMENT_ISSUE', transaction: { productId: 'gold_pack_500' } })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface ConsumptionRequestOverrides extends NotificationOverrides {
  /** `data.consumptionRequestReason`. Default `'UNINTENDED_PURCHASE'`. */
  readonly reason?: ConsumptionRequestReason
}

/**
 * The overrides a builder of type `T` accepts.
 *
 * @example
 * const overrides: OverridesFor<'CONSUMPTION_REQUEST'> = { reason: 'LEGAL' }
 * const request = await notifications.build('CONSUMPTION_REQUEST', null, overrides)
 *
 * Exported from `app-store-notifications/testing`.
 */
export type OverridesFor<T extends NotificationType> = T extends 'CONSUMPTION_REQUEST' ? ConsumptionRequestOverrides : NotificationOverrides

/**
 * A signed notification with the decoded objects it was built from.
 *
 * @example
 * const refund: BuiltNotification<'REFUND'> = await notifications.refund()
 * const response = await handler.fetch(toRequest(refund))
 * expect(refund.transaction?.revocationDate).toBeDefined()
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface BuiltNotification<T extends NotificationType = NotificationType> extends SignedNotification {
  /** The decoded `signedPayload` (nested objects appear as their JWS strings). */
  readonly payload: NotificationPayload & { readonly notificationType: T }
  /** The decoded `data.signedTransactionInfo`, when the notification carries one. */
  readonly transaction?: Transaction
  /** The decoded `data.signedRenewalInfo`, when the notification carries one. */
  readonly renewalInfo?: RenewalInfo
  /** The decoded `appData.signedAppTransactionInfo` (RESCIND_CONSENT). */
  readonly appTransaction?: AppTransaction
}

type TableSubtype<T extends NotificationType> = (typeof NOTIFICATION_TYPES)[T]['subtypes'][number]

/**
 * A subtype the table allows for `T`, or `null` where "no subtype" is allowed.
 *
 * @example
 * const subtype: SubtypeArgument<'DID_RENEW'> = 'BILLING_RECOVERY' // or null: a plain renewal
 * const renewal = await notifications.build('DID_RENEW', subtype)
 *
 * Exported from `app-store-notifications/testing`.
 */
export type SubtypeArgument<T extends NotificationType> = NotificationSubtypeOf<T> | (null extends TableSubtype<T> ? null : never)

/**
 * `'DID_CHANGE_RENEWAL_PREF'` → `'didChangeRenewalPref'`.
 *
 * @example
 * const name: CamelCase<'DID_CHANGE_RENEWAL_PREF'> = 'didChangeRenewalPref'
 * const built = await notifications[name]()
 *
 * Exported from `app-store-notifications/testing`.
 */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Lowercase<Head>}${Capitalize<CamelCase<Tail>>}`
  : Lowercase<S>

/**
 * The builder of one type: `(overrides?)` for types without subtypes, else `(subtype?, overrides?)`
 * or `(overrides)`; an omitted subtype means the table's first one for that type.
 *
 * @example
 * const expired: NotificationBuilder<'EXPIRED'> = notifications.expired
 * const voluntary = await expired('VOLUNTARY', { transaction: { productId: 'pro_monthly' } })
 *
 * Exported from `app-store-notifications/testing`.
 */
export type NotificationBuilder<T extends NotificationType> = [NotificationSubtypeOf<T>] extends [never]
  ? (overrides?: OverridesFor<T>) => Promise<BuiltNotification<T>>
  : {
      (subtype?: SubtypeArgument<T>, overrides?: OverridesFor<T>): Promise<BuiltNotification<T>>
      (overrides: OverridesFor<T>): Promise<BuiltNotification<T>>
    }

/**
 * One builder per notification type, named in camelCase, plus the generic `build`.
 *
 * @example
 * const notifications: NotificationBuilders = createNotificationBuilders(signer)
 * const [refund, recovery] = await Promise.all([notifications.refund(), notifications.build('DID_RENEW', 'BILLING_RECOVERY')])
 *
 * Exported from `app-store-notifications/testing`.
 */
export type NotificationBuilders = { readonly [T in NotificationType as CamelCase<T>]: NotificationBuilder<T> } & {
  /** Builds any type/subtype pair of the table. */
  build<T extends NotificationType>(type: T, subtype?: SubtypeArgument<T>, overrides?: OverridesFor<T>): Promise<BuiltNotification<T>>
}
