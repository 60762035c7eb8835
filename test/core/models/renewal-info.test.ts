import { describe, expect, test } from 'vitest'
import { parseRenewalInfo } from '../../../src/core/models/renewal-info.js'
import { genuineRenewalInfos, xcodeSignedPayload } from './genuine-payloads.js'

describe('parseRenewalInfo', () => {
  test('there are genuine renewal infos to check', () => {
    expect(genuineRenewalInfos.length).toBeGreaterThanOrEqual(15)
  })

  test.each(genuineRenewalInfos)('parses the genuine $file unchanged', ({ payload }) => {
    const renewalInfo = parseRenewalInfo(payload)
    expect(renewalInfo).toEqual(payload)
    expect([0, 1]).toContain(renewalInfo.autoRenewStatus)
    expect(renewalInfo.environment).toBe('Sandbox')
  })

  test('keeps expirationIntent and isInBillingRetryPeriod of an expired subscription', () => {
    const expired = genuineRenewalInfos.find(({ payload }) => payload.expirationIntent !== undefined)
    expect(expired).toBeDefined()
    const renewalInfo = parseRenewalInfo(expired?.payload)
    expect(renewalInfo.expirationIntent).toBeTypeOf('number')
    expect(renewalInfo.isInBillingRetryPeriod).toBeTypeOf('boolean')
  })

  test('keeps unknown fields (Xcode deviceVerification) and unknown enum values', () => {
    const payload = xcodeSignedPayload('renewal-info')
    expect(parseRenewalInfo(payload)).toEqual(payload)
    const value = { autoRenewStatus: 2, expirationIntent: 99, renewalBillingPlanType: 'WEEKLY', priceIncreaseStatus: 5 }
    expect(parseRenewalInfo(value)).toEqual(value)
  })

  test('parses the documented newer fields', () => {
    const value = {
      eligibleWinBackOfferIds: ['wb1', 'wb2'],
      offerPeriod: 'P3M',
      offerDiscountType: 'PAY_AS_YOU_GO',
      commitmentInfo: {
        commitmentAutoRenewProductId: 'pro.monthly',
        commitmentAutoRenewStatus: 1,
        commitmentRenewalBillingPlanType: 'MONTHLY',
        commitmentRenewalDate: 1,
        commitmentRenewalPrice: 119_880,
      },
      advancedCommerceInfo: {
        consistencyToken: 'token',
        items: [{ SKU: 'pro', priceIncreaseInfo: { dependentSKUs: ['a'], price: 10_990, status: 'PENDING' } }],
      },
    }
    expect(parseRenewalInfo(value)).toEqual(value)
  })

  test.each([
    ['a string autoRenewStatus', { autoRenewStatus: '1' }],
    ['a numeric isInBillingRetryPeriod', { isInBillingRetryPeriod: 0 }],
    ['eligibleWinBackOfferIds as a string', { eligibleWinBackOfferIds: 'wb1' }],
    ['a string renewalPrice', { renewalPrice: '5.99' }],
    ['a numeric priceIncreaseInfo.dependentSKUs entry', { advancedCommerceInfo: { items: [{ priceIncreaseInfo: { dependentSKUs: [1] } }] } }],
    ['undefined', undefined],
  ])('rejects %s with ERR_PAYLOAD_INVALID', (_, value) => {
    expect(() => parseRenewalInfo(value)).toThrow(expect.objectContaining({ code: 'ERR_PAYLOAD_INVALID' }))
  })
})
