// The wallet example end to end, on loopback: a player buys a "Gold pack" of 500 coins, spends some,
// asks Apple for a refund, and Apple refunds. Notifications are signed by a throwaway test chain
// shaped like Apple's (the verifier trusts its root instead of Apple's: nothing else changes), and a
// local stand-in plays Apple's App Store Server API. Run by `npm run demo`.
import { once } from 'node:events'
import { createAppStoreServerApi } from 'app-store-notifications'
import { createNotificationBuilders, createTestSigner } from 'app-store-notifications/testing'
import { createWalletApp } from './app.mjs'
import { createLocalInAppPurchaseKey, startLocalAppleApi } from './local-apple-api.mjs'
import { createMemoryWallet } from './wallet.mjs'

const BUNDLE_ID = 'com.example.wallet'
const APP_APPLE_ID = 1234567890
const PLAYER = '7e3fb20b-4cdb-47cc-936d-99d65f608138'
const CREDENTIALS = { issuerId: '57246542-96fe-1a63-e053-0824d011072a', keyId: '2X9R4HXF34', bundleId: BUNDLE_ID }

/**
 * Runs the scenario and prints each step. Resolves `true` when every expectation held.
 *
 * @param {{ log?: (line: string) => void }} [options]
 */
export async function runDemo({ log = console.log } = {}) {
  /** @type {string[]} */
  const failures = []
  const check = (/** @type {boolean} */ ok, /** @type {string} */ message) => {
    log(`   ${ok ? '✓' : '✗'} ${message}`)
    if (!ok) failures.push(message)
  }
  const short = `${PLAYER.slice(0, 8)}…`

  const signer = await createTestSigner()
  const key = createLocalInAppPurchaseKey()
  const apple = await startLocalAppleApi({ ...CREDENTIALS, publicKey: key.publicKey })
  const api = createAppStoreServerApi({ ...CREDENTIALS, privateKey: key.privateKey, environment: 'Sandbox', baseUrl: apple.url })
  const wallet = createMemoryWallet({ accounts: [{ appAccountToken: PLAYER, consentedToShareConsumptionData: true }] })
  const { app } = createWalletApp({
    verifier: {
      bundleId: BUNDLE_ID,
      environment: ['Production', 'Sandbox'],
      appAppleId: APP_APPLE_ID,
      rootCertificates: [signer.rootCertificate], // production: leave out to trust Apple Root CA - G3
    },
    wallet,
    api,
  })
  const server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/apple/notifications`
  const post = async (/** @type {string} */ body) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    return { status: response.status, answer: /** @type {{ ok: boolean, outcome?: string, error?: string }} */ (await response.json()) }
  }
  const balance = () => wallet.account(PLAYER)?.balance

  try {
    log('app-store-notifications demo: the express-wallet example on loopback\n')
    log(`   wallet server            ${url}`)
    log(`   App Store Server API     ${apple.url} (local stand-in)`)
    log(`   player                   ${PLAYER} (appAccountToken; consented to share consumption data)\n`)

    const notifications = createNotificationBuilders(signer, { bundleId: BUNDLE_ID, environment: 'Sandbox' })
    const purchase = { appAccountToken: PLAYER, productId: 'gold_pack_500' }

    log('1. ONE_TIME_CHARGE: the player buys "gold_pack_500"')
    const charge = await notifications.oneTimeCharge({ transaction: purchase })
    const charged = await post(charge.body)
    check(charged.status === 200 && charged.answer.outcome === 'processed', `answered ${charged.status} ${JSON.stringify(charged.answer)}`)
    check(balance() === 500, `credited 500 coins to ${short} (balance ${balance()})`)
    wallet.spend(PLAYER, 200)
    log(`     the player spends 200 coins (balance ${balance()})\n`)

    log('2. CONSUMPTION_REQUEST: the player asks Apple for a refund')
    const request = await notifications.consumptionRequest({ transaction: purchase, reason: 'UNINTENDED_PURCHASE' })
    const requested = await post(request.body)
    check(requested.status === 200, `answered ${requested.status} ${JSON.stringify(requested.answer)}`)
    const sent = apple.consumptionRequests[0]
    check(
      sent?.transactionId === charge.transaction?.transactionId && sent?.body.consumptionPercentage === 40_000,
      `sent consumption information: PUT /inApps/v2/transactions/consumption/${sent?.transactionId} ${JSON.stringify(sent?.body)}`,
    )
    log('')

    log('3. REFUND: Apple refunds the pack')
    const refund = await notifications.refund({ transaction: purchase })
    const refunded = await post(refund.body)
    check(refunded.status === 200 && refunded.answer.outcome === 'processed', `answered ${refunded.status} ${JSON.stringify(refunded.answer)}`)
    check(balance() === -200, `debited 500 coins from ${short} by appAccountToken (balance ${balance()}: 200 refunded coins were already spent)\n`)

    log('4. The same REFUND again: Apple delivers a notification until it gets a 2xx, sometimes twice')
    const again = await post(refund.body)
    check(again.status === 200 && again.answer.outcome === 'duplicate', `duplicate delivery ignored (${again.status}, outcome ${again.answer.outcome})`)
    check(balance() === -200, `balance unchanged (${balance()})\n`)

    log('5. A REFUND signed by someone else (a chain that does not end at the trusted root)')
    const forger = createNotificationBuilders(await createTestSigner(), { bundleId: BUNDLE_ID, environment: 'Sandbox' })
    const forged = await post((await forger.refund({ transaction: { ...purchase, transactionId: '2000000999999999' } })).body)
    check(forged.status === 401, `refused: ${forged.status} ${forged.answer.error}`)
    check(balance() === -200 && apple.rejected.length === 0, `balance unchanged (${balance()})\n`)
  } finally {
    server.closeAllConnections()
    server.close()
    await apple.close()
  }

  log(failures.length === 0 ? 'Every step behaved as expected.' : `${failures.length} expectation(s) failed.`)
  return failures.length === 0
}
