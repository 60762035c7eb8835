import * as z from 'zod'
import type { ConsumptionRequestReason, Environment, ExternalPurchaseTokenType, SubscriptionStatus } from './enums.js'
import type { NotificationSubtype, NotificationType } from './notification-types.js'
import { parseModel, type SchemaMatches } from './parse-model.js'

/**
 * The `data` body: app metadata plus the signed transaction and renewal info. Present for every
 * in-app purchase notification except `RENEWAL_EXTENSION`/`SUMMARY` and `EXTERNAL_PURCHASE_TOKEN`.
 *
 * @example
 * const jws = notification.data?.signedTransactionInfo
 * @see https://developer.apple.com/documentation/appstoreservernotifications/data
 * Exported from `app-store-notifications`.
 */
export interface NotificationData {
  /** The app's App Store id; Apple omits it in Sandbox. */
  appAppleId?: number
  /** The app's bundle id. */
  bundleId?: string
  /** The app's build version. */
  bundleVersion?: string
  /** `Sandbox` or `Production`. */
  environment?: Environment
  /** Signed transaction (JWS); absent in `TEST`. */
  signedTransactionInfo?: string
  /** Signed renewal info (JWS); auto-renewable subscriptions only. */
  signedRenewalInfo?: string
  /** Subscription status at `signedDate`: 1 active … 5 revoked; auto-renewable subscriptions only. */
  status?: SubscriptionStatus
  /** Why the customer asked for a refund; `CONSUMPTION_REQUEST` only. */
  consumptionRequestReason?: ConsumptionRequestReason
}

/**
 * The `summary` body of `RENEWAL_EXTENSION`/`SUMMARY`: a renewal-date extension for all active
 * subscribers finished.
 *
 * @example
 * console.log(`${summary.succeededCount} extended, ${summary.failedCount} failed`)
 * @see https://developer.apple.com/documentation/appstoreservernotifications/summary
 * Exported from `app-store-notifications`.
 */
export interface NotificationSummary {
  /** The UUID you gave when requesting the extension. */
  requestIdentifier?: string
  /** `Sandbox` or `Production`. */
  environment?: Environment
  /** The app's App Store id; Apple omits it in Sandbox. */
  appAppleId?: number
  /** The app's bundle id. */
  bundleId?: string
  /** The subscription that was extended. */
  productId?: string
  /** ISO alpha-3 storefront countries included; absent means all storefronts. */
  storefrontCountryCodes?: string[]
  /** How many subscriptions were extended. */
  succeededCount?: number
  /** How many subscriptions could not be extended. */
  failedCount?: number
}

/**
 * The `externalPurchaseToken` body of `EXTERNAL_PURCHASE_TOKEN` (External Purchase API apps). It
 * has no environment field: an `externalPurchaseId` starting with `SANDBOX` marks Sandbox.
 *
 * @example
 * const sandbox = token.externalPurchaseId?.startsWith('SANDBOX') ?? false
 * @see https://developer.apple.com/documentation/appstoreservernotifications/externalpurchasetoken
 * Exported from `app-store-notifications`.
 */
export interface ExternalPurchaseToken {
  /** Unique id of the token; a `SANDBOX` prefix marks Sandbox. */
  externalPurchaseId?: string
  /** When the token was created (epoch ms). */
  tokenCreationDate?: number
  /** The app's App Store id. */
  appAppleId?: number
  /** The app's bundle id. */
  bundleId?: string
  /** Custom-link tokens only: the token kind, e.g. `ACQUISITION` or `SERVICES`. */
  tokenType?: ExternalPurchaseTokenType
  /** Custom-link tokens only: when the token expires (epoch ms). */
  tokenExpirationDate?: number
}

/**
 * The `appData` body of `RESCIND_CONSENT`: app metadata and the signed app transaction.
 *
 * @example
 * const jws = notification.appData?.signedAppTransactionInfo
 * @see https://developer.apple.com/documentation/appstoreservernotifications/appdata
 * Exported from `app-store-notifications`.
 */
export interface AppData {
  /** The app's App Store id; Apple omits it in Sandbox. */
  appAppleId?: number
  /** The app's bundle id. */
  bundleId?: string
  /** `Sandbox` or `Production`. */
  environment?: Environment
  /** Signed app transaction (JWS). */
  signedAppTransactionInfo?: string
}

/**
 * The decoded `signedPayload` of a notification (`responseBodyV2DecodedPayload`). Apple sends
 * exactly one of `data`, `summary`, `externalPurchaseToken` and `appData`; this model does not
 * enforce that (the verifier does). Unknown fields and enum values are kept verbatim.
 *
 * @example
 * const payload = parseNotificationPayload(JSON.parse(payloadJson))
 * console.log(payload.notificationType, payload.subtype, payload.notificationUUID)
 * @see https://developer.apple.com/documentation/appstoreservernotifications/responsebodyv2decodedpayload
 * Exported from `app-store-notifications`.
 */
