// Internal to the testing kit: what each notification type and subtype looks like by default.
// One entry per type of NOTIFICATION_TYPES (a missing type is a compile error), typed by the
// models, so builders and fixtures cannot drift from the table.
import type {
  ConsumptionRequestReason,
  NotificationSubtypeOf,
  NotificationType,
  ProductType,
  RenewalInfo,
  SubscriptionStatus,
  Transaction,
} from 'app-store-notifications'

const SECOND = 1_000
const HOUR = 3_600_000
const DAY = 86_400_000

/** Products the defaults use; prices in milliunits of USD. */
export const PRODUCTS = {
  consumable: { productId: 'coins_100', price: 990 },
  subscription: { productId: 'premium_monthly', price: 9_990, periodMs: 30 * DAY, group: '21000001' },
  upgrade: { productId: 'premium_yearly', price: 99_990, periodMs: 365 * DAY },
  downgrade: { productId: 'basic_monthly', price: 4_990 },
} as const

/** Ids shared by every notification of one builder set, so a subscription's events line up. */
export const IDS = {
  subscriptionOriginal: '2000000100000001',
  consumable: '2000000200000001',
  appTransactionId: '704000000000000001',
} as const

/** What one event changes on top of the product's defaults. */
export interface EventShape {
  readonly transaction?: Partial<Transaction>
  readonly renewalInfo?: Partial<RenewalInfo>
  readonly status?: SubscriptionStatus
  readonly consumptionRequestReason?: ConsumptionRequestReason
  /** The first purchase of a subscription: the transaction id is the original one. */
  readonly initialPurchase?: boolean
}

/** Per type: the product its transaction is about (`null`: none by default) and the event's shape. */
export interface EventRule<T extends NotificationType> {
  readonly product: ProductType | null
  readonly shape?: (subtype: NotificationSubtypeOf<T> | undefined, signedDate: number) => EventShape
}

type Rules = { readonly [T in NotificationType]: EventRule<T> }

const SUBSCRIPTION = 'Auto-Renewable Subscription'
const CONSUMABLE = 'Consumable'

/** A period that started `agoMs` before `signedDate` and lasts `periodMs`. */
function period(signedDate: number, agoMs: number, periodMs: number = PRODUCTS.subscription.periodMs): Partial<Transaction> {
  const purchaseDate = signedDate - agoMs
  return { purchaseDate, expiresDate: purchaseDate + periodMs }
}

const justRenewed = (signedDate: number): Partial<Transaction> => ({ ...period(signedDate, 5 * SECOND), transactionReason: 'RENEWAL' })

const upgraded = (signedDate: number): EventShape => ({
  transaction: {
    ...period(signedDate, 5 * SECOND, PRODUCTS.upgrade.periodMs),
    productId: PRODUCTS.upgrade.productId,
    price: PRODUCTS.upgrade.price,
    transactionReason: 'PURCHASE',
  },
  renewalInfo: { productId: PRODUCTS.upgrade.productId, autoRenewProductId: PRODUCTS.upgrade.productId, renewalPrice: PRODUCTS.upgrade.price },
})

const downgraded: EventShape = {
  renewalInfo: { autoRenewProductId: PRODUCTS.downgrade.productId, renewalPrice: PRODUCTS.downgrade.price },
}

const promotionalOffer: Partial<RenewalInfo> = {
  offerType: 2,
  offerIdentifier: 'loyalty_discount',
  offerDiscountType: 'PAY_AS_YOU_GO',
  offerPeriod: 'P3M',
}

const EXPIRATION_INTENT = { VOLUNTARY: 1, BILLING_RETRY: 2, PRICE_INCREASE: 3, PRODUCT_NOT_FOR_SALE: 4 } as const

