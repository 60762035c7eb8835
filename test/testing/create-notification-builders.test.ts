import { beforeAll, describe, expect, it } from 'vitest'
import { createNotificationVerifier, isRecognizedNotification, NOTIFICATION_TYPES } from 'app-store-notifications'
import type { NotificationType, VerifiedNotification } from 'app-store-notifications'
import { builderName, createNotificationBuilders } from '../../src/testing/create-notification-builders.js'
import type { NotificationBuilders } from '../../src/testing/notification-builder-types.js'
import { createTestSigner, type TestSigner } from '../../src/testing/create-test-signer.js'

const BUNDLE_ID = 'com.example.app'
const APP_APPLE_ID = 1234567890
const NOW = Date.UTC(2026, 2, 1, 9, 30)
const PAIRS = Object.entries(NOTIFICATION_TYPES).flatMap(([type, entry]) =>
  entry.subtypes.map((subtype) => [type as NotificationType, subtype] as const),
)

let signer: TestSigner
let notifications: NotificationBuilders
beforeAll(async () => {
  signer = await createTestSigner()
  notifications = createNotificationBuilders(signer, { bundleId: BUNDLE_ID, now: () => NOW })
})

const verifier = (environment: 'Sandbox' | 'Production' = 'Sandbox') =>
  createNotificationVerifier({ bundleId: BUNDLE_ID, environment, appAppleId: APP_APPLE_ID, rootCertificates: [signer.rootCertificate] })