export interface NotificationPayload {
  /** The event, e.g. `DID_RENEW`; unknown types are kept. */
  notificationType: NotificationType | (string & {})
  /** Refines the event, e.g. `VOLUNTARY`; absent when there is none. */
  subtype?: NotificationSubtype | (string & {})
  /** Unique id of the notification, stable across Apple's retries: the idempotency key. */
  notificationUUID: string
  /** Notification version, `"2.0"`. */
  version?: string
  /** When the App Store signed the payload (epoch ms). */
  signedDate?: number
  /** App metadata and signed transaction/renewal info (in-app purchase events). */
  data?: NotificationData
  /** Result of a renewal-date extension for all subscribers (`RENEWAL_EXTENSION`/`SUMMARY`). */
  summary?: NotificationSummary
  /** The external purchase token (`EXTERNAL_PURCHASE_TOKEN`). */
  externalPurchaseToken?: ExternalPurchaseToken
  /** App metadata and signed app transaction (`RESCIND_CONSENT`). */
  appData?: AppData
}

const str = z.string().exactOptional()
const num = z.number().exactOptional()

const dataObject = z.looseObject({
  appAppleId: num,
  bundleId: str,
  bundleVersion: str,
  environment: str,
  signedTransactionInfo: str,
  signedRenewalInfo: str,
  status: num,
  consumptionRequestReason: str,
})
dataObject satisfies SchemaMatches<typeof dataObject, NotificationData>

const summaryObject = z.looseObject({
  requestIdentifier: str,
  environment: str,
  appAppleId: num,
  bundleId: str,
  productId: str,
  storefrontCountryCodes: z.array(z.string()).exactOptional(),
  succeededCount: num,
  failedCount: num,
})
summaryObject satisfies SchemaMatches<typeof summaryObject, NotificationSummary>

const externalPurchaseTokenObject = z.looseObject({
  externalPurchaseId: str,
  tokenCreationDate: num,
  appAppleId: num,
  bundleId: str,
  tokenType: str,
  tokenExpirationDate: num,
})
externalPurchaseTokenObject satisfies SchemaMatches<typeof externalPurchaseTokenObject, ExternalPurchaseToken>

const appDataObject = z.looseObject({ appAppleId: num, bundleId: str, environment: str, signedAppTransactionInfo: str })
appDataObject satisfies SchemaMatches<typeof appDataObject, AppData>

const payloadObject = z.looseObject({
  notificationType: z.string(),
  subtype: str,
  notificationUUID: z.string(),
  version: str,
  signedDate: num,
  data: dataObject.exactOptional(),
  summary: summaryObject.exactOptional(),
  externalPurchaseToken: externalPurchaseTokenObject.exactOptional(),
  appData: appDataObject.exactOptional(),
})
payloadObject satisfies SchemaMatches<typeof payloadObject, NotificationPayload>

/** zod schema for {@link NotificationData}. Exported from `app-store-notifications`. @example notificationDataSchema.parse({ bundleId: 'com.example' }) */
export const notificationDataSchema: z.ZodType<NotificationData> = dataObject
/** zod schema for {@link NotificationSummary}. Exported from `app-store-notifications`. @example notificationSummarySchema.parse({ succeededCount: 5 }) */
export const notificationSummarySchema: z.ZodType<NotificationSummary> = summaryObject
/** zod schema for {@link ExternalPurchaseToken}. Exported from `app-store-notifications`. @example externalPurchaseTokenSchema.parse({ externalPurchaseId: 'SANDBOX_1' }) */
export const externalPurchaseTokenSchema: z.ZodType<ExternalPurchaseToken> = externalPurchaseTokenObject
/** zod schema for {@link AppData}. Exported from `app-store-notifications`. @example appDataSchema.parse({ environment: 'Sandbox' }) */
export const appDataSchema: z.ZodType<AppData> = appDataObject

/**
 * zod schema for {@link NotificationPayload}: checks field types of the payload and its body,
 * keeps unknown fields and enum values. Signed strings inside stay strings.
 *
 * @example
 * const result = notificationPayloadSchema.safeParse(decoded)
 *
 * Exported from `app-store-notifications`.
 */
export const notificationPayloadSchema: z.ZodType<NotificationPayload> = payloadObject

/**
 * Validates a decoded notification payload. Throws `ERR_PAYLOAD_INVALID` naming the field, the
 * expected type and what was found. Does not verify any signature, does not decode the nested
 * JWS, and does not require exactly one body (the verifier checks that with its own code).
 *
 * @example
 * const payload = parseNotificationPayload(JSON.parse(payloadJson))
 * if (payload.notificationType === 'TEST') console.log('test notification received')
 *
 * Exported from `app-store-notifications`.
 */
export function parseNotificationPayload(value: unknown): NotificationPayload {
  return parseModel(notificationPayloadSchema, value, { kind: 'notification payload' })
}