/** The default shape of every notification type; see the builders' TSDoc for the resulting payloads. */
export const EVENT_RULES: Rules = {
  SUBSCRIBED: {
    product: SUBSCRIPTION,
    shape: (subtype, signedDate) => {
      const initialPurchase = subtype !== 'RESUBSCRIBE'
      const purchase = period(signedDate, 5 * SECOND)
      return {
        transaction: {
          ...purchase,
          ...(initialPurchase ? { originalPurchaseDate: signedDate - 5 * SECOND } : {}),
          transactionReason: 'PURCHASE',
        },
        renewalInfo: { recentSubscriptionStartDate: signedDate - 5 * SECOND },
        status: 1,
        initialPurchase,
      }
    },
  },
  DID_RENEW: {
    product: SUBSCRIPTION,
    shape: (subtype, signedDate) => ({
      transaction: justRenewed(signedDate),
      ...(subtype === 'BILLING_RECOVERY' ? { renewalInfo: { isInBillingRetryPeriod: false } } : {}),
      status: 1,
    }),
  },
  DID_CHANGE_RENEWAL_PREF: {
    product: SUBSCRIPTION,
    shape: (subtype, signedDate) => ({
      ...(subtype === 'UPGRADE' ? upgraded(signedDate) : subtype === 'DOWNGRADE' ? downgraded : {}),
      status: 1,
    }),
  },
  DID_CHANGE_RENEWAL_STATUS: {
    product: SUBSCRIPTION,
    shape: (subtype) => ({ renewalInfo: { autoRenewStatus: subtype === 'AUTO_RENEW_ENABLED' ? 1 : 0 }, status: 1 }),
  },
  OFFER_REDEEMED: {
    product: SUBSCRIPTION,
    shape: (subtype, signedDate) => {
      const change = subtype === 'UPGRADE' ? upgraded(signedDate) : subtype === 'DOWNGRADE' ? downgraded : {}
      return { ...change, renewalInfo: { ...change.renewalInfo, ...promotionalOffer }, status: 1 }
    },
  },
  EXPIRED: {
    product: SUBSCRIPTION,
    shape: (subtype, signedDate) => ({
      transaction: period(signedDate, PRODUCTS.subscription.periodMs + DAY),
      renewalInfo: { autoRenewStatus: 0, expirationIntent: subtype === undefined ? 5 : EXPIRATION_INTENT[subtype], isInBillingRetryPeriod: false },
      status: 2,
    }),
  },
  DID_FAIL_TO_RENEW: {
    product: SUBSCRIPTION,
    shape: (subtype, signedDate) => {
      const lapsed = period(signedDate, PRODUCTS.subscription.periodMs + HOUR)
      const grace = subtype === 'GRACE_PERIOD' ? { gracePeriodExpiresDate: (lapsed.expiresDate ?? signedDate) + 16 * DAY } : {}
      return {
        transaction: lapsed,
        renewalInfo: { isInBillingRetryPeriod: true, expirationIntent: 2, ...grace },
        status: subtype === 'GRACE_PERIOD' ? 4 : 3,
      }
    },
  },
  GRACE_PERIOD_EXPIRED: {
    product: SUBSCRIPTION,
    shape: (_subtype, signedDate) => ({
      transaction: period(signedDate, PRODUCTS.subscription.periodMs + 16 * DAY),
      renewalInfo: { isInBillingRetryPeriod: true, expirationIntent: 2, gracePeriodExpiresDate: signedDate - SECOND },
      status: 3,
    }),
  },
  PRICE_INCREASE: {
    product: SUBSCRIPTION,
    shape: (subtype) => ({
      renewalInfo: { priceIncreaseStatus: subtype === 'ACCEPTED' ? 1 : 0, renewalPrice: PRODUCTS.subscription.price + 2_000 },
      status: 1,
    }),
  },
  REFUND: {
    product: CONSUMABLE,
    shape: (_subtype, signedDate) => ({
      transaction: { revocationDate: signedDate - SECOND, revocationReason: 0, revocationType: 'REFUND_FULL', revocationPercentage: 100_000 },
      status: 5,
    }),
  },
  REFUND_DECLINED: { product: CONSUMABLE },
  REFUND_REVERSED: { product: CONSUMABLE },
  CONSUMPTION_REQUEST: { product: CONSUMABLE, shape: () => ({ consumptionRequestReason: 'UNINTENDED_PURCHASE' }) },
  RENEWAL_EXTENDED: {
    product: SUBSCRIPTION,
    shape: (_subtype, signedDate) => ({ transaction: period(signedDate, 10 * DAY, PRODUCTS.subscription.periodMs + 7 * DAY), status: 1 }),
  },
  RENEWAL_EXTENSION: { product: SUBSCRIPTION, shape: () => ({ status: 1 }) },
  REVOKE: {
    product: SUBSCRIPTION,
    shape: (_subtype, signedDate) => ({
      transaction: { inAppOwnershipType: 'FAMILY_SHARED', revocationDate: signedDate - SECOND, revocationReason: 0, revocationType: 'FAMILY_REVOKE' },
      renewalInfo: { autoRenewStatus: 0 },
      status: 5,
    }),
  },
  ONE_TIME_CHARGE: { product: CONSUMABLE },
  TEST: { product: null },
  EXTERNAL_PURCHASE_TOKEN: { product: null },
  RESCIND_CONSENT: { product: null },
  METADATA_UPDATE: { product: SUBSCRIPTION, shape: () => ({ status: 1 }) },
  MIGRATION: { product: SUBSCRIPTION, shape: () => ({ status: 1 }) },
  PRICE_CHANGE: { product: SUBSCRIPTION, shape: () => ({ status: 1 }) },
}

