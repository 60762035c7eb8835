import * as z from 'zod'
import type { OpenEnum } from './enums.js'
import type { SchemaMatches } from './parse-model.js'

// Advanced Commerce API objects appear only for apps that sell through that API. They are typed
// loosely on purpose: every field optional, unknown fields kept, no semantic validation.

/**
 * Display texts of an Advanced Commerce purchase.
 *
 * @example
 * const d: AdvancedCommerceDescriptors = { description: 'Monthly plan', displayName: 'Pro' }
 *
 * Exported from `app-store-notifications`.
 */
export interface AdvancedCommerceDescriptors {
  /** Description shown to the customer. */
  description?: string
  /** Display name shown to the customer. */
  displayName?: string
}

/**
 * An offer applied to an Advanced Commerce item.
 *
 * @example
 * const offer: AdvancedCommerceOffer = { period: 'P1M', periodCount: 3, price: 990, reason: 'ACQUISITION' }
 *
 * Exported from `app-store-notifications`.
 */
export interface AdvancedCommerceOffer {
  /** Offer period, an ISO 8601 duration such as `P1M`. */
  period?: OpenEnum<'advancedCommerceOfferPeriod'>
  /** How many periods the offer lasts. */
  periodCount?: number
  /** Offer price in milliunits. */
  price?: number
  /** Why the offer was given: `ACQUISITION`, `WIN_BACK` or `RETENTION`. */
  reason?: OpenEnum<'advancedCommerceOfferReason'>
}

/**
 * One refund of an Advanced Commerce item.
 *
 * @example
 * const refund: AdvancedCommerceRefund = { refundAmount: 1990, refundType: 'FULL' }
 *
 * Exported from `app-store-notifications`.
 */
export interface AdvancedCommerceRefund {
  /** Refunded amount in milliunits. */
  refundAmount?: number
  /** When the refund happened (epoch ms). */
  refundDate?: number
  /** Why it was refunded. */
  refundReason?: OpenEnum<'advancedCommerceRefundReason'>
  /** `FULL`, `PRORATED` or `CUSTOM`. */
  refundType?: OpenEnum<'advancedCommerceRefundType'>
}

/**
 * One SKU of an Advanced Commerce transaction.
 *
 * @example
 * const item: AdvancedCommerceTransactionItem = { SKU: 'pro.monthly', price: 4990 }
 *
 * Exported from `app-store-notifications`.
 */
export interface AdvancedCommerceTransactionItem {
  /** Your SKU. */
  SKU?: string
  /** Item description. */
  description?: string
  /** Item display name. */
  displayName?: string
  /** Offer applied to the item. */
  offer?: AdvancedCommerceOffer
  /** Item price in milliunits. */
  price?: number
  /** Refunds of this item. */
  refunds?: AdvancedCommerceRefund[]
  /** When the item was revoked (epoch ms). */
  revocationDate?: number
}

/**
 * Advanced Commerce details of a transaction (`advancedCommerceInfo`).
 *
 * @example
 * if (transaction.advancedCommerceInfo?.items) console.log(transaction.advancedCommerceInfo.items.length)
 * @see https://developer.apple.com/documentation/appstoreserverapi/advancedcommercetransactioninfo
 * Exported from `app-store-notifications`.
 */
export interface AdvancedCommerceTransactionInfo {
  /** Display texts. */
  descriptors?: AdvancedCommerceDescriptors
  /** Estimated tax in milliunits. */
  estimatedTax?: number
  /** The SKUs bought. */
  items?: AdvancedCommerceTransactionItem[]
  /** Billing period, an ISO 8601 duration such as `P1M`. */
  period?: OpenEnum<'advancedCommercePeriod'>
  /** Your reference for the request that created the transaction. */
  requestReferenceId?: string
  /** Tax code. */
  taxCode?: string
  /** Price before tax in milliunits. */
  taxExclusivePrice?: number
  /** Tax rate, as a decimal string. */
  taxRate?: string
}

/**
 * Price increase scheduled for an Advanced Commerce renewal item.
 *
 * @example
 * const info: AdvancedCommercePriceIncreaseInfo = { price: 5990, status: 'PENDING' }
 *
 * Exported from `app-store-notifications`.
 */
export interface AdvancedCommercePriceIncreaseInfo {
  /** SKUs whose price changes along with this one. */
  dependentSKUs?: string[]
  /** New price in milliunits. */
  price?: number
  /** `SCHEDULED`, `PENDING` or `ACCEPTED`. */
  status?: OpenEnum<'advancedCommercePriceIncreaseStatus'>
}

