// buildConsumptionRequestV1: the deprecated V1 body (integer codes), kept only for the cases Apple
// still routes to `PUT /inApps/v1/transactions/consumption/{id}` (Advanced Commerce, apple.md §5.7).
import { AppStoreNotificationError } from '../errors.js'
import { assertConsent, describe } from './consumption-rules.js'

/**
 * Readable input for {@link buildConsumptionRequestV1}. Quantities are given in real units and
 * mapped to Apple's buckets; anything left out is sent as 0 ("undeclared").
 *
 * @example
 * const input: ConsumptionInputV1 = {
 *   customerConsented: true,
 *   sampleContentProvided: false,
 *   deliveryStatus: 'DELIVERED',
 *   consumptionStatus: 'PARTIALLY_CONSUMED',
 *   accountTenureDays: 42,
 * }
 *
 * Exported from `app-store-notifications`.
 */
export interface ConsumptionInputV1 {
  /** Must be `true`; otherwise send nothing. */
  readonly customerConsented: boolean
  readonly sampleContentProvided: boolean
  readonly deliveryStatus:
    | 'DELIVERED'
    | 'UNDELIVERED_QUALITY_ISSUE'
    | 'UNDELIVERED_WRONG_ITEM'
    | 'UNDELIVERED_SERVER_OUTAGE'
    | 'UNDELIVERED_CURRENCY_CHANGE'
    | 'UNDELIVERED_OTHER'
  readonly consumptionStatus?: 'NOT_CONSUMED' | 'PARTIALLY_CONSUMED' | 'FULLY_CONSUMED'
  readonly platform?: 'APPLE' | 'NON_APPLE'
  readonly userStatus?: 'ACTIVE' | 'SUSPENDED' | 'TERMINATED' | 'LIMITED_ACCESS'
  readonly refundPreference?: 'PREFER_GRANT' | 'PREFER_DECLINE' | 'NO_PREFERENCE'
  /** Your UUID for the customer; sent as `""` when absent. */
  readonly appAccountToken?: string
  /** Days since the customer's account was created. */
  readonly accountTenureDays?: number
  /** Minutes the customer used the app. */
  readonly playTimeMinutes?: number
  /** Lifetime in-app purchases of the customer in your app, in US dollars. */
  readonly lifetimeDollarsPurchased?: number
  /** Lifetime refunds of the customer in your app, in US dollars. */
  readonly lifetimeDollarsRefunded?: number
}

/**
 * Apple's deprecated V1 `ConsumptionRequestV1` body: every field an integer code except the
 * booleans and `appAccountToken`.
 *
 * @example
 * const body: ConsumptionRequestV1 = buildConsumptionRequestV1({ customerConsented: true, sampleContentProvided: false, deliveryStatus: 'DELIVERED' })
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi/consumptionrequestv1
 * Exported from `app-store-notifications`.
 */
export interface ConsumptionRequestV1 {
  readonly customerConsented: true
  readonly sampleContentProvided: boolean
  readonly deliveryStatus: number
  readonly consumptionStatus: number
  readonly platform: number
  readonly userStatus: number
  readonly refundPreference: number
  readonly appAccountToken: string
  readonly accountTenure: number
  readonly playTime: number
  readonly lifetimeDollarsPurchased: number
  readonly lifetimeDollarsRefunded: number
}

type Codes<K extends string> = Readonly<Record<K, number>>

const V1_DELIVERY_STATUS: Codes<ConsumptionInputV1['deliveryStatus']> = {
  DELIVERED: 0,
  UNDELIVERED_QUALITY_ISSUE: 1,
  UNDELIVERED_WRONG_ITEM: 2,
  UNDELIVERED_SERVER_OUTAGE: 3,
  UNDELIVERED_CURRENCY_CHANGE: 4,
  UNDELIVERED_OTHER: 5,
}
const V1_CONSUMPTION_STATUS: Codes<NonNullable<ConsumptionInputV1['consumptionStatus']>> = { NOT_CONSUMED: 1, PARTIALLY_CONSUMED: 2, FULLY_CONSUMED: 3 }
const V1_PLATFORM: Codes<NonNullable<ConsumptionInputV1['platform']>> = { APPLE: 1, NON_APPLE: 2 }
const V1_USER_STATUS: Codes<NonNullable<ConsumptionInputV1['userStatus']>> = { ACTIVE: 1, SUSPENDED: 2, TERMINATED: 3, LIMITED_ACCESS: 4 }
const V1_REFUND_PREFERENCE: Codes<NonNullable<ConsumptionInputV1['refundPreference']>> = {
  PREFER_GRANT: 1,
  PREFER_DECLINE: 2,
  NO_PREFERENCE: 3,
}

