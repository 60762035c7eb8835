/**
 * Every open enum Apple uses in notification payloads, transactions, renewal info, app
 * transactions and API responses: wire value → one-line meaning. Apple adds values every year,
 * so the derived types accept any value of the right primitive type and unknown values are kept
 * verbatim by the parsers; this table only gives autocompletion and documentation.
 *
 * Numeric enums have numeric keys (`APPLE_ENUMS.status[1]`); at runtime `Object.keys` returns
 * them as strings.
 *
 * @example
 * import { APPLE_ENUMS } from 'app-store-notifications'
 * APPLE_ENUMS.expirationIntent[2] // → 'Billing error: the payment method could not be charged.'
 * @see https://developer.apple.com/documentation/appstoreserverapi/jwstransactiondecodedpayload
 * Exported from `app-store-notifications`.
 */
export const APPLE_ENUMS = {
  environment: {
    Sandbox: 'Sandbox: test accounts and TestFlight.',
    Production: 'Production: real customers.',
    Xcode: 'StoreKit Testing in Xcode (locally signed, never chains to Apple).',
  },
  status: {
    1: 'Active.',
    2: 'Expired.',
    3: 'In the billing retry period.',
    4: 'In the billing grace period.',
    5: 'Revoked (refunded or Family Sharing access removed).',
  },
  type: {
    'Auto-Renewable Subscription': 'Auto-renewable subscription.',
    'Non-Consumable': 'Non-consumable in-app purchase.',
    Consumable: 'Consumable in-app purchase.',
    'Non-Renewing Subscription': 'Non-renewing subscription.',
  },
  inAppOwnershipType: {
    PURCHASED: 'The customer bought it.',
    FAMILY_SHARED: 'A family member has access through Family Sharing.',
    ASSIGNED: 'An organisation or group assigned it to the customer.',
  },
  transactionReason: {
    PURCHASE: 'A purchase by the customer (including upgrades and offer redemptions).',
    RENEWAL: 'An automatic subscription renewal.',
  },
  offerType: {
    1: 'Introductory offer.',
    2: 'Promotional offer.',
    3: 'Offer code.',
    4: 'Win-back offer.',
  },
  offerDiscountType: {
    FREE_TRIAL: 'Free trial.',
    PAY_AS_YOU_GO: 'Discounted price for each period.',
    PAY_UP_FRONT: 'Discounted price paid once for the whole offer period.',
    ONE_TIME: 'One-time discount on a non-subscription in-app purchase (offer codes).',
  },
  revocationReason: {
    0: 'Refunded for another reason, such as an accidental purchase.',
    1: 'Refunded because of an actual or perceived issue within the app.',
  },
  revocationType: {
    REFUND_FULL: 'Full refund.',
    REFUND_PRORATED: 'Prorated refund; see revocationPercentage.',
    FAMILY_REVOKE: 'Family Sharing access was removed.',
    ASSIGNMENT_REVOKE: 'The organisation took back an assigned purchase.',
  },
  autoRenewStatus: {
    0: 'Automatic renewal is off.',
    1: 'Automatic renewal is on.',
  },
  expirationIntent: {
    1: 'The customer cancelled.',
    2: 'Billing error: the payment method could not be charged.',
    3: 'The customer did not consent to a price increase.',
    4: 'The product was not available for purchase at renewal time.',
    5: 'Another reason.',
  },
  priceIncreaseStatus: {
    0: 'The customer has not yet responded to a price increase that needs consent.',
    1: 'The customer consented, or was notified of an increase that needs no consent.',
  },
  billingPlanType: {
    BILLED_UPFRONT: 'The whole period is billed at its start.',
    MONTHLY: 'Billed monthly within a 12-month commitment.',
  },
  consumptionRequestReason: {
    UNINTENDED_PURCHASE: 'The customer did not intend to buy.',
    FULFILLMENT_ISSUE: 'The customer had a problem receiving or using the purchase.',
    UNSATISFIED_WITH_PURCHASE: 'The customer is not satisfied with the purchase.',
    LEGAL: 'A legal reason.',
    OTHER: 'Another reason.',
  },
  originalPlatform: {
    iOS: 'iOS.',
    macOS: 'macOS.',
    tvOS: 'tvOS.',
    visionOS: 'visionOS.',
  },
  sendAttemptResult: {
    SUCCESS: 'Your server answered 200–206.',
    TIMED_OUT: 'No answer in time; answer fast and process asynchronously.',
    TLS_ISSUE: 'TLS or certificate problem.',
    CIRCULAR_REDIRECT: 'Redirect loop.',
    NO_RESPONSE: 'Connected, but no response came back.',
    SOCKET_ISSUE: 'Connection-level failure.',
    UNSUPPORTED_CHARSET: 'The response charset was not understood.',
    INVALID_RESPONSE: 'Malformed HTTP response.',
    PREMATURE_CLOSE: 'The connection closed early.',
    UNSUCCESSFUL_HTTP_RESPONSE_CODE: 'A status outside 200–206.',
    OTHER: 'Another failure.',
  },
  orderLookupStatus: {
    0: 'The order id is valid.',
    1: 'The order id is invalid.',
  },
  externalPurchaseTokenType: {
    ACQUISITION: 'Custom-link token for acquiring a new customer.',
    SERVICES: 'Custom-link token for services to an existing customer.',
  },
  advancedCommercePeriod: {
    P1W: 'One week.',
    P1M: 'One month.',
    P2M: 'Two months.',
    P3M: 'Three months.',
    P6M: 'Six months.',
    P1Y: 'One year.',
  },
  advancedCommerceOfferPeriod: {
    P3D: 'Three days.',
    P1W: 'One week.',
    P2W: 'Two weeks.',
    P1M: 'One month.',
    P2M: 'Two months.',
    P3M: 'Three months.',
    P6M: 'Six months.',
    P9M: 'Nine months.',
    P1Y: 'One year.',
  },
  advancedCommerceOfferReason: {
    ACQUISITION: 'Offer to acquire a customer.',
    WIN_BACK: 'Offer to win back a former customer.',
    RETENTION: 'Offer to retain a customer.',
  },
  advancedCommerceRefundReason: {
    UNINTENDED_PURCHASE: 'The customer did not intend to buy.',
    FULFILLMENT_ISSUE: 'The customer had a problem receiving or using the purchase.',
    UNSATISFIED_WITH_PURCHASE: 'The customer is not satisfied with the purchase.',
    LEGAL: 'A legal reason.',
    OTHER: 'Another reason.',
    MODIFY_ITEMS_REFUND: 'Refund after the items of a subscription changed.',
    SIMULATE_REFUND_DECLINE: 'Sandbox only: simulate a declined refund.',
  },
  advancedCommerceRefundType: {
    FULL: 'Full refund.',
    PRORATED: 'Prorated refund.',
    CUSTOM: 'Custom amount.',
  },
  advancedCommercePriceIncreaseStatus: {
    SCHEDULED: 'The price increase is scheduled.',
    PENDING: 'Waiting for the customer to consent.',
    ACCEPTED: 'The customer accepted.',
  },
} as const