/** Defaults of a transaction for `product` before the event's shape: an active, paid purchase. */
export function baseTransaction(product: ProductType, signedDate: number): Transaction {
  if (product === SUBSCRIPTION) {
    return {
      originalTransactionId: IDS.subscriptionOriginal,
      productId: PRODUCTS.subscription.productId,
      subscriptionGroupIdentifier: PRODUCTS.subscription.group,
      originalPurchaseDate: signedDate - 90 * DAY,
      ...period(signedDate, 10 * DAY),
      quantity: 1,
      type: product,
      inAppOwnershipType: 'PURCHASED',
      transactionReason: 'RENEWAL',
      price: PRODUCTS.subscription.price,
    }
  }
  return {
    transactionId: IDS.consumable,
    originalTransactionId: IDS.consumable,
    productId: PRODUCTS.consumable.productId,
    purchaseDate: signedDate - 2 * DAY,
    originalPurchaseDate: signedDate - 2 * DAY,
    quantity: 1,
    type: product,
    inAppOwnershipType: 'PURCHASED',
    transactionReason: 'PURCHASE',
    price: PRODUCTS.consumable.price,
  }
}

/** Renewal info matching a subscription transaction. */
export function baseRenewalInfo(transaction: Transaction): RenewalInfo {
  return {
    originalTransactionId: transaction.originalTransactionId ?? IDS.subscriptionOriginal,
    autoRenewProductId: transaction.productId ?? PRODUCTS.subscription.productId,
    productId: transaction.productId ?? PRODUCTS.subscription.productId,
    autoRenewStatus: 1,
    ...(transaction.signedDate === undefined ? {} : { signedDate: transaction.signedDate }),
    ...(transaction.environment === undefined ? {} : { environment: transaction.environment }),
    ...(transaction.originalPurchaseDate === undefined ? {} : { recentSubscriptionStartDate: transaction.originalPurchaseDate }),
    ...(transaction.expiresDate === undefined ? {} : { renewalDate: transaction.expiresDate }),
    currency: transaction.currency ?? 'USD',
    renewalPrice: transaction.price ?? PRODUCTS.subscription.price,
    appTransactionId: transaction.appTransactionId ?? IDS.appTransactionId,
  }
}
