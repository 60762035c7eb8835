// An in-memory subscription table for the example, keyed by originalTransactionId (one row per
// subscription, stable across renewals). Replace it with your database and keep its one rule:
// every notification is a snapshot of the subscription at its signedDate, so the newest snapshot
// wins and an older one that arrives late (Apple does not guarantee order) is ignored.

/** Apple's `data.status` values. */
const STATES = /** @type {const} */ ({ 1: 'active', 2: 'expired', 3: 'billing_retry', 4: 'grace_period', 5: 'revoked' })

/**
 * @typedef {object} Subscription
 * @property {string} originalTransactionId
 * @property {string | undefined} appAccountToken The UUID your app passed to StoreKit: who the subscriber is.
 * @property {string | undefined} productId
 * @property {'active' | 'expired' | 'billing_retry' | 'grace_period' | 'revoked'} state
 * @property {boolean} willAutoRenew
 * @property {number | undefined} expiresDate Epoch ms: access ends then unless it renews.
 * @property {number} signedDate Epoch ms of the notification this row comes from.
 * @property {string} lastEvent The notification type (and subtype) that produced this row.
 */

/**
 * The state a notification describes, or undefined when it is not about an auto-renewable subscription.
 *
 * @param {import('app-store-notifications').VerifiedNotification} notification
 * @returns {Subscription | undefined}
 */
export function snapshotOf(notification) {
  const { transaction, renewalInfo, data, signedDate } = notification
  if (transaction?.originalTransactionId === undefined || signedDate === undefined) return undefined
  const status = /** @type {keyof typeof STATES | undefined} */ (data?.status)
  return {
    originalTransactionId: transaction.originalTransactionId,
    appAccountToken: transaction.appAccountToken,
    productId: transaction.productId,
    state: (status === undefined ? undefined : STATES[status]) ?? (notification.notificationType === 'EXPIRED' ? 'expired' : 'active'),
    willAutoRenew: renewalInfo?.autoRenewStatus === 1,
    expiresDate: transaction.expiresDate,
    signedDate,
    lastEvent: notification.subtype === undefined ? notification.notificationType : `${notification.notificationType}.${notification.subtype}`,
  }
}

export function createMemorySubscriptions() {
  /** @type {Map<string, Subscription>} */
  const rows = new Map()
  return {
    /** @param {string} originalTransactionId */
    get: (originalTransactionId) => rows.get(originalTransactionId),
    /**
     * Stores `next` unless a newer snapshot is already there.
     * @param {Subscription} next
     * @returns {'applied' | 'stale'}
     */
    apply(next) {
      const current = rows.get(next.originalTransactionId)
      if (current !== undefined && current.signedDate > next.signedDate) return 'stale'
      rows.set(next.originalTransactionId, next)
      return 'applied'
    },
  }
}