describe('createNotificationBuilders', () => {
  it('has one camelCase builder per type of NOTIFICATION_TYPES', () => {
    const names = Object.keys(NOTIFICATION_TYPES).map((type) => builderName(type as NotificationType))
    expect(names).toContain('didChangeRenewalPref')
    expect(names).toContain('test')
    for (const name of names) expect(typeof (notifications as unknown as Record<string, unknown>)[name], name).toBe('function')
    expect(new Set(names).size).toBe(Object.keys(NOTIFICATION_TYPES).length)
  })

  it.each(PAIRS)('builds %s/%s that the real verifier accepts and recognises, nested objects included', async (type, subtype) => {
    const built = await notifications.build(type, subtype)
    const verified: VerifiedNotification = await verifier().verifyNotification(built.body)
    expect(isRecognizedNotification(verified)).toBe(true)
    expect(verified.notificationType).toBe(type)
    expect(verified.subtype).toBe(subtype ?? undefined)
    expect(verified).toEqual({
      ...built.payload,
      ...(built.transaction === undefined ? {} : { transaction: built.transaction }),
      ...(built.renewalInfo === undefined ? {} : { renewalInfo: built.renewalInfo }),
      ...(built.appTransaction === undefined ? {} : { appTransaction: built.appTransaction }),
    })
    expect(built.body).toBe(JSON.stringify({ signedPayload: built.signedPayload }))
    expect(built.payload.signedDate).toBe(NOW)
  })

  it('uses the table\'s first subtype when none is given, and accepts overrides as the only argument', async () => {
    expect((await notifications.subscribed()).payload.subtype).toBe('INITIAL_BUY')
    expect((await notifications.didRenew()).payload.subtype).toBeUndefined()
    expect((await notifications.renewalExtension()).payload.summary).toBeDefined()
    const renewed = await notifications.didRenew({ transaction: { productId: 'pro_monthly' } })
    expect(renewed.payload.subtype).toBeUndefined()
    expect(renewed.transaction?.productId).toBe('pro_monthly')
    expect(renewed.renewalInfo?.productId).toBe('pro_monthly')
  })

  it('applies the issue\'s examples: refund overrides, expired subtype, consumption reason', async () => {
    const appAccountToken = '7e3fb20b-4cdb-47cc-936d-99d65f608138'
    const refund = await notifications.refund({ transaction: { appAccountToken, productId: 'gold_pack_500' } })
    expect(refund.transaction).toMatchObject({ appAccountToken, productId: 'gold_pack_500', type: 'Consumable', revocationReason: 0 })
    expect(refund.transaction?.revocationDate).toBeLessThanOrEqual(NOW)
    expect(refund.renewalInfo).toBeUndefined()
    expect(refund.payload.data?.status).toBeUndefined()

    const expired = await notifications.expired('VOLUNTARY')
    expect(expired.payload).toMatchObject({ notificationType: 'EXPIRED', subtype: 'VOLUNTARY', data: { status: 2 } })
    expect(expired.renewalInfo).toMatchObject({ autoRenewStatus: 0, expirationIntent: 1 })
    expect(expired.transaction?.expiresDate).toBeLessThan(NOW)

    const request = await notifications.consumptionRequest({ reason: 'FULFILLMENT_ISSUE' })
    expect(request.payload.data?.consumptionRequestReason).toBe('FULFILLMENT_ISSUE')
    expect((await notifications.consumptionRequest()).payload.data?.consumptionRequestReason).toBe('UNINTENDED_PURCHASE')
  })

  it('keeps one originalTransactionId across a subscription\'s events, new transaction ids, ordered dates', async () => {
    const events = [
      await notifications.subscribed('INITIAL_BUY'),
      await notifications.didRenew(),
      await notifications.didChangeRenewalStatus('AUTO_RENEW_DISABLED'),
      await notifications.expired('VOLUNTARY'),
    ]
    const originals = new Set(events.map((event) => event.transaction?.originalTransactionId))
    expect(originals.size).toBe(1)
    expect(events[0]?.transaction?.transactionId).toBe(events[0]?.transaction?.originalTransactionId)
    expect(new Set(events.map((event) => event.transaction?.transactionId)).size).toBe(events.length)
    for (const { transaction, renewalInfo, payload } of events) {
      expect(renewalInfo?.originalTransactionId).toBe(transaction?.originalTransactionId)
      expect(transaction?.originalPurchaseDate).toBeLessThanOrEqual(transaction?.purchaseDate ?? 0)
      expect(transaction?.purchaseDate).toBeLessThan(transaction?.expiresDate ?? 0)
      expect(transaction?.purchaseDate).toBeLessThanOrEqual(payload.signedDate ?? 0)
      expect(payload.data?.status).toBeTypeOf('number')
      expect(transaction).toMatchObject({ bundleId: BUNDLE_ID, environment: 'Sandbox', type: 'Auto-Renewable Subscription' })
    }
    const consumables = [await notifications.oneTimeCharge(), await notifications.consumptionRequest(), await notifications.refund()]
    expect(new Set(consumables.map((event) => event.transaction?.transactionId)).size).toBe(1)
  })

  it('follows overrides of the product type, and leaves nested objects out on null', async () => {
    const subscriptionRefund = await notifications.refund({ transaction: { type: 'Auto-Renewable Subscription' } })
    expect(subscriptionRefund.renewalInfo).toBeDefined()
    expect(subscriptionRefund.payload.data?.status).toBe(5)
    const bare = await notifications.didRenew(null, { transaction: null })
    expect(bare.payload.data).toEqual({ bundleId: BUNDLE_ID, bundleVersion: '42', environment: 'Sandbox' })
    await expect(verifier().verifyNotification(bare.body)).resolves.toMatchObject({ notificationType: 'DID_RENEW' })
    const custom = await notifications.test({ notificationUUID: 'fixed-uuid', signedDate: NOW - 1, data: { bundleVersion: '7' } })
    expect(custom.payload).toMatchObject({ notificationUUID: 'fixed-uuid', signedDate: NOW - 1, data: { bundleVersion: '7' } })
  })

  it('builds Production notifications with appAppleId, and refuses Production without it', async () => {
    const production = createNotificationBuilders(signer, { bundleId: BUNDLE_ID, environment: 'Production', appAppleId: APP_APPLE_ID })
    for (const built of [await production.test(), await production.refund(), await production.rescindConsent(), await production.externalPurchaseToken('CREATED')]) {
      await expect(verifier('Production').verifyNotification(built.body)).resolves.toMatchObject({ notificationType: built.payload.notificationType })
      await expect(verifier('Sandbox').verifyNotification(built.body)).rejects.toMatchObject({ code: 'ERR_ENVIRONMENT_MISMATCH' })
    }
    expect(() => createNotificationBuilders(signer, { environment: 'Production' })).toThrow(TypeError)
  })

  it('rejects a type or subtype outside the table at run time', async () => {
    await expect(notifications.build('EXPIRED', 'UPGRADE' as never)).rejects.toThrow(TypeError)
    await expect(notifications.build('NOT_A_TYPE' as never)).rejects.toThrow(TypeError)
    await expect(notifications.build('SUBSCRIBED', null as never)).rejects.toThrow(TypeError)
  })

  it('uses fresh UUIDs by default and the injected source when given', async () => {
    const a = await notifications.test()
    const b = await notifications.test()
    expect(a.payload.notificationUUID).not.toBe(b.payload.notificationUUID)
    let n = 0
    const counted = createNotificationBuilders(signer, { uuid: () => `uuid-${++n}` })
    expect((await counted.test()).payload.notificationUUID).toBe('uuid-1')
  })
})
