import { describe, expect, test } from 'vitest'
import { parseNotificationPayload } from '../../../src/core/models/notification-payload.js'
import {
  bodyKindOf,
  eventKeysOf,
  isRecognizedNotification,
  NOTIFICATION_TYPES,
  SUBTYPES,
} from '../../../src/core/models/notification-types.js'
import { genuineNotifications } from './genuine-payloads.js'

const base = { notificationUUID: '0d4c4c8e-0000-4000-8000-000000000000' }

describe('NOTIFICATION_TYPES', () => {
  test('every subtype in SUBTYPES is used by some type, and every subtype used is in SUBTYPES', () => {
    const used = new Set(Object.values(NOTIFICATION_TYPES).flatMap(({ subtypes }) => subtypes.filter((s) => s !== null)))
    expect([...used].sort()).toEqual([...SUBTYPES].sort())
    expect(new Set(SUBTYPES).size).toBe(SUBTYPES.length)
  })

  test('a per-subtype body map covers exactly the subtypes of its type', () => {
    for (const { subtypes, body } of Object.values(NOTIFICATION_TYPES)) {
      if (typeof body === 'string') continue
      expect(Object.keys(body).sort()).toEqual([...subtypes].sort())
    }
  })

  test('no type lists a subtype twice', () => {
    for (const { subtypes } of Object.values(NOTIFICATION_TYPES)) expect(new Set(subtypes).size).toBe(subtypes.length)
  })

  test('bodyKindOf follows the table, including per-subtype bodies', () => {
    expect(bodyKindOf('RENEWAL_EXTENSION', 'SUMMARY')).toBe('summary')
    expect(bodyKindOf('RENEWAL_EXTENSION', 'FAILURE')).toBe('data')
    expect(bodyKindOf('RENEWAL_EXTENSION')).toBeUndefined()
    expect(bodyKindOf('EXTERNAL_PURCHASE_TOKEN', 'ACTIVE_TOKEN_REMINDER')).toBe('externalPurchaseToken')
    expect(bodyKindOf('RESCIND_CONSENT')).toBe('appData')
    expect(bodyKindOf('EXPIRED')).toBe('data')
    expect(bodyKindOf('REFUND', 'VOLUNTARY')).toBeUndefined()
    expect(bodyKindOf('toString')).toBeUndefined()
    expect(bodyKindOf('NOT_A_TYPE')).toBeUndefined()
  })
})

describe('isRecognizedNotification', () => {
  test.each(genuineNotifications)('recognises the genuine $file', ({ payload }) => {
    expect(isRecognizedNotification(parseNotificationPayload(payload))).toBe(true)
  })

  test('recognises each body kind on its own type', () => {
    expect(isRecognizedNotification({ ...base, notificationType: 'RENEWAL_EXTENSION', subtype: 'SUMMARY', summary: {} })).toBe(true)
    expect(isRecognizedNotification({ ...base, notificationType: 'RENEWAL_EXTENSION', subtype: 'FAILURE', data: {} })).toBe(true)
    expect(isRecognizedNotification({ ...base, notificationType: 'EXTERNAL_PURCHASE_TOKEN', subtype: 'CREATED', externalPurchaseToken: {} })).toBe(true)
    expect(isRecognizedNotification({ ...base, notificationType: 'RESCIND_CONSENT', appData: {} })).toBe(true)
    expect(isRecognizedNotification({ ...base, notificationType: 'EXPIRED', data: {} })).toBe(true)
  })

  test('rejects an unknown type', () => {
    expect(isRecognizedNotification({ ...base, notificationType: 'SOMETHING_NEW', data: {} })).toBe(false)
    expect(isRecognizedNotification({ ...base, notificationType: 'hasOwnProperty', data: {} })).toBe(false)
  })

  test('rejects a subtype not allowed for its type, and a missing required subtype', () => {
    expect(isRecognizedNotification({ ...base, notificationType: 'REFUND', subtype: 'VOLUNTARY', data: {} })).toBe(false)
    expect(isRecognizedNotification({ ...base, notificationType: 'EXPIRED', subtype: 'BRAND_NEW', data: {} })).toBe(false)
    expect(isRecognizedNotification({ ...base, notificationType: 'SUBSCRIBED', data: {} })).toBe(false)
  })

  test('rejects a body other than the one the table names, or a second body', () => {
    expect(isRecognizedNotification({ ...base, notificationType: 'RENEWAL_EXTENSION', subtype: 'SUMMARY', data: {} })).toBe(false)
    expect(isRecognizedNotification({ ...base, notificationType: 'REFUND', summary: {} })).toBe(false)
    expect(isRecognizedNotification({ ...base, notificationType: 'REFUND' })).toBe(false)
    expect(isRecognizedNotification({ ...base, notificationType: 'REFUND', data: {}, appData: {} })).toBe(false)
  })
})

describe('eventKeysOf', () => {
  test('gives the type, then type.subtype', () => {
    expect(eventKeysOf({ notificationType: 'EXPIRED', subtype: 'VOLUNTARY' })).toEqual(['EXPIRED', 'EXPIRED.VOLUNTARY'])
    expect(eventKeysOf({ notificationType: 'REFUND' })).toEqual(['REFUND'])
    expect(eventKeysOf({ notificationType: 'FUTURE', subtype: 'NEW' })).toEqual(['FUTURE', 'FUTURE.NEW'])
  })

  test('the keys of every genuine notification are keys the table defines', () => {
    const defined = new Set(
      Object.entries(NOTIFICATION_TYPES).flatMap(([type, { subtypes }]) => [
        type,
        ...subtypes.filter((s) => s !== null).map((s) => `${type}.${s}`),
      ]),
    )
    for (const { payload } of genuineNotifications) {
      for (const key of eventKeysOf(parseNotificationPayload(payload))) expect(defined).toContain(key)
    }
  })
})
