// An in-memory coin wallet for the example. Replace it with your database, and keep its two rules:
// accounts are found by the `appAccountToken` your app sets on each purchase, and every purchase
// is credited or debited at most once, by its `transactionId` (Apple may deliver REFUND after a
// retry of ONE_TIME_CHARGE, or deliver either twice).

/** Coins granted by each consumable product id. */
export const COIN_PACKS = Object.freeze({ coins_100: 100, gold_pack_500: 500, gold_pack_1200: 1200 })

/**
 * @typedef {object} Account
 * @property {string} appAccountToken The UUID your app passes to StoreKit's `appAccountToken` purchase option.
 * @property {number} balance Coins; it goes below zero when a player spent coins Apple then refunded.
 * @property {boolean} consentedToShareConsumptionData Whether the player agreed that you tell Apple how they used a purchase.
 */

/**
 * @typedef {object} Purchase
 * @property {string} transactionId
 * @property {string} appAccountToken
 * @property {number} coins
 * @property {'credited' | 'refunded'} state
 */

/** @param {{ accounts?: Array<Partial<Account> & { appAccountToken: string }> }} [options] */
export function createMemoryWallet(options = {}) {
  /** @type {Map<string, Account>} */
  const accounts = new Map()
  /** @type {Map<string, Purchase>} */
  const purchases = new Map()

  const wallet = {
    /** @param {Partial<Account> & { appAccountToken: string }} account */
    addAccount(account) {
      accounts.set(account.appAccountToken, { balance: 0, consentedToShareConsumptionData: false, ...account })
    },
    /** @param {string | undefined} appAccountToken @returns {Account | undefined} */
    account: (appAccountToken) => (appAccountToken === undefined ? undefined : accounts.get(appAccountToken)),
    /** @param {string} transactionId @returns {Purchase | undefined} */
    purchase: (transactionId) => purchases.get(transactionId),
    /**
     * Credits a new purchase. Returns false when this transaction was seen before (a retry, or a
     * REFUND that arrived first: Apple does not guarantee the order of notifications).
     * @param {{ appAccountToken: string, transactionId: string, coins: number }} purchase
     */
    credit({ appAccountToken, transactionId, coins }) {
      if (purchases.has(transactionId)) return false
      accountFor(appAccountToken).balance += coins
      purchases.set(transactionId, { transactionId, appAccountToken, coins, state: 'credited' })
      return true
    },
    /**
     * Takes back a refunded purchase, once, from the account named by its appAccountToken (also
     * when the purchase was credited elsewhere, for example by the app after StoreKit's own check).
     * @param {{ appAccountToken: string, transactionId: string, coins: number }} refund
     */
    debit({ appAccountToken, transactionId, coins }) {
      if (purchases.get(transactionId)?.state === 'refunded') return false
      accountFor(appAccountToken).balance -= coins
      purchases.set(transactionId, { transactionId, appAccountToken, coins, state: 'refunded' })
      return true
    },
    /** Gives back the coins of a refund Apple reversed, once. @param {string} transactionId */
    restore(transactionId) {
      const known = purchases.get(transactionId)
      if (known?.state !== 'refunded') return false
      accountFor(known.appAccountToken).balance += known.coins
      purchases.set(transactionId, { ...known, state: 'credited' })
      return true
    },
    /** The player spends coins in the game. @param {string} appAccountToken @param {number} coins */
    spend(appAccountToken, coins) {
      accountFor(appAccountToken).balance -= coins
    },
    /**
     * The share of a pack already spent, 0–1, assuming coins are spent oldest first: what Apple's
     * consumption information calls the consumed share.
     * @param {string} transactionId
     */
    consumedShare(transactionId) {
      const purchase = purchases.get(transactionId)
      if (purchase === undefined || purchase.state !== 'credited') return 0
      const left = Math.min(Math.max(accountFor(purchase.appAccountToken).balance, 0), purchase.coins)
      return 1 - left / purchase.coins
    },
  }

  /** @param {string} appAccountToken */
  function accountFor(appAccountToken) {
    let account = accounts.get(appAccountToken)
    if (account === undefined) {
      account = { appAccountToken, balance: 0, consentedToShareConsumptionData: false }
      accounts.set(appAccountToken, account)
    }
    return account
  }

  for (const account of options.accounts ?? []) wallet.addAccount(account)
  return wallet
}
