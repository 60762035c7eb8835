import { describe, expect, test } from 'vitest'
import { parseTransaction, transactionSchema } from '../../../src/core/models/transaction.js'
import { genuineTransactions, xcodeSignedPayload } from './genuine-payloads.js'

describe('parseTransaction', () => {
  test('there are genuine transactions to check', () => {
    expect(genuineTransactions.length).toBeGreaterThanOrEqual(20)
  })

  test.each(genuineTransactions)('parses the genuine $file unchanged', ({ payload }) => {
    const transaction = parseTransaction(payload)
    expect(transaction).toEqual(payload)
    expect(transaction.transactionId).toMatch(/^\d+$/)
    expect(typeof transaction.signedDate).toBe('number')
  })

  test('keeps the revocation fields of a refunded transaction', () => {
    const refunded = genuineTransactions.find(({ payload }) => payload.revocationDate !== undefined)
    expect(refunded).toBeDefined()
    const transaction = parseTransaction(refunded?.payload)
    expect(transaction.revocationDate).toBeTypeOf('number')
    expect([0, 1]).toContain(transaction.revocationReason)
  })

  test('keeps fields Apple did not document here (Xcode deviceVerification) and fractional dates', () => {
    const payload = xcodeSignedPayload('transaction')
    const transaction = parseTransaction(payload)
    expect(transaction).toEqual(payload)
    expect(transaction).toHaveProperty('deviceVerification', payload.deviceVerification)
    expect(Number.isInteger(transaction.purchaseDate)).toBe(false)
  })

  test('keeps unknown enum values verbatim', () => {
    const transaction = parseTransaction({
      type: 'Future Product Type',
      inAppOwnershipType: 'BORROWED',
      offerType: 9,
      revocationReason: 7,
      revocationType: 'REFUND_PARTIAL_NEW',
      billingPlanType: 'QUARTERLY',
      environment: 'Staging',
    })
    expect(transaction).toEqual({
      type: 'Future Product Type',
      inAppOwnershipType: 'BORROWED',
      offerType: 9,
      revocationReason: 7,
      revocationType: 'REFUND_PARTIAL_NEW',
      billingPlanType: 'QUARTERLY',
      environment: 'Staging',
    })
  })

  test('parses commitmentInfo and advancedCommerceInfo, keeping their unknown fields', () => {
    const value = {
      transactionId: '1',
      billingPlanType: 'MONTHLY',
      commitmentInfo: { billingPeriodNumber: 3, totalBillingPeriods: 12, commitmentExpiresDate: 1, commitmentPrice: 119_880, x: 1 },
      advancedCommerceInfo: {
        descriptors: { description: 'Pro plan', displayName: 'Pro' },
        estimatedTax: 100,
        items: [
          {
            SKU: 'pro',
            price: 9990,
            offer: { period: 'P1M', periodCount: 1, price: 0, reason: 'ACQUISITION' },
            refunds: [{ refundAmount: 9990, refundDate: 2, refundReason: 'LEGAL', refundType: 'FULL' }],
            futureItemField: 'kept',
          },
        ],
        period: 'P1M',
        requestReferenceId: 'r1',
        taxCode: 'C003-00-1',
        taxExclusivePrice: 9890,
        taxRate: '0.01',
      },
    }
    expect(parseTransaction(value)).toEqual(value)
  })

  test.each([
    ['a string price', { price: '1.99' }, 'price'],
    ['a numeric transactionId', { transactionId: 2000000849195831 }, 'transactionId'],
    ['a string isUpgraded', { isUpgraded: 'false' }, 'isUpgraded'],
    ['a string revocationReason', { revocationReason: '1' }, 'revocationReason'],
    ['a string commitmentInfo.billingPeriodNumber', { commitmentInfo: { billingPeriodNumber: '3' } }, 'commitmentInfo.billingPeriodNumber'],
    ['a numeric advanced commerce SKU', { advancedCommerceInfo: { items: [{ SKU: 1 }] } }, 'advancedCommerceInfo.items[0].SKU'],
    ['an array', [], undefined],
  ])('rejects %s with ERR_PAYLOAD_INVALID naming the path', (_, value, path) => {
    expect(() => parseTransaction(value)).toThrow(
      expect.objectContaining({
        code: 'ERR_PAYLOAD_INVALID',
        message: expect.stringContaining(path === undefined ? 'invalid transaction:' : `invalid transaction at "${path}"`),
      }),
    )
  })

  test('the exported schema is the one the parser uses', () => {
    expect(transactionSchema.safeParse({ price: 1990 }).success).toBe(true)
    expect(transactionSchema.safeParse({ price: '1990' }).success).toBe(false)
  })
})
