// The README's "Testing your notification code" example, verbatim: if this file changes, update
// the README (and the other way round).
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, expect, it } from 'vitest'
import { createAsnHandler } from 'app-store-notifications'
import type { NotificationVerifierOptions } from 'app-store-notifications'
import { createExpressMiddleware } from 'app-store-notifications/express'
import { createNotificationBuilders, createTestSigner } from 'app-store-notifications/testing'

// ---- your app (src/app.ts) --------------------------------------------------------------
const COINS: Record<string, number> = { gold_pack_500: 500 }

function createApp(wallet: Map<string, number>, verifier: NotificationVerifierOptions) {
  const handler = createAsnHandler({ verifier })
  handler.on('REFUND', ({ transaction }) => {
    const user = transaction?.appAccountToken
    if (user === undefined) return
    wallet.set(user, (wallet.get(user) ?? 0) - (COINS[transaction?.productId ?? ''] ?? 0))
  })
  return express().post('/apple/notifications', createExpressMiddleware(handler))
}

// In production: createApp(wallet, { bundleId: 'com.example.wallet', environment: ['Production', 'Sandbox'], appAppleId: 1234567890 })

// ---- your test (test/refund.test.ts) -----------------------------------------------------
const servers: { close(): unknown }[] = []
afterEach(() => servers.splice(0).forEach((server) => server.close()))

async function start(app: express.Express): Promise<string> {
  const server = app.listen(0, '127.0.0.1')
  servers.push(server)
  await once(server, 'listening')
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/apple/notifications`
}

const post = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body })

it('debits the wallet once when Apple refunds a coin pack', async () => {
  const user = '7e3fb20b-4cdb-47cc-936d-99d65f608138'
  const wallet = new Map([[user, 1200]])
  const signer = await createTestSigner() // a throwaway chain shaped like Apple's
  const url = await start(createApp(wallet, {
    bundleId: 'com.example.wallet',
    environment: 'Sandbox',
    rootCertificates: [signer.rootCertificate], // trust the test root instead of Apple's: nothing else changes
  }))

  const notifications = createNotificationBuilders(signer, { bundleId: 'com.example.wallet' })
  const refund = await notifications.refund({ transaction: { appAccountToken: user, productId: 'gold_pack_500' } })

  expect((await post(url, refund.body)).status).toBe(200)
  expect(wallet.get(user)).toBe(700)

  // Apple retries until it gets a 2xx: the same notification again changes nothing.
  expect((await post(url, refund.body)).status).toBe(200)
  expect(wallet.get(user)).toBe(700)

  // A refund signed by anyone else is refused, and the wallet is untouched.
  const forger = createNotificationBuilders(await createTestSigner(), { bundleId: 'com.example.wallet' })
  const forged = await forger.refund({ transaction: { appAccountToken: user, productId: 'gold_pack_500' } })
  expect((await post(url, forged.body)).status).toBe(401)
  expect(wallet.get(user)).toBe(700)
})
