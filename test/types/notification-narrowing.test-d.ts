// Compile-only: narrowing of the notification union, event keys, and open enums.
import { describe, expectTypeOf, test } from 'vitest'
import type { AutoRenewStatus, Environment, ProductType } from '../../src/core/models/enums.js'
import type {
  AppData,
  ExternalPurchaseToken,
  NotificationData,
  NotificationPayload,
  NotificationSummary,
} from '../../src/core/models/notification-payload.js'
import {
  eventKeysOf,
  isRecognizedNotification,
  type NotificationEventKey,
  type NotificationSubtypeOf,
  type NotificationType,
} from '../../src/core/models/notification-types.js'
import type { Transaction } from '../../src/core/models/transaction.js'
import type {
  AppStoreNotification,
  NotificationForKey,
  UnrecognizedNotification,
  VerifiedNotification,
} from '../../src/core/models/verified-notification.js'

declare const n: AppStoreNotification
declare const verified: VerifiedNotification

describe('AppStoreNotification narrowing', () => {
  test('RENEWAL_EXTENSION/SUMMARY carries summary, FAILURE carries data', () => {
    if (n.notificationType === 'RENEWAL_EXTENSION' && n.subtype === 'SUMMARY') {
      expectTypeOf(n.summary).toEqualTypeOf<NotificationSummary>()
      expectTypeOf(n.summary.succeededCount).toEqualTypeOf<number | undefined>()
      expectTypeOf(n.data).toEqualTypeOf<undefined>()
    }
    if (n.notificationType === 'RENEWAL_EXTENSION' && n.subtype === 'FAILURE') {
      expectTypeOf(n.data).toEqualTypeOf<NotificationData>()
      expectTypeOf(n.summary).toEqualTypeOf<undefined>()
    }
  })

  test('RESCIND_CONSENT carries appData, EXTERNAL_PURCHASE_TOKEN carries externalPurchaseToken', () => {
    if (n.notificationType === 'RESCIND_CONSENT') {
      expectTypeOf(n.appData).toEqualTypeOf<AppData>()
      expectTypeOf(n.data).toEqualTypeOf<undefined>()
      expectTypeOf(n.subtype).toEqualTypeOf<undefined>()
    }
    if (n.notificationType === 'EXTERNAL_PURCHASE_TOKEN') {
      expectTypeOf(n.externalPurchaseToken).toEqualTypeOf<ExternalPurchaseToken>()
      expectTypeOf(n.subtype).toEqualTypeOf<'UNREPORTED' | 'CREATED' | 'ACTIVE_TOKEN_REMINDER'>()
    }
  })

  test('REFUND carries data, no subtype, and the decoded transaction', () => {
    if (n.notificationType === 'REFUND') {
      expectTypeOf(n.data).toEqualTypeOf<NotificationData>()
      expectTypeOf(n.subtype).toEqualTypeOf<undefined>()
      expectTypeOf(n.transaction).toEqualTypeOf<Transaction | undefined>()
      expectTypeOf(n.notificationUUID).toEqualTypeOf<string>()
    }
  })

  test('a subtype that never belongs to its type is a compile error', () => {
    // @ts-expect-error SUBSCRIBED never has SUMMARY: no overlap
    if (n.notificationType === 'SUBSCRIBED' && n.subtype === 'SUMMARY') expectTypeOf(n).toBeNever()
    // @ts-expect-error EXPIRED never has UPGRADE: no overlap
    if (n.notificationType === 'EXPIRED' && n.subtype === 'UPGRADE') expectTypeOf(n).toBeNever()
    // @ts-expect-error not a notification type at all
    if (n.notificationType === 'NOT_A_TYPE') expectTypeOf(n).toBeNever()
  })

  test('a subtype on a type that has none narrows to never', () => {
    // TypeScript always allows comparing with `undefined` (REFUND's subtype), so the comparison
    // itself compiles; the branch is `never` and any use of the notification in it is an error.
    if (n.notificationType === 'REFUND' && n.subtype === 'VOLUNTARY') {
      expectTypeOf(n).toBeNever()
      // @ts-expect-error n is never here
      console.log(n.data.bundleId)
    }
  })

  test('a type without a subtype narrows on subtype === undefined', () => {
    if (n.notificationType === 'DID_RENEW') {
      expectTypeOf(n.subtype).toEqualTypeOf<'BILLING_RECOVERY' | undefined>()
      if (n.subtype === undefined) expectTypeOf(n.subtype).toEqualTypeOf<undefined>()
    }
  })
})

