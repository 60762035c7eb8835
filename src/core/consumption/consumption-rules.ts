// Apple's Send Consumption Information (V2) body and its cross-field rules R1–R5 (apple.md §5.2–5.3),
// shared by buildConsumptionRequest and the API client's last check before sending.
import { AppStoreNotificationError } from '../errors.js'

/**
 * Apple's `deliveryStatus` values for the V2 consumption body.
 *
 * @example
 * const status: DeliveryStatus = 'UNDELIVERED_SERVER_OUTAGE'
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi/deliverystatus
 * Exported from `app-store-notifications`.
 */
export type DeliveryStatus =
  | 'DELIVERED'
  | 'UNDELIVERED_QUALITY_ISSUE'
  | 'UNDELIVERED_WRONG_ITEM'
  | 'UNDELIVERED_SERVER_OUTAGE'
  | 'UNDELIVERED_OTHER'

/**
 * Apple's `refundPreference` values for the V2 consumption body.
 *
 * @example
 * const preference: RefundPreference = 'GRANT_PRORATED'
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi/refundpreference
 * Exported from `app-store-notifications`.
 */
export type RefundPreference = 'DECLINE' | 'GRANT_FULL' | 'GRANT_PRORATED'

/**
 * The product types the consumption rules tell apart: a transaction's `type`, verbatim.
 *
 * @example
 * const productType: ConsumptionProductType = 'Consumable'
 *
 * Exported from `app-store-notifications`.
 */
export type ConsumptionProductType =
  | 'Auto-Renewable Subscription'
  | 'Non-Consumable'
  | 'Consumable'
  | 'Non-Renewing Subscription'

/**
 * Apple's V2 `ConsumptionRequest` body, exactly as sent to
 * `PUT /inApps/v2/transactions/consumption/{transactionId}`. Build it with `buildConsumptionRequest`.
 *
 * @example
 * const body: ConsumptionRequest = { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false }
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi/consumptionrequest
 * Exported from `app-store-notifications`.
 */
export interface ConsumptionRequest {
  /** Always `true`: without the customer's consent, send nothing at all. */
  readonly customerConsented: true
  readonly deliveryStatus: DeliveryStatus
  readonly sampleContentProvided: boolean
  readonly refundPreference?: RefundPreference
  /** Share consumed, in milliunits: 0–100000 (67.932 % → 67932). Omitted for auto-renewable subscriptions. */
  readonly consumptionPercentage?: number
}

/** Internal: the known values, for runtime checks. */
export const DELIVERY_STATUS_VALUES: readonly DeliveryStatus[] = [
  'DELIVERED',
  'UNDELIVERED_QUALITY_ISSUE',
  'UNDELIVERED_WRONG_ITEM',
  'UNDELIVERED_SERVER_OUTAGE',
  'UNDELIVERED_OTHER',
]
/** Internal. */
export const REFUND_PREFERENCE_VALUES: readonly RefundPreference[] = ['DECLINE', 'GRANT_FULL', 'GRANT_PRORATED']
/** Internal. */
export const PRODUCT_TYPE_VALUES: readonly ConsumptionProductType[] = [
  'Auto-Renewable Subscription',
  'Non-Consumable',
  'Consumable',
  'Non-Renewing Subscription',
]

/** The largest `consumptionPercentage`: 100 % in milliunits. */
export const FULL_CONSUMPTION = 100_000

/**
 * Throws `ERR_CONSUMPTION_NO_CONSENT` unless `customerConsented` is exactly `true` (rule R1).
 * Internal; shared by the V1 and V2 builders and the API client.
 */
export function assertConsent(customerConsented: unknown): void {
  if (customerConsented === true) return
  throw new AppStoreNotificationError(
    'ERR_CONSUMPTION_NO_CONSENT',
    `customerConsented must be true, got ${JSON.stringify(customerConsented) ?? 'undefined'}: ` +
      'without the customer’s consent Apple asks you to send no consumption information at all (skip the request)',
  )
}

/**
 * Checks a V2 body against Apple's rules R1–R5, in a fixed order (consent, field types, range,
 * auto-renewable, undelivered, prorated), so each bad body always fails with the same code.
 * `productType` is optional: the rules that depend on it apply only when it is known.
 * Internal.
 */
export function assertConsumptionRules(body: ConsumptionRequest, productType?: ConsumptionProductType): void {
  if (typeof body !== 'object' || body === null) invalid(`expected a consumption request object, got ${describe(body)}`)
  assertConsent(body.customerConsented)
  assertOneOf('deliveryStatus', body.deliveryStatus, DELIVERY_STATUS_VALUES)
  if (typeof body.sampleContentProvided !== 'boolean') {
    invalid(`sampleContentProvided must be a boolean, got ${describe(body.sampleContentProvided)}`)
  }
  if (body.refundPreference !== undefined) assertOneOf('refundPreference', body.refundPreference, REFUND_PREFERENCE_VALUES)
  if (productType !== undefined) assertOneOf('productType', productType, PRODUCT_TYPE_VALUES)

  const percentage = body.consumptionPercentage
  if (percentage !== undefined) {
    if (typeof percentage !== 'number' || !Number.isInteger(percentage)) {
      invalid(`consumptionPercentage must be an integer in milliunits (0–100000), got ${describe(percentage)}`)
    }
    if (percentage < 0 || percentage > FULL_CONSUMPTION) {
      throw new AppStoreNotificationError(
        'ERR_CONSUMPTION_PERCENTAGE_OUT_OF_RANGE',
        `consumptionPercentage must be between 0 and 100000 milliunits (0–100 %), got ${percentage}`,
      )
    }
  }

  if (productType === 'Auto-Renewable Subscription' && percentage !== undefined) {
    throw new AppStoreNotificationError(
      'ERR_CONSUMPTION_SUBSCRIPTION_PERCENTAGE',
      `an auto-renewable subscription must not carry a consumption percentage, got ${percentage}: ` +
        'Apple computes it from the elapsed time; leave consumedFraction and consumedPercent out',
    )
  }
  if (body.deliveryStatus !== 'DELIVERED' && percentage !== undefined && percentage !== 0) {
    throw new AppStoreNotificationError(
      'ERR_CONSUMPTION_UNDELIVERED_NONZERO',
      `deliveryStatus ${body.deliveryStatus} requires a consumption percentage of 0, got ${percentage}: ` +
        'nothing can be consumed of what was not delivered',
    )
  }
  if (body.refundPreference === 'GRANT_PRORATED' && productType !== 'Auto-Renewable Subscription') {
    const knownOther = productType !== undefined
    if ((knownOther && percentage === undefined) || percentage === 0 || percentage === FULL_CONSUMPTION) {
      throw new AppStoreNotificationError(
        'ERR_CONSUMPTION_PRORATED_NEEDS_PERCENTAGE',
        `refundPreference GRANT_PRORATED needs a consumption percentage above 0 and below 100 %, got ` +
          `${percentage ?? 'none'}${knownOther ? ` for a ${productType}` : ''}: ` +
          'give the consumed share, or prefer GRANT_FULL or DECLINE',
      )
    }
  }
}

function assertOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): void {
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return
  invalid(`${field} must be one of ${allowed.join(', ')}, got ${describe(value)}`)
}

function invalid(message: string): never {
  throw new AppStoreNotificationError('ERR_CONSUMPTION_INPUT_INVALID', message)
}

/** A short, safe description of a bad value for error messages. Internal. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) {
    return String(value)
  }
  return typeof value
}
