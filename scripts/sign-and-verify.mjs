// `npm run example`: signs a REFUND notification with a throwaway test chain shaped like Apple's and
// verifies it with the real verifier, trusting that chain's root — the whole library path, no mocks.
import { createNotificationVerifier } from '../dist/index.js'
import { createTestSigner } from '../dist/testing.js'

const signer = await createTestSigner()
const now = Date.now()
const signedTransactionInfo = await signer.signTransaction({
  transactionId: '2000000123456789', originalTransactionId: '2000000123456789', bundleId: 'com.example.wallet',
  productId: 'gold_pack_500', type: 'Consumable', quantity: 1, purchaseDate: now - 3_600_000, signedDate: now,
  environment: 'Sandbox', appAccountToken: '7f1f2a4e-6d0b-4f1e-9c7a-3b2d1e0f9a8b', revocationDate: now, revocationReason: 0,
})
const payload = {
  notificationType: 'REFUND', notificationUUID: crypto.randomUUID(), version: '2.0', signedDate: now,
  data: { bundleId: 'com.example.wallet', environment: 'Sandbox', signedTransactionInfo },
}
const { body } = await signer.signNotification(payload)

const verifier = createNotificationVerifier({
  bundleId: 'com.example.wallet',
  environment: 'Sandbox',
  rootCertificates: [signer.rootCertificate], // in production: leave out to trust Apple Root CA - G3
})
const notification = await verifier.verifyNotification(body)
console.log(`verified ${notification.notificationType} ${notification.notificationUUID}`)
console.log(`  product ${notification.transaction.productId} for account ${notification.transaction.appAccountToken}`)
console.log(`  refunded at ${new Date(notification.transaction.revocationDate).toISOString()}`)

const forged = (await (await createTestSigner()).signNotification(payload)).body
await verifier.verifyNotification(forged).then(
  () => { throw new Error('a forged notification was accepted') },
  (error) => console.log(`rejected a notification signed by another chain: ${error.code}`),
)
