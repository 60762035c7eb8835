import { describe, expect, test } from 'vitest'
import { parseAppTransaction } from '../../../src/core/models/app-transaction.js'
import { xcodeSignedPayload } from './genuine-payloads.js'

const documented = {
  receiptType: 'Production',
  appAppleId: 1_234_567_890,
  bundleId: 'com.example.wallet',
  applicationVersion: '42',
  versionExternalIdentifier: 8_123_456,
  receiptCreationDate: 1_760_000_000_000,
  originalPurchaseDate: 1_700_000_000_000,
  originalApplicationVersion: '1',
  deviceVerification: 'cYUsXc53EbYc0pOeXG5d6/31LGHeVGf84sqSN0OrJi5u/j2H89WWKgS8N0hMsMlf',
  deviceVerificationNonce: '48c8b92d-ce0d-4229-bedf-e61b4f9cfc92',
  preorderDate: 1_690_000_000_000,
  appTransactionId: '704897469903383919',
  originalPlatform: 'iOS',
}

describe('parseAppTransaction', () => {
  test('parses every documented field', () => {
    expect(parseAppTransaction(documented)).toEqual(documented)
  })

  test('parses the Xcode-signed app transaction, keeping its undocumented requestDate', () => {
    const payload = xcodeSignedPayload('app-transaction')
    const appTransaction = parseAppTransaction(payload)
    expect(appTransaction).toEqual(payload)
    expect(appTransaction.receiptType).toBe('Xcode')
    expect(appTransaction).toHaveProperty('requestDate', payload.requestDate)
  })

  test('keeps unknown enum values', () => {
    expect(parseAppTransaction({ originalPlatform: 'carOS', receiptType: 'Staging' })).toEqual({
      originalPlatform: 'carOS',
      receiptType: 'Staging',
    })
  })

  test.each([
    ['a string appAppleId', { appAppleId: '1234567890' }],
    ['a numeric applicationVersion', { applicationVersion: 42 }],
    ['a string receiptCreationDate', { receiptCreationDate: '2025-01-01' }],
    ['a number', 7],
  ])('rejects %s with ERR_PAYLOAD_INVALID', (_, value) => {
    expect(() => parseAppTransaction(value)).toThrow(
      expect.objectContaining({ code: 'ERR_PAYLOAD_INVALID', message: expect.stringContaining('app transaction') }),
    )
  })
})