type Enums = typeof APPLE_ENUMS

/**
 * The name of an enum in {@link APPLE_ENUMS}.
 *
 * @example
 * const name: AppleEnumName = 'expirationIntent'
 *
 * Exported from `app-store-notifications`.
 */
export type AppleEnumName = keyof Enums

/**
 * The known values of an enum, open to values Apple adds later: `Known | (string & {})` for
 * string enums, `Known | (number & {})` for numeric ones (autocompletion stays, unknown values
 * type-check, a wrong primitive type does not).
 *
 * @example
 * const intent: OpenEnum<'expirationIntent'> = 2
 *
 * Exported from `app-store-notifications`.
 */
export type OpenEnum<N extends AppleEnumName> =
  | keyof Enums[N]
  | (keyof Enums[N] extends number ? number & {} : string & {})

/** `Sandbox`, `Production` or `Xcode`. Exported from `app-store-notifications`. @example const e: Environment = 'Sandbox' */
export type Environment = OpenEnum<'environment'>
/** Subscription status: 1 active … 5 revoked. Exported from `app-store-notifications`. @example const s: SubscriptionStatus = 1 */
export type SubscriptionStatus = OpenEnum<'status'>
/** Product type, e.g. `'Auto-Renewable Subscription'`. Exported from `app-store-notifications`. @example const t: ProductType = 'Consumable' */
export type ProductType = OpenEnum<'type'>
/** `PURCHASED`, `FAMILY_SHARED` or `ASSIGNED`. Exported from `app-store-notifications`. @example const o: InAppOwnershipType = 'PURCHASED' */
export type InAppOwnershipType = OpenEnum<'inAppOwnershipType'>
/** `PURCHASE` or `RENEWAL`. Exported from `app-store-notifications`. @example const r: TransactionReason = 'RENEWAL' */
export type TransactionReason = OpenEnum<'transactionReason'>
/** 1 introductory, 2 promotional, 3 offer code, 4 win-back. Exported from `app-store-notifications`. @example const o: OfferType = 4 */
export type OfferType = OpenEnum<'offerType'>
/** Offer payment mode, e.g. `FREE_TRIAL`. Exported from `app-store-notifications`. @example const d: OfferDiscountType = 'FREE_TRIAL' */
export type OfferDiscountType = OpenEnum<'offerDiscountType'>
/** 0 other reason, 1 app issue. Exported from `app-store-notifications`. @example const r: RevocationReason = 1 */
export type RevocationReason = OpenEnum<'revocationReason'>
/** Full, prorated, family or assignment revoke. Exported from `app-store-notifications`. @example const r: RevocationType = 'REFUND_FULL' */
export type RevocationType = OpenEnum<'revocationType'>
/** 0 off, 1 on. Exported from `app-store-notifications`. @example const a: AutoRenewStatus = 1 */
export type AutoRenewStatus = OpenEnum<'autoRenewStatus'>
/** Why a subscription expired: 1 cancelled … 5 other. Exported from `app-store-notifications`. @example const i: ExpirationIntent = 1 */
export type ExpirationIntent = OpenEnum<'expirationIntent'>
/** 0 not responded, 1 consented or notified. Exported from `app-store-notifications`. @example const p: PriceIncreaseStatus = 0 */
export type PriceIncreaseStatus = OpenEnum<'priceIncreaseStatus'>
/** `BILLED_UPFRONT` or `MONTHLY`. Exported from `app-store-notifications`. @example const b: BillingPlanType = 'MONTHLY' */
export type BillingPlanType = OpenEnum<'billingPlanType'>
/** Why the customer asked for a refund. Exported from `app-store-notifications`. @example const r: ConsumptionRequestReason = 'LEGAL' */
export type ConsumptionRequestReason = OpenEnum<'consumptionRequestReason'>
/** Platform of the original app download. Exported from `app-store-notifications`. @example const p: OriginalPlatform = 'iOS' */
export type OriginalPlatform = OpenEnum<'originalPlatform'>
/** Outcome of one delivery attempt. Exported from `app-store-notifications`. @example const r: SendAttemptResult = 'SUCCESS' */
export type SendAttemptResult = OpenEnum<'sendAttemptResult'>
/** 0 valid, 1 invalid. Exported from `app-store-notifications`. @example const s: OrderLookupStatus = 0 */
export type OrderLookupStatus = OpenEnum<'orderLookupStatus'>
/** Custom-link external purchase token kind. Exported from `app-store-notifications`. @example const t: ExternalPurchaseTokenType = 'SERVICES' */
export type ExternalPurchaseTokenType = OpenEnum<'externalPurchaseTokenType'>
