// Small decoded-payload factories for verifier and handler tests.
export const BUNDLE_ID = 'com.example.wallet'
export const APP_APPLE_ID = 1234567890
export const SIGNED_DATE = Date.parse('2026-06-01T12:00:00Z')

export function transactionPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    transactionId: '2000000111111111',
    originalTransactionId: '2000000111111111',
    bundleId: BUNDLE_ID,
    productId: 'gold_pack_500',
    purchaseDate: SIGNED_DATE - 60_000,
    originalPurchaseDate: SIGNED_DATE - 60_000,
    quantity: 1,
    type: 'Consumable',
    appAccountToken: '7f1f2a4e-6d0b-4f1e-9c7a-3b2d1e0f9a8b',
    inAppOwnershipType: 'PURCHASED',
    signedDate: SIGNED_DATE,
    environment: 'Sandbox',
    transactionReason: 'PURCHASE',
    storefront: 'USA',
    storefrontId: '143441',
    price: 4990,
    currency: 'USD',
    ...overrides,
  }
}

export function renewalInfoPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    originalTransactionId: '2000000222222222',
    autoRenewProductId: 'news_monthly',
    productId: 'news_monthly',
    autoRenewStatus: 1,
    signedDate: SIGNED_DATE,
    environment: 'Sandbox',
    recentSubscriptionStartDate: SIGNED_DATE - 86_400_000,
    renewalDate: SIGNED_DATE + 86_400_000 * 30,
    ...overrides,
  }
}

export function notificationPayload(overrides: Record<string, unknown> = {}, data: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    notificationType: 'ONE_TIME_CHARGE',
    notificationUUID: crypto.randomUUID(),
    version: '2.0',
    signedDate: SIGNED_DATE,
    data: { bundleId: BUNDLE_ID, bundleVersion: '42', environment: 'Sandbox', ...data },
    ...overrides,
  }
}