describe('VerifiedNotification and the recognition guard', () => {
  test('the guard narrows to the union; the rest is UnrecognizedNotification', () => {
    if (isRecognizedNotification(verified)) {
      expectTypeOf(verified).toEqualTypeOf<AppStoreNotification>()
    } else {
      expectTypeOf(verified).toEqualTypeOf<UnrecognizedNotification>()
      expectTypeOf(verified.notificationType).toEqualTypeOf<string & {}>()
      expectTypeOf(verified.data).toEqualTypeOf<NotificationData | undefined>()
    }
  })

  test('an unverified payload can be tested too', () => {
    const payload = {} as NotificationPayload
    if (isRecognizedNotification(payload)) expectTypeOf(payload.notificationType).toEqualTypeOf<NotificationType>()
  })
})

describe('event keys', () => {
  test('keys are TYPE or TYPE.SUBTYPE from the table', () => {
    expectTypeOf<'EXPIRED'>().toExtend<NotificationEventKey>()
    expectTypeOf<'EXPIRED.VOLUNTARY'>().toExtend<NotificationEventKey>()
    expectTypeOf<'RENEWAL_EXTENSION.SUMMARY'>().toExtend<NotificationEventKey>()
    expectTypeOf<'REFUND.VOLUNTARY'>().not.toExtend<NotificationEventKey>()
    expectTypeOf<'EXPIRED.'>().not.toExtend<NotificationEventKey>()
    // @ts-expect-error an invalid event key
    const bad: NotificationEventKey = 'EXPIRED.SUMMARY'
    expectTypeOf(bad).toBeString()
  })

  test('NotificationForKey narrows to the matching members', () => {
    type Voluntary = NotificationForKey<'EXPIRED.VOLUNTARY'>
    expectTypeOf<Voluntary['notificationType']>().toEqualTypeOf<'EXPIRED'>()
    expectTypeOf<Voluntary['subtype']>().toEqualTypeOf<'VOLUNTARY'>()
    expectTypeOf<Voluntary['data']>().toEqualTypeOf<NotificationData>()

    type AnyExpired = NotificationForKey<'EXPIRED'>
    expectTypeOf<AnyExpired['subtype']>().toEqualTypeOf<NotificationSubtypeOf<'EXPIRED'> | undefined>()

    type Summary = NotificationForKey<'RENEWAL_EXTENSION.SUMMARY'>
    expectTypeOf<Summary['summary']>().toEqualTypeOf<NotificationSummary>()
    type Both = NotificationForKey<'RENEWAL_EXTENSION'>
    expectTypeOf<Both['subtype']>().toEqualTypeOf<'SUMMARY' | 'FAILURE'>()

    // @ts-expect-error not an event key
    expectTypeOf<NotificationForKey<'REFUND.VOLUNTARY'>>().toBeNever()
  })

  test('eventKeysOf returns typed keys for a recognised notification', () => {
    expectTypeOf(eventKeysOf(n)).toEqualTypeOf<NotificationEventKey[]>()
    expectTypeOf(eventKeysOf(verified)).toEqualTypeOf<string[]>()
  })
})

describe('open enums', () => {
  test('known values autocomplete, unknown values of the right primitive are accepted', () => {
    expectTypeOf<'Sandbox'>().toExtend<Environment>()
    expectTypeOf<'SomethingNew'>().toExtend<Environment>()
    expectTypeOf<7>().toExtend<AutoRenewStatus>()
    expectTypeOf<'Consumable'>().toExtend<ProductType>()
    expectTypeOf<1>().not.toExtend<Environment>()
    expectTypeOf<'1'>().not.toExtend<AutoRenewStatus>()
  })
})
