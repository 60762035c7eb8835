import { describe, expect, it } from 'vitest'
import { APPLE_API_ERRORS, appleApiErrorName, isRetryableAppleApiError } from '../../../src/core/api/apple-api-errors.js'

describe('APPLE_API_ERRORS', () => {
  it('names Apple’s codes and passes unknown numbers through as undefined', () => {
    expect(APPLE_API_ERRORS[4000209]).toBe('ConsumptionPercentageAutoRenewableSubscriptionError')
    expect(appleApiErrorName(4290000)).toBe('RateLimitExceededError')
    expect(appleApiErrorName(4999999)).toBeUndefined()
  })

  it('keeps every name ending in Error and every code in Apple’s 7-digit ranges', () => {
    for (const [code, name] of Object.entries(APPLE_API_ERRORS)) {
      expect(name).toMatch(/^[A-Z][A-Za-z0-9]+Error$/)
      expect(Number(code)).toBeGreaterThanOrEqual(4_000_000)
      expect(Number(code)).toBeLessThan(6_000_000)
    }
  })

  it('treats only the …Retryable codes as retryable', () => {
    const retryable = Object.keys(APPLE_API_ERRORS).map(Number).filter(isRetryableAppleApiError)
    expect(retryable).toEqual([4040002, 4040004, 4040006, 5000001])
    expect(Object.values(APPLE_API_ERRORS).filter((name) => name.includes('Retryable'))).toHaveLength(4)
  })
})
