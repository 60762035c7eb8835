import { describe, expect, test } from 'vitest'
import { parseNotificationPayload } from '../../../src/core/models/notification-payload.js'
import { genuineNotifications } from './genuine-payloads.js'

function thrownBy(fn: () => unknown): unknown {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected the call to throw')
}

const minimal = { notificationType: 'TEST', notificationUUID: '9ad56bd2-0bc6-42e0-af24-fd996d87a1e6' }

describe('parseNotificationPayload', () => {
  test.each(genuineNotifications)('parses the genuine $file unchanged', ({ payload, expected }) => {
    const parsed = parseNotificationPayload(payload)
    expect(parsed).toEqual(payload)
    expect(parsed.notificationType).toBe(expected.notificationType)
    expect(parsed.subtype ?? null).toBe(expected.subtype)
    expect(parsed.notificationUUID).toBe(expected.notificationUUID)
  })

  test('keeps unknown fields at every level, and unknown enum values', () => {
    const parsed = parseNotificationPayload({
      ...minimal,
      notificationType: 'SOMETHING_NEW',
      subtype: 'BRAND_NEW',
      futureTopLevel: { nested: [1, 2] },
      data: { environment: 'Staging', status: 42, consumptionRequestReason: 'NEW_REASON', futureField: true },
      summary: { succeededCount: 1, extra: 'x' },
    })
    expect(parsed).toMatchObject({
      notificationType: 'SOMETHING_NEW',
      subtype: 'BRAND_NEW',
      futureTopLevel: { nested: [1, 2] },
      data: { environment: 'Staging', status: 42, consumptionRequestReason: 'NEW_REASON', futureField: true },
      summary: { succeededCount: 1, extra: 'x' },
    })
  })

  test('accepts the four bodies with their documented fields', () => {
    const parsed = parseNotificationPayload({
      ...minimal,
      version: '2.0',
      signedDate: 1_760_000_000_000,
      summary: {
        requestIdentifier: 'b1a8a6a2-0000-4000-8000-000000000000',
        environment: 'Production',
        appAppleId: 1234,
        bundleId: 'com.example',
        productId: 'pro.monthly',
        storefrontCountryCodes: ['USA', 'FRA'],
        succeededCount: 5,
        failedCount: 1,
      },
      externalPurchaseToken: {
        externalPurchaseId: 'SANDBOX_abc',
        tokenCreationDate: 1,
        appAppleId: 1,
        bundleId: 'com.example',
        tokenType: 'SERVICES',
        tokenExpirationDate: 2,
      },
      appData: { appAppleId: 1, bundleId: 'com.example', environment: 'Sandbox', signedAppTransactionInfo: 'a.b.c' },
    })
    expect(parsed.summary?.storefrontCountryCodes).toEqual(['USA', 'FRA'])
    expect(parsed.externalPurchaseToken?.tokenType).toBe('SERVICES')
    expect(parsed.appData?.signedAppTransactionInfo).toBe('a.b.c')
  })

  test('does not enforce exactly one body (the verifier does)', () => {
    expect(parseNotificationPayload(minimal)).toEqual(minimal)
    expect(parseNotificationPayload({ ...minimal, data: {}, summary: {} })).toEqual({ ...minimal, data: {}, summary: {} })
  })

  test.each([
    ['a string signedDate', { ...minimal, signedDate: '1760000000000' }],
    ['a numeric subtype', { ...minimal, subtype: 3 }],
    ['a null subtype', { ...minimal, subtype: null }],
    ['a missing notificationUUID', { notificationType: 'TEST' }],
    ['a missing notificationType', { notificationUUID: 'x' }],
    ['data as an array', { ...minimal, data: [] }],
    ['a string data.status', { ...minimal, data: { status: '1' } }],
    ['a numeric data.bundleId', { ...minimal, data: { bundleId: 42 } }],
    ['a string summary.succeededCount', { ...minimal, summary: { succeededCount: '5' } }],
    ['storefrontCountryCodes holding a number', { ...minimal, summary: { storefrontCountryCodes: ['USA', 7] } }],
    ['a string externalPurchaseToken.tokenCreationDate', { ...minimal, externalPurchaseToken: { tokenCreationDate: 'x' } }],
    ['a boolean appData.environment', { ...minimal, appData: { environment: true } }],
    ['null', null],
    ['a string', 'eyJhbGciOiJFUzI1NiJ9'],
  ])('rejects %s with ERR_PAYLOAD_INVALID', (_, value) => {
    expect(() => parseNotificationPayload(value)).toThrow(expect.objectContaining({ code: 'ERR_PAYLOAD_INVALID' }))
  })

  test('the error names the object, the field path, the expectation and the finding, not the payload', () => {
    const secret = 'eyJzZWNyZXQiOiJkbyBub3QgbGVhayJ9.payload.signature'
    const error = thrownBy(() =>
      parseNotificationPayload({ ...minimal, data: { signedTransactionInfo: secret, status: 'active' } }),
    )
    expect(error).toMatchObject({ code: 'ERR_PAYLOAD_INVALID', name: 'AppStoreNotificationError' })
    const { message } = error as Error
    expect(message).toContain('notification payload')
    expect(message).toContain('"data.status"')
    expect(message).toContain('expected number')
    expect(message).toContain('string "active"')
    expect(message).not.toContain(secret)
  })

  test('a missing required field is reported as missing', () => {
    expect(() => parseNotificationPayload({ notificationType: 'TEST' })).toThrow(/notificationUUID.*missing/)
  })
})
