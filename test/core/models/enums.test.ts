import { describe, expect, test } from 'vitest'
import { APPLE_ENUMS, type AppleEnumName } from '../../../src/core/models/enums.js'
import { genuineNotifications, genuineRenewalInfos, genuineTransactions } from './genuine-payloads.js'

// Which enum each wire field of the genuine payloads belongs to.
const TRANSACTION_FIELDS: Partial<Record<string, AppleEnumName>> = {
  environment: 'environment',
  type: 'type',
  inAppOwnershipType: 'inAppOwnershipType',
  transactionReason: 'transactionReason',
  offerType: 'offerType',
  offerDiscountType: 'offerDiscountType',
  revocationReason: 'revocationReason',
  revocationType: 'revocationType',
}
const RENEWAL_FIELDS: Partial<Record<string, AppleEnumName>> = {
  environment: 'environment',
  autoRenewStatus: 'autoRenewStatus',
  expirationIntent: 'expirationIntent',
  priceIncreaseStatus: 'priceIncreaseStatus',
  offerType: 'offerType',
}
const DATA_FIELDS: Partial<Record<string, AppleEnumName>> = {
  environment: 'environment',
  status: 'status',
  consumptionRequestReason: 'consumptionRequestReason',
}

function checkKnown(payload: Record<string, unknown>, fields: Partial<Record<string, AppleEnumName>>): number {
  let checked = 0
  for (const [field, value] of Object.entries(payload)) {
    const name = fields[field]
    if (name === undefined) continue
    expect(Object.keys(APPLE_ENUMS[name]), `${field} = ${String(value)}`).toContain(String(value))
    checked++
  }
  return checked
}

describe('APPLE_ENUMS', () => {
  test('every enum value in the genuine vectors is a known value', () => {
    let checked = 0
    for (const { payload } of genuineTransactions) checked += checkKnown(payload, TRANSACTION_FIELDS)
    for (const { payload } of genuineRenewalInfos) checked += checkKnown(payload, RENEWAL_FIELDS)
    for (const { payload } of genuineNotifications) checked += checkKnown(payload.data as Record<string, unknown>, DATA_FIELDS)
    expect(checked).toBeGreaterThan(100)
  })

  test('numeric enums have integer keys, string enums do not', () => {
    for (const name of ['status', 'offerType', 'revocationReason', 'autoRenewStatus', 'expirationIntent', 'priceIncreaseStatus', 'orderLookupStatus'] as const) {
      for (const key of Object.keys(APPLE_ENUMS[name])) expect(key).toMatch(/^\d+$/)
    }
    expect(Object.keys(APPLE_ENUMS.sendAttemptResult)).toHaveLength(11)
  })
})
