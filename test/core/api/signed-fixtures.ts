// Apple-shaped signed data for the client's tests, signed by a test chain, and the real verifier
// trusting that chain's root (nothing in the verification is stubbed).
import { createNotificationVerifier, type NotificationVerifier } from 'app-store-notifications'
import { createTestSigner, type TestSigner } from 'app-store-notifications/testing'

type Fields = Record<string, unknown>

export interface SignedFixtures {
  readonly signer: TestSigner
  /** `createNotificationVerifier` for `bundleId` in Sandbox, trusting only the signer's root. */
  readonly verifier: NotificationVerifier
  /** A signed Sandbox consumable purchase; `fields` override the defaults. */
  transaction(fields?: Fields): Promise<string>
  renewalInfo(fields?: Fields): Promise<string>
  appTransaction(fields?: Fields): Promise<string>
  /** A signed notification payload (TEST by default). */
  notification(fields?: Fields): Promise<string>
}

export async function createSignedFixtures(bundleId: string): Promise<SignedFixtures> {
  const signer = await createTestSigner()
  const verifier = createNotificationVerifier({ bundleId, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] })
  const now = Date.now()
  return {
    signer,
    verifier,
    transaction: (fields = {}) =>
      signer.signTransaction({
        transactionId: '2000000123456789',
        originalTransactionId: '2000000123456789',
        bundleId,
        productId: 'coins.100',
        purchaseDate: now - 60_000,
        originalPurchaseDate: now - 60_000,
        quantity: 1,
        type: 'Consumable',
        inAppOwnershipType: 'PURCHASED',
        signedDate: now,
        environment: 'Sandbox',
        transactionReason: 'PURCHASE',
        storefront: 'USA',
        storefrontId: '143441',
        currency: 'USD',
        price: 990,
        ...fields,
      }),
    renewalInfo: (fields = {}) =>
      signer.signRenewalInfo({
        originalTransactionId: '2000000123456789',
        autoRenewProductId: 'plus.monthly',
        productId: 'plus.monthly',
        autoRenewStatus: 1,
        signedDate: now,
        environment: 'Sandbox',
        renewalDate: now + 86_400_000,
        ...fields,
      }),
    appTransaction: (fields = {}) =>
      signer.signAppTransaction({
        receiptType: 'Sandbox',
        bundleId,
        applicationVersion: '1',
        receiptCreationDate: now,
        originalPurchaseDate: now - 86_400_000,
        originalApplicationVersion: '1',
        originalPlatform: 'iOS',
        ...fields,
      }),
    notification: (fields = {}) =>
      signer.sign({
        notificationType: 'TEST',
        notificationUUID: crypto.randomUUID(),
        version: '2.0',
        signedDate: now,
        data: { bundleId, environment: 'Sandbox' },
        ...fields,
      }),
  }
}
