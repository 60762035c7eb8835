import * as z from 'zod'
import { type AdvancedCommerceTransactionInfo, advancedCommerceTransactionInfoSchema } from './advanced-commerce.js'
import type {
  BillingPlanType,
  Environment,
  InAppOwnershipType,
  OfferDiscountType,
  OfferType,
  ProductType,
  RevocationReason,
  RevocationType,
  TransactionReason,
} from './enums.js'
import { parseModel, type SchemaMatches } from './parse-model.js'

/**
 * Commitment details of a monthly plan with a 12-month commitment (`commitmentInfo`).
 *
 * @example
 * const info: TransactionCommitmentInfo = { billingPeriodNumber: 3, totalBillingPeriods: 12 }
 * @see https://developer.apple.com/documentation/appstoreserverapi/transactioncommitmentinfo
 * Exported from `app-store-notifications`.
 */
export interface TransactionCommitmentInfo {
  /** Which billing period of the commitment this transaction pays, 1–12. */
  billingPeriodNumber?: number
  /** When the commitment ends (epoch ms). */
  commitmentExpiresDate?: number
  /** Total price of the commitment in milliunits of `currency`. */
  commitmentPrice?: number
  /** Number of billing periods in the commitment. */
  totalBillingPeriods?: number
}

/**
 * A decoded, signed transaction (`JWSTransactionDecodedPayload`). Dates are epoch milliseconds,
 * prices milliunits; every field may be absent; unknown fields are kept verbatim.
 *
 * @example
 * if (transaction.revocationDate !== undefined) revokeAccess(transaction.originalTransactionId)
 * @see https://developer.apple.com/documentation/appstoreserverapi/jwstransactiondecodedpayload
 * Exported from `app-store-notifications`.
 */
export interface Transaction {
  /** Id of this purchase, restore or renewal. */
  transactionId?: string
  /** Id of the first transaction of the purchase or subscription chain. */
  originalTransactionId?: string
  /** Id of a subscription purchase event across devices, including renewals. */
  webOrderLineItemId?: string
  /** The app's bundle id. */
  bundleId?: string
  /** The product id. */
  productId?: string
  /** The subscription group, for subscriptions. */
  subscriptionGroupIdentifier?: string
  /** When the App Store charged (or restored) the purchase (epoch ms). */
  purchaseDate?: number
  /** When the original transaction was purchased (epoch ms). */
  originalPurchaseDate?: number
  /** When the subscription expires or renews (epoch ms). */
  expiresDate?: number
  /** Number of consumable items bought. */
  quantity?: number
  /** Product type, e.g. `'Auto-Renewable Subscription'`. */
  type?: ProductType
  /** Your user id (UUID) set at purchase or through Set App Account Token. */
  appAccountToken?: string
  /** `PURCHASED`, `FAMILY_SHARED` or `ASSIGNED`. */
  inAppOwnershipType?: InAppOwnershipType
  /** When the App Store signed this JWS (epoch ms). */
  signedDate?: number
  /** Why it was refunded: 0 other, 1 app issue. Present after REFUND or REVOKE. */
  revocationReason?: RevocationReason
  /** When it was refunded or revoked (epoch ms). */
  revocationDate?: number
  /** Whether an upgrade to another subscription superseded it. */
  isUpgraded?: boolean
  /** Offer kind: 1 introductory, 2 promotional, 3 offer code, 4 win-back. */
  offerType?: OfferType
  /** Offer id, or the offer code reference name. */
  offerIdentifier?: string
  /** `Sandbox`, `Production` or `Xcode`. */
  environment?: Environment
  /** ISO 3166 alpha-3 country of the storefront. */
  storefront?: string
  /** Apple's storefront id. */
  storefrontId?: string
  /** `PURCHASE` or `RENEWAL`. */
  transactionReason?: TransactionReason
  /** ISO 4217 currency of `price`. */
  currency?: string
  /** Price paid after offers, in milliunits of `currency` (1.99 → 1990). */
  price?: number
  /** Offer payment mode, e.g. `FREE_TRIAL`. */
  offerDiscountType?: OfferDiscountType
  /** Id of the app-download transaction. */
  appTransactionId?: string
  /** Offer duration, an ISO 8601 duration such as `P1M`. */
  offerPeriod?: string
  /** Full, prorated, family or assignment revoke. */
  revocationType?: RevocationType
  /** Refunded share in milliunits (100 % → 100000). */
  revocationPercentage?: number
  /** Original transaction id before migration to the Advanced Commerce API. */
  previousOriginalTransactionId?: string
  /** Advanced Commerce details (Advanced Commerce SKUs only). */
  advancedCommerceInfo?: AdvancedCommerceTransactionInfo
  /** `BILLED_UPFRONT` or `MONTHLY`. */
  billingPlanType?: BillingPlanType
  /** Commitment details of a monthly plan. */
  commitmentInfo?: TransactionCommitmentInfo
}

const str = z.string().exactOptional()
const num = z.number().exactOptional()

const commitmentInfoObject = z.looseObject({
  billingPeriodNumber: num,
  commitmentExpiresDate: num,
  commitmentPrice: num,
  totalBillingPeriods: num,
})
commitmentInfoObject satisfies SchemaMatches<typeof commitmentInfoObject, TransactionCommitmentInfo>

const transactionObject = z.looseObject({
  transactionId: str,
  originalTransactionId: str,
  webOrderLineItemId: str,
  bundleId: str,
  productId: str,
  subscriptionGroupIdentifier: str,
  purchaseDate: num,
  originalPurchaseDate: num,
  expiresDate: num,
  quantity: num,
  type: str,
  appAccountToken: str,
  inAppOwnershipType: str,
  signedDate: num,
  revocationReason: num,
  revocationDate: num,
  isUpgraded: z.boolean().exactOptional(),
  offerType: num,
  offerIdentifier: str,
  environment: str,
  storefront: str,
  storefrontId: str,
  transactionReason: str,
  currency: str,
  price: num,
  offerDiscountType: str,
  appTransactionId: str,
  offerPeriod: str,
  revocationType: str,
  revocationPercentage: num,
  previousOriginalTransactionId: str,
  advancedCommerceInfo: advancedCommerceTransactionInfoSchema.exactOptional(),
  billingPlanType: str,
  commitmentInfo: commitmentInfoObject.exactOptional(),
})
transactionObject satisfies SchemaMatches<typeof transactionObject, Transaction>

/**
 * zod schema for {@link Transaction}: checks field types, keeps unknown fields and enum values.
 *
 * @example
 * const result = transactionSchema.safeParse(decoded)
 *
 * Exported from `app-store-notifications`.
 */
export const transactionSchema: z.ZodType<Transaction> = transactionObject

/**
 * Validates a decoded transaction payload. Throws `ERR_PAYLOAD_INVALID` naming the field, the
 * expected type and what was found. Does not verify any signature.
 *
 * @example
 * const transaction = parseTransaction(JSON.parse(payloadJson))
 * console.log(transaction.productId, transaction.price)
 *
 * Exported from `app-store-notifications`.
 */
export function parseTransaction(value: unknown): Transaction {
  return parseModel(transactionSchema, value, { kind: 'transaction' })
}