/**
 * One SKU of an Advanced Commerce renewal.
 *
 * @example
 * const item: AdvancedCommerceRenewalItem = { SKU: 'pro.monthly', price: 4990 }
 *
 * Exported from `app-store-notifications`.
 */
export interface AdvancedCommerceRenewalItem {
  /** Your SKU. */
  SKU?: string
  /** Item description. */
  description?: string
  /** Item display name. */
  displayName?: string
  /** Offer applied at renewal. */
  offer?: AdvancedCommerceOffer
  /** Renewal price in milliunits. */
  price?: number
  /** Scheduled price increase. */
  priceIncreaseInfo?: AdvancedCommercePriceIncreaseInfo
}

/**
 * Advanced Commerce details of a renewal (`advancedCommerceInfo` in renewal info).
 *
 * @example
 * console.log(renewalInfo.advancedCommerceInfo?.consistencyToken)
 * @see https://developer.apple.com/documentation/appstoreserverapi/advancedcommercerenewalinfo
 * Exported from `app-store-notifications`.
 */
export interface AdvancedCommerceRenewalInfo {
  /** Token to pass back when changing the subscription. */
  consistencyToken?: string
  /** Display texts. */
  descriptors?: AdvancedCommerceDescriptors
  /** The SKUs that renew. */
  items?: AdvancedCommerceRenewalItem[]
  /** Billing period, an ISO 8601 duration such as `P1M`. */
  period?: OpenEnum<'advancedCommercePeriod'>
  /** Your reference for the request that last changed the subscription. */
  requestReferenceId?: string
  /** Tax code. */
  taxCode?: string
}

const str = z.string().exactOptional()
const num = z.number().exactOptional()

const descriptorsSchema = z.looseObject({ description: str, displayName: str })
const offerSchema = z.looseObject({ period: str, periodCount: num, price: num, reason: str })
const refundSchema = z.looseObject({ refundAmount: num, refundDate: num, refundReason: str, refundType: str })
const transactionItemSchema = z.looseObject({
  SKU: str,
  description: str,
  displayName: str,
  offer: offerSchema.exactOptional(),
  price: num,
  refunds: z.array(refundSchema).exactOptional(),
  revocationDate: num,
})
const priceIncreaseInfoSchema = z.looseObject({ dependentSKUs: z.array(z.string()).exactOptional(), price: num, status: str })
const renewalItemSchema = z.looseObject({
  SKU: str,
  description: str,
  displayName: str,
  offer: offerSchema.exactOptional(),
  price: num,
  priceIncreaseInfo: priceIncreaseInfoSchema.exactOptional(),
})

const transactionInfoObject = z.looseObject({
  descriptors: descriptorsSchema.exactOptional(),
  estimatedTax: num,
  items: z.array(transactionItemSchema).exactOptional(),
  period: str,
  requestReferenceId: str,
  taxCode: str,
  taxExclusivePrice: num,
  taxRate: str,
})
transactionInfoObject satisfies SchemaMatches<typeof transactionInfoObject, AdvancedCommerceTransactionInfo>

const renewalInfoObject = z.looseObject({
  consistencyToken: str,
  descriptors: descriptorsSchema.exactOptional(),
  items: z.array(renewalItemSchema).exactOptional(),
  period: str,
  requestReferenceId: str,
  taxCode: str,
})
renewalInfoObject satisfies SchemaMatches<typeof renewalInfoObject, AdvancedCommerceRenewalInfo>

/**
 * Loose zod schema for {@link AdvancedCommerceTransactionInfo}.
 *
 * @example
 * advancedCommerceTransactionInfoSchema.parse({ taxRate: '0.20', items: [] })
 *
 * Exported from `app-store-notifications`.
 */
export const advancedCommerceTransactionInfoSchema: z.ZodType<AdvancedCommerceTransactionInfo> = transactionInfoObject

/**
 * Loose zod schema for {@link AdvancedCommerceRenewalInfo}.
 *
 * @example
 * advancedCommerceRenewalInfoSchema.parse({ consistencyToken: 'abc' })
 *
 * Exported from `app-store-notifications`.
 */
export const advancedCommerceRenewalInfoSchema: z.ZodType<AdvancedCommerceRenewalInfo> = renewalInfoObject
