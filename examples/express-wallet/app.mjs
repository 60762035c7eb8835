// The wallet backend of a game: players buy coin packs; Apple tells us about purchases, refund
// requests and refunds. Everything Apple-specific is in this file.
import express from 'express'
import { createAsnHandler } from 'app-store-notifications'
import { createExpressMiddleware } from 'app-store-notifications/express'
import { COIN_PACKS } from './wallet.mjs'

/**
 * @typedef {import('app-store-notifications').NotificationVerifier
 *   | import('app-store-notifications').NotificationVerifierOptions} VerifierInput
 * @typedef {import('app-store-notifications').ConsumptionApi} ConsumptionApi
 * @typedef {ReturnType<typeof import('./wallet.mjs').createMemoryWallet>} Wallet
 */

/**
 * Creates the Express app: `POST /apple/notifications` for Apple, `GET /accounts/:token` to look.
 *
 * @param {object} options
 * @param {VerifierInput} options.verifier Verifier options: bundle id, environments, app Apple id.
 * @param {Wallet} options.wallet Where coins are kept.
 * @param {ConsumptionApi} [options.api] App Store Server API client(s); without it, refund requests are not answered.
 * @param {import('app-store-notifications').AsnErrorListener} [options.onError]
 */
export function createWalletApp({ verifier, wallet, api, onError }) {
  const handler = createAsnHandler({ verifier, ...(api === undefined ? {} : { api }), ...(onError === undefined ? {} : { onError }) })

  /** The coin pack a transaction bought, or undefined when it is something else. */
  const coinPack = (/** @type {import('app-store-notifications').Transaction | undefined} */ transaction) => {
    const coins = COIN_PACKS[/** @type {keyof typeof COIN_PACKS} */ (transaction?.productId)]
    if (coins === undefined || transaction?.transactionId === undefined) return undefined
    // Without the token we cannot tell whose coins these are. Throwing answers 500, so Apple delivers
    // again (for about 6.5 days); set appAccountToken on every purchase in the app to avoid this.
    if (transaction.appAccountToken === undefined) throw new Error(`purchase ${transaction.transactionId} has no appAccountToken`)
    return { appAccountToken: transaction.appAccountToken, transactionId: transaction.transactionId, coins }
  }

  // A purchase of a consumable: credit its coins to the account that bought it.
  handler.on('ONE_TIME_CHARGE', ({ transaction }) => {
    const pack = coinPack(transaction)
    if (pack !== undefined) wallet.credit(pack)
  })

  // Apple refunded the purchase: take the coins back from that account (the balance may go below zero).
  handler.on('REFUND', ({ transaction }) => {
    const pack = coinPack(transaction)
    if (pack !== undefined) wallet.debit(pack)
  })

  // Apple reversed a refund it had granted: give the coins back.
  handler.on('REFUND_REVERSED', ({ transaction }) => {
    if (transaction?.transactionId !== undefined) wallet.restore(transaction.transactionId)
  })

  // A player asked Apple for a refund; Apple asks how the purchase was used. Answer only with consent.
  if (api !== undefined) {
    handler.onConsumptionRequest((_notification, { transaction }) => {
      const account = wallet.account(transaction.appAccountToken)
      if (account?.consentedToShareConsumptionData !== true) return null // no consent: send nothing
      const purchase = transaction.transactionId === undefined ? undefined : wallet.purchase(transaction.transactionId)
      if (purchase === undefined) {
        return { customerConsented: true, deliveryStatus: 'UNDELIVERED_OTHER', sampleContentProvided: false, refundPreference: 'GRANT_FULL' }
      }
      const consumedFraction = wallet.consumedShare(purchase.transactionId)
      return {
        customerConsented: true,
        deliveryStatus: 'DELIVERED',
        sampleContentProvided: false,
        consumedFraction,
        refundPreference: consumedFraction === 0 ? 'GRANT_FULL' : consumedFraction === 1 ? 'DECLINE' : 'GRANT_PRORATED',
      }
    })
  }

  const app = express()
  app.post('/apple/notifications', createExpressMiddleware(handler))
  app.get('/accounts/:token', (request, response) => {
    const account = wallet.account(request.params.token)
    if (account === undefined) response.status(404).json({ error: 'unknown account' })
    else response.json({ balance: account.balance })
  })
  return { app, handler }
}
