import * as z from 'zod'
import { type AdvancedCommerceRenewalInfo, advancedCommerceRenewalInfoSchema } from './advanced-commerce.js'
import type {
  AutoRenewStatus,
  BillingPlanType,
  Environment,
  ExpirationIntent,
  OfferDiscountType,
  OfferType,
  PriceIncreaseStatus,
} from './enums.js'
import { parseModel, type SchemaMatches } from './parse-model.js'

/**
 * What happens when the commitment of a monthly plan ends (`commitmentInfo` in renewal info).
 *
 * @example
 * const info: RenewalCommitmentInfo = { commitmentAutoRenewStatus: 1 }
 * @see https://developer.apple.com/documentation/appstoreserverapi/renewalcommitmentinfo
 * Exported from `app-store-notifications`.
 */
export interface RenewalCommitmentInfo {
  /** Product that renews when the commitment ends. */
  commitmentAutoRenewProductId?: string
  /** Whether the commitment renews: 0 off, 1 on. */
  commitmentAutoRenewStatus?: AutoRenewStatus
  /** Billing plan after the commitment: `BILLED_UPFRONT` or `MONTHLY`. */
  commitmentRenewalBillingPlanType?: BillingPlanType
  /** When the commitment renews (epoch ms). */
  commitmentRenewalDate?: number
  /** Price of the next commitment in milliunits. */
  commitmentRenewalPrice?: number
}

/**
 * Decoded, signed subscription renewal info (`JWSRenewalInfoDecodedPayload`). It has no bundleId:
 * `environment` is its only identity field. Every field may be absent; unknown fields are kept.
 *
 * @example
 * if (renewalInfo.autoRenewStatus === 0) scheduleWinBack(renewalInfo.originalTransactionId)
 * @see https://developer.apple.com/documentation/appstoreserverapi/jwsrenewalinfodecodedpayload
 * Exported from `app-store-notifications`.
 */
export interface RenewalInfo {
  /** Why the subscription expired: 1 cancelled, 2 billing error, 3 price increase, 4 unavailable, 5 other. */
  expirationIntent?: ExpirationIntent
  /** Id of the first transaction of the subscription chain. */
  originalTransactionId?: string
  /** Product that renews at the next billing period. */
  autoRenewProductId?: string
  /** The current product id. */
  productId?: string
  /** Whether the subscription renews: 0 off, 1 on. */
  autoRenewStatus?: AutoRenewStatus
  /** Whether Apple is still trying to bill. */
  isInBillingRetryPeriod?: boolean
  /** 0 not responded to a price increase, 1 consented or notified. */
  priceIncreaseStatus?: PriceIncreaseStatus
  /** When the billing grace period ends (epoch ms). */
  gracePeriodExpiresDate?: number
  /** Offer kind for the next renewal: 1 introductory, 2 promotional, 3 offer code, 4 win-back. */
  offerType?: OfferType
  /** Offer id, or the offer code reference name. */
  offerIdentifier?: string
  /** When the App Store signed this JWS (epoch ms). */
  signedDate?: number
  /** `Sandbox`, `Production` or `Xcode`. */
  environment?: Environment
  /** Start of the current continuous run of the subscription, ignoring gaps of ≤ 60 days (epoch ms). */
  recentSubscriptionStartDate?: number
  /** When the current period ends and the subscription renews (epoch ms). */
  renewalDate?: number
  /** ISO 4217 currency of `renewalPrice`. */
  currency?: string
  /** Price of the next renewal in milliunits of `currency`. */
  renewalPrice?: number
  /** Offer payment mode, e.g. `FREE_TRIAL`. */
  offerDiscountType?: OfferDiscountType
  /** Win-back offer ids the customer qualifies for. */
  eligibleWinBackOfferIds?: string[]
  /** Your user id (UUID) for the upcoming renewal. */
  appAccountToken?: string
  /** Id of the app-download transaction. */
  appTransactionId?: string
  /** Offer duration, an ISO 8601 duration such as `P1M`. */
  offerPeriod?: string
  /** Advanced Commerce details (Advanced Commerce SKUs only). */
  advancedCommerceInfo?: AdvancedCommerceRenewalInfo
  /** Commitment renewal details of a monthly plan. */
  commitmentInfo?: RenewalCommitmentInfo
  /** Billing plan of the next renewal: `BILLED_UPFRONT` or `MONTHLY`. */
  renewalBillingPlanType?: BillingPlanType
}

const str = z.string().exactOptional()
const num = z.number().exactOptional()

const commitmentInfoObject = z.looseObject({
  commitmentAutoRenewProductId: str,
  commitmentAutoRenewStatus: num,
  commitmentRenewalBillingPlanType: str,
  commitmentRenewalDate: num,
  commitmentRenewalPrice: num,
})
commitmentInfoObject satisfies SchemaMatches<typeof commitmentInfoObject, RenewalCommitmentInfo>

const renewalInfoObject = z.looseObject({
  expirationIntent: num,
  originalTransactionId: str,
  autoRenewProductId: str,
  productId: str,
  autoRenewStatus: num,
  isInBillingRetryPeriod: z.boolean().exactOptional(),
  priceIncreaseStatus: num,
  gracePeriodExpiresDate: num,
  offerType: num,
  offerIdentifier: str,
  signedDate: num,
  environment: str,
  recentSubscriptionStartDate: num,
  renewalDate: num,
  currency: str,
  renewalPrice: num,
  offerDiscountType: str,
  eligibleWinBackOfferIds: z.array(z.string()).exactOptional(),
  appAccountToken: str,
  appTransactionId: str,
  offerPeriod: str,
  advancedCommerceInfo: advancedCommerceRenewalInfoSchema.exactOptional(),
  commitmentInfo: commitmentInfoObject.exactOptional(),
  renewalBillingPlanType: str,
})
renewalInfoObject satisfies SchemaMatches<typeof renewalInfoObject, RenewalInfo>

/**
 * zod schema for {@link RenewalInfo}: checks field types, keeps unknown fields and enum values.
 *
 * @example
 * const result = renewalInfoSchema.safeParse(decoded)
 *
 * Exported from `app-store-notifications`.
 */
export const renewalInfoSchema: z.ZodType<RenewalInfo> = renewalInfoObject

/**
 * Validates a decoded renewal info payload. Throws `ERR_PAYLOAD_INVALID` naming the field, the
 * expected type and what was found. Does not verify any signature.
 *
 * @example
 * const renewalInfo = parseRenewalInfo(JSON.parse(payloadJson))
 * console.log(renewalInfo.autoRenewStatus, renewalInfo.renewalDate)
 *
 * Exported from `app-store-notifications`.
 */
export function parseRenewalInfo(value: unknown): RenewalInfo {
  return parseModel(renewalInfoSchema, value, { kind: 'renewal info' })
}