// Upper bounds (exclusive) of Apple's buckets 1…6; anything at or above the last is bucket 7.
const TENURE_DAYS = [3, 10, 30, 90, 180, 365]
const PLAY_TIME_MINUTES = [5, 60, 6 * 60, 24 * 60, 4 * 24 * 60, 16 * 24 * 60]
// $0 exactly is bucket 1; then $0.01–49.99 is 2 … ≥ $2000 is 7.
const DOLLARS = [50, 100, 500, 1000, 2000]

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Builds the deprecated V1 consumption body. Use it only where Apple still routes requests to
 * V1 (Advanced Commerce); everything else takes {@link buildConsumptionRequest}. Consent is still
 * required: throws `ERR_CONSUMPTION_NO_CONSENT` otherwise, and `ERR_CONSUMPTION_INPUT_INVALID`
 * for unknown values, negative quantities or a malformed `appAccountToken`.
 *
 * @example
 * const body = buildConsumptionRequestV1({
 *   customerConsented: true,
 *   sampleContentProvided: false,
 *   deliveryStatus: 'DELIVERED',
 *   playTimeMinutes: 90,
 * })
 * // → { …, deliveryStatus: 0, playTime: 3, accountTenure: 0, appAccountToken: '' }
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi/consumptionrequestv1
 * Exported from `app-store-notifications`.
 */
export function buildConsumptionRequestV1(input: ConsumptionInputV1): ConsumptionRequestV1 {
  assertConsent(input.customerConsented)
  if (typeof input.sampleContentProvided !== 'boolean') {
    invalid(`sampleContentProvided must be a boolean, got ${describe(input.sampleContentProvided)}`)
  }
  const token = input.appAccountToken ?? ''
  if (typeof token !== 'string' || (token !== '' && !UUID.test(token))) {
    invalid(`appAccountToken must be a UUID or empty, got ${describe(token)}`)
  }
  return {
    customerConsented: true,
    sampleContentProvided: input.sampleContentProvided,
    deliveryStatus: code('deliveryStatus', input.deliveryStatus, V1_DELIVERY_STATUS, false),
    consumptionStatus: code('consumptionStatus', input.consumptionStatus, V1_CONSUMPTION_STATUS, true),
    platform: code('platform', input.platform, V1_PLATFORM, true),
    userStatus: code('userStatus', input.userStatus, V1_USER_STATUS, true),
    refundPreference: code('refundPreference', input.refundPreference, V1_REFUND_PREFERENCE, true),
    appAccountToken: token,
    accountTenure: bucket('accountTenureDays', input.accountTenureDays, TENURE_DAYS, 1),
    playTime: bucket('playTimeMinutes', input.playTimeMinutes, PLAY_TIME_MINUTES, 1),
    lifetimeDollarsPurchased: dollars('lifetimeDollarsPurchased', input.lifetimeDollarsPurchased),
    lifetimeDollarsRefunded: dollars('lifetimeDollarsRefunded', input.lifetimeDollarsRefunded),
  }
}

function code(field: string, value: unknown, table: Readonly<Record<string, number>>, optional: boolean): number {
  if (value === undefined && optional) return 0
  if (typeof value === 'string' && Object.hasOwn(table, value)) return table[value] ?? 0
  return invalid(`${field} must be one of ${Object.keys(table).join(', ')}, got ${describe(value)}`)
}

function bucket(field: string, value: unknown, bounds: readonly number[], first: number): number {
  if (value === undefined) return 0
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    return invalid(`${field} must be a finite number ≥ 0, got ${describe(value)}`)
  }
  const index = bounds.findIndex((bound) => value < bound)
  return first + (index === -1 ? bounds.length : index)
}

function dollars(field: string, value: unknown): number {
  return value === 0 ? 1 : bucket(field, value, DOLLARS, 2)
}

function invalid(message: string): never {
  throw new AppStoreNotificationError('ERR_CONSUMPTION_INPUT_INVALID', message)
}
