// examples/express-wallet on real Express on loopback, with the example's local stand-in for the
// App Store Server API; then `node examples/express-wallet/main.mjs` as users start it.
import { once } from 'node:events'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Express } from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppStoreServerApi, AsnHandler, NotificationVerifierOptions } from 'app-store-notifications'
import { createAppStoreServerApi } from 'app-store-notifications'
import { createNotificationBuilders, createTestSigner } from 'app-store-notifications/testing'
import { loadExample, runNode, startServing } from './example-process.js'

interface Account { balance: number; consentedToShareConsumptionData: boolean }
interface Wallet {
  account(token: string): Account | undefined
  spend(token: string, coins: number): void
}
interface WalletModule { createMemoryWallet(options?: { accounts?: Array<Partial<Account> & { appAccountToken: string }> }): Wallet }
interface AppModule {
  createWalletApp(options: { verifier: NotificationVerifierOptions; wallet: Wallet; api?: AppStoreServerApi }): { app: Express; handler: AsnHandler }
}
interface LocalApple {
  url: string
  consumptionRequests: Array<{ transactionId: string; body: Record<string, unknown> }>
  rejected: string[]
  close(): Promise<void>
}
interface AppleModule {
  startLocalAppleApi(options: { issuerId: string; keyId: string; bundleId: string; publicKey: string }): Promise<LocalApple>
  createLocalInAppPurchaseKey(): { privateKey: string; publicKey: string }
}

const BUNDLE_ID = 'com.example.wallet'
const PLAYER = '7e3fb20b-4cdb-47cc-936d-99d65f608138'
const CREDENTIALS = { issuerId: '57246542-96fe-1a63-e053-0824d011072a', keyId: '2X9R4HXF34', bundleId: BUNDLE_ID }
const cleanup: Array<() => unknown> = []
afterEach(async () => {
  for (const close of cleanup.splice(0)) await close()
})

async function setUp(consented: boolean) {
  const { createWalletApp } = await loadExample<AppModule>('express-wallet/app.mjs')
  const { createMemoryWallet } = await loadExample<WalletModule>('express-wallet/wallet.mjs')
  const { createLocalInAppPurchaseKey, startLocalAppleApi } = await loadExample<AppleModule>('express-wallet/local-apple-api.mjs')
  const signer = await createTestSigner()
  const key = createLocalInAppPurchaseKey()
  const apple = await startLocalAppleApi({ ...CREDENTIALS, publicKey: key.publicKey })
  cleanup.push(() => apple.close())
  const api = createAppStoreServerApi({ ...CREDENTIALS, privateKey: key.privateKey, environment: 'Sandbox', baseUrl: apple.url, retry: false })
  const wallet = createMemoryWallet({ accounts: [{ appAccountToken: PLAYER, consentedToShareConsumptionData: consented }] })
  const { app } = createWalletApp({ verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] }, wallet, api })
  const server: Server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  cleanup.push(() => {
    server.closeAllConnections()
    server.close()
  })
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const post = async (body: string) => {
    const response = await fetch(`${base}/apple/notifications`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
    return { status: response.status, answer: (await response.json()) as { outcome?: string; error?: string } }
  }
  const notifications = createNotificationBuilders(signer, { bundleId: BUNDLE_ID })
  return { base, post, wallet, apple, notifications }
}

describe('examples/express-wallet', () => {
  it('credits a coin pack, answers the refund request with consent, debits the refund once', async () => {
    const { base, post, wallet, apple, notifications } = await setUp(true)
    const purchase = { appAccountToken: PLAYER, productId: 'gold_pack_500' }

    expect(await post((await notifications.oneTimeCharge({ transaction: purchase })).body)).toMatchObject({ status: 200, answer: { outcome: 'processed' } })
    expect(wallet.account(PLAYER)?.balance).toBe(500)
    wallet.spend(PLAYER, 125)

    const request = await notifications.consumptionRequest({ transaction: purchase })
    expect((await post(request.body)).status).toBe(200)
    expect(apple.rejected).toEqual([])
    expect(apple.consumptionRequests).toEqual([{
      transactionId: request.transaction!.transactionId,
      body: { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, refundPreference: 'GRANT_PRORATED', consumptionPercentage: 25_000 },
    }])

    const refund = await notifications.refund({ transaction: purchase })
    expect((await post(refund.body)).status).toBe(200)
    expect(wallet.account(PLAYER)?.balance).toBe(-125)
    expect(await post(refund.body)).toMatchObject({ status: 200, answer: { outcome: 'duplicate' } })
    // Another REFUND notification for the same transaction (a new notificationUUID) debits nothing more.
    expect((await post((await notifications.refund({ transaction: purchase })).body)).status).toBe(200)
    expect(wallet.account(PLAYER)?.balance).toBe(-125)
    expect(await (await fetch(`${base}/accounts/${PLAYER}`)).json()).toEqual({ balance: -125 })
  })

  it('sends nothing to Apple without consent, and a refund that arrives first is not credited later', async () => {
    const { post, wallet, apple, notifications } = await setUp(false)
    const purchase = { appAccountToken: PLAYER, productId: 'gold_pack_500' }
    expect((await post((await notifications.consumptionRequest({ transaction: purchase })).body)).status).toBe(200)
    expect(apple.consumptionRequests).toEqual([])

    expect((await post((await notifications.refund({ transaction: purchase })).body)).status).toBe(200)
    expect((await post((await notifications.oneTimeCharge({ transaction: purchase })).body)).status).toBe(200)
    expect(wallet.account(PLAYER)?.balance).toBe(-500)
  })

  it('answers 500 for a purchase without appAccountToken, so Apple delivers it again', async () => {
    const { post, notifications } = await setUp(true)
    const orphan = await notifications.oneTimeCharge({ transaction: { productId: 'gold_pack_500' } })
    expect(await post(orphan.body)).toMatchObject({ status: 500, answer: { error: 'ERR_HANDLER_FAILED' } })
  })

  it('node examples/express-wallet/main.mjs serves with Apple\'s root and refuses a test-signed notification', async () => {
    const serving = await startServing(['examples/express-wallet/main.mjs'], {
      APP_STORE_BUNDLE_ID: BUNDLE_ID, APP_STORE_APP_APPLE_ID: '1234567890', PORT: '0',
    })
    try {
      const signed = await createNotificationBuilders(await createTestSigner(), { bundleId: BUNDLE_ID }).oneTimeCharge()
      const response = await fetch(serving.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: signed.body })
      expect(response.status).toBe(401)
      expect(await response.json()).toEqual({ ok: false, error: 'ERR_CHAIN_UNTRUSTED_ROOT' })
      expect(serving.output()).toContain('refund requests will not be answered')
    } finally {
      expect(await serving.stop()).toBe(0)
    }
  })

  it('main.mjs explains a configuration mistake and exits 2', async () => {
    const missing = await runNode(['examples/express-wallet/main.mjs'], { APP_STORE_BUNDLE_ID: '' })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('Set APP_STORE_BUNDLE_ID')
    const noAppleId = await runNode(['examples/express-wallet/main.mjs'], { APP_STORE_BUNDLE_ID: BUNDLE_ID, APP_STORE_APP_APPLE_ID: '' })
    expect(noAppleId.code).toBe(2)
    expect(noAppleId.stderr).toContain('ERR_CONFIG_INVALID: appAppleId')
  })
})
