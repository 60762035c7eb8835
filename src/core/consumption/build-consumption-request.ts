// buildConsumptionRequest: readable input → Apple's exact V2 ConsumptionRequest body, rules enforced.
import { AppStoreNotificationError } from '../errors.js'
import {
  assertConsent,
  assertConsumptionRules,
  describe,
  FULL_CONSUMPTION,
  type ConsumptionProductType,
  type ConsumptionRequest,
  type DeliveryStatus,
  type RefundPreference,
} from './consumption-rules.js'

/**
 * Readable input for {@link buildConsumptionRequest}. Give the consumed share at most once,
 * either as `consumedFraction` (0–1) or as `consumedPercent` (0–100); leave both out for
 * auto-renewable subscriptions, whose share Apple computes itself.
 *
 * @example
 * const input: ConsumptionInput = {
 *   customerConsented: true,
 *   deliveryStatus: 'DELIVERED',
 *   sampleContentProvided: false,
 *   consumedFraction: 0.25,
 *   refundPreference: 'GRANT_PRORATED',
 *   productType: 'Consumable',
 * }
 *
 * Exported from `app-store-notifications`.
 */
export interface ConsumptionInput {
  /** Must be `true`: the customer consented to sharing this data. Otherwise send nothing. */
  readonly customerConsented: boolean
  /** Whether the purchase was delivered and works. */
  readonly deliveryStatus: DeliveryStatus
  /** Whether a free sample, trial or information about the product was offered before purchase. */
  readonly sampleContentProvided: boolean
  /** Your preference for Apple's decision; omitted from the body when absent. */
  readonly refundPreference?: RefundPreference
  /** Share consumed as a fraction, 0–1 (0.67932 → 67932 milliunits). */
  readonly consumedFraction?: number
  /** Share consumed as a percentage, 0–100 (67.932 → 67932 milliunits). */
  readonly consumedPercent?: number
  /** The transaction's `type`, when known; enables the product-specific rules. */
  readonly productType?: ConsumptionProductType
}

/**
 * Builds Apple's Send Consumption Information (V2) body and enforces its cross-field rules.
 * The consumed share becomes an integer in milliunits (0–100000, rounded to the nearest).
 *
 * Throws `ERR_CONSUMPTION_NO_CONSENT` unless `customerConsented` is `true` (send nothing then),
 * `ERR_CONSUMPTION_INPUT_INVALID` for unknown values or both share forms,
 * `ERR_CONSUMPTION_PERCENTAGE_OUT_OF_RANGE` outside 0–100 %,
 * `ERR_CONSUMPTION_SUBSCRIPTION_PERCENTAGE` when an auto-renewable subscription carries a share,
 * `ERR_CONSUMPTION_UNDELIVERED_NONZERO` when something undelivered was consumed, and
 * `ERR_CONSUMPTION_PRORATED_NEEDS_PERCENTAGE` when `GRANT_PRORATED` lacks a share strictly
 * between 0 and 100 % (for other products than auto-renewable subscriptions).
 *
 * @example
 * const body = buildConsumptionRequest({
 *   customerConsented: true,
 *   deliveryStatus: 'DELIVERED',
 *   sampleContentProvided: false,
 *   consumedPercent: 67.932,
 *   productType: 'Consumable',
 * })
 * // → { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, consumptionPercentage: 67932 }
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi/consumptionrequest
 * Exported from `app-store-notifications`.
 */
export function buildConsumptionRequest(input: ConsumptionInput): ConsumptionRequest {
  if (typeof input !== 'object' || input === null) {
    throw new AppStoreNotificationError(
      'ERR_CONSUMPTION_INPUT_INVALID',
      `buildConsumptionRequest expects an input object, got ${describe(input)}`,
    )
  }
  assertConsent(input.customerConsented)
  const consumptionPercentage = toMilliunits(input)
  const body: ConsumptionRequest = {
    customerConsented: true,
    deliveryStatus: input.deliveryStatus,
    sampleContentProvided: input.sampleContentProvided,
    ...(input.refundPreference === undefined ? {} : { refundPreference: input.refundPreference }),
    ...(consumptionPercentage === undefined ? {} : { consumptionPercentage }),
  }
  assertConsumptionRules(body, input.productType)
  return body
}

function toMilliunits(input: ConsumptionInput): number | undefined {
  const { consumedFraction, consumedPercent } = input
  if (consumedFraction !== undefined && consumedPercent !== undefined) {
    throw new AppStoreNotificationError(
      'ERR_CONSUMPTION_INPUT_INVALID',
      `give the consumed share once, got both consumedFraction ${describe(consumedFraction)} ` +
        `and consumedPercent ${describe(consumedPercent)}: keep one of them`,
    )
  }
  if (consumedFraction !== undefined) return scale('consumedFraction', consumedFraction, 1, FULL_CONSUMPTION)
  if (consumedPercent !== undefined) return scale('consumedPercent', consumedPercent, 100, FULL_CONSUMPTION / 100)
  return undefined
}

function scale(field: string, value: unknown, max: number, factor: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AppStoreNotificationError(
      'ERR_CONSUMPTION_INPUT_INVALID',
      `${field} must be a finite number between 0 and ${max}, got ${describe(value)}`,
    )
  }
  if (value < 0 || value > max) {
    throw new AppStoreNotificationError(
      'ERR_CONSUMPTION_PERCENTAGE_OUT_OF_RANGE',
      `${field} must be between 0 and ${max}, got ${value}` +
        (field === 'consumedFraction' && value > 1 && value <= 100 ? ' (a percentage? use consumedPercent)' : ''),
    )
  }
  // Milliunits carry three decimals of a percent; rounding absorbs binary float noise (0.67932 × 100000).
  return Math.round(value * factor)
}
