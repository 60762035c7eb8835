// Compile-only: the builders accept exactly the subtypes and fields the models allow.
import { describe, expectTypeOf, it } from 'vitest'
import type { BuiltNotification, NotificationBuilders } from 'app-store-notifications/testing'

declare const notifications: NotificationBuilders

describe('notification builder types', () => {
  it('offers one builder per type, named in camelCase', () => {
    expectTypeOf(notifications).toHaveProperty('didChangeRenewalPref')
    expectTypeOf(notifications).toHaveProperty('externalPurchaseToken')
    expectTypeOf(notifications.expired('VOLUNTARY')).resolves.toEqualTypeOf<BuiltNotification<'EXPIRED'>>()
    expectTypeOf(notifications.build('RENEWAL_EXTENSION', 'SUMMARY')).resolves.toEqualTypeOf<BuiltNotification<'RENEWAL_EXTENSION'>>()
    // @ts-expect-error no builder for a type outside the table
    void notifications.didSomethingNew
  })

  it('accepts only the subtypes the table allows for the type', () => {
    void notifications.didRenew(null)
    void notifications.didRenew('BILLING_RECOVERY')
    void notifications.externalPurchaseToken('ACTIVE_TOKEN_REMINDER')
    // @ts-expect-error UPGRADE is not an EXPIRED subtype
    void notifications.expired('UPGRADE')
    // @ts-expect-error SUBSCRIBED always has a subtype
    void notifications.subscribed(null)
    // @ts-expect-error REFUND has no subtype
    void notifications.refund('VOLUNTARY')
    // @ts-expect-error not a notification type
    void notifications.build('NOT_A_TYPE')
    // @ts-expect-error SUMMARY belongs to RENEWAL_EXTENSION, not RENEWAL_EXTENDED
    void notifications.build('RENEWAL_EXTENDED', 'SUMMARY')
  })

  it('types overrides by the models', () => {
    void notifications.refund({ transaction: { appAccountToken: 'uuid', productId: 'gold_pack_500' } })
    void notifications.consumptionRequest({ reason: 'UNINTENDED_PURCHASE' })
    // @ts-expect-error price is a number of milliunits
    void notifications.refund({ transaction: { price: '4.99' } })
    // @ts-expect-error not a transaction field
    void notifications.refund({ transaction: { productIdentifier: 'gold' } })
    // @ts-expect-error reason belongs to CONSUMPTION_REQUEST only
    void notifications.refund({ reason: 'LEGAL' })
    // @ts-expect-error status is a number
    void notifications.didRenew({ data: { status: 'active' } })
  })
})
