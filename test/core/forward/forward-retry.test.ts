import { describe, expect, it } from 'vitest'
import { backoffDelayMs, isRetryableStatus, parseRetryAfterMs } from '../../../src/core/forward/forward-retry.js'

describe('isRetryableStatus', () => {
  it('retries 408, 429 and 5xx only', () => {
    expect([408, 429, 500, 502, 503, 504, 599].every(isRetryableStatus)).toBe(true)
    expect([200, 301, 302, 400, 401, 403, 404, 409, 410, 413, 422, 600].some(isRetryableStatus)).toBe(false)
  })
})

describe('backoffDelayMs', () => {
  const policy = { baseDelayMs: 500, maxDelayMs: 4000 }

  it('doubles per failed attempt and stops at the cap', () => {
    const top = { ...policy, random: () => 0.999999 }
    expect([1, 2, 3, 4, 5, 10].map((n) => backoffDelayMs(n, top))).toEqual([500, 1000, 2000, 4000, 4000, 4000])
  })

  it('keeps half the delay and randomises the other half', () => {
    expect(backoffDelayMs(2, { ...policy, random: () => 0 })).toBe(500)
    expect(backoffDelayMs(2, { ...policy, random: () => 0.5 })).toBe(750)
    // A broken random source cannot push the delay outside [half, full].
    expect(backoffDelayMs(2, { ...policy, random: () => Number.NaN })).toBe(500)
    expect(backoffDelayMs(2, { ...policy, random: () => 7 })).toBe(1000)
  })
})

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-02T03:04:05Z')

  it('reads delta-seconds', () => {
    expect(parseRetryAfterMs('0', now)).toBe(0)
    expect(parseRetryAfterMs(' 3 ', now)).toBe(3000)
    expect(parseRetryAfterMs('120', now)).toBe(120_000)
  })

  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfterMs('Fri, 02 Jan 2026 03:05:05 GMT', now)).toBe(60_000)
    expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:00 GMT', now)).toBe(0)
  })

  it('ignores absent and unreadable values', () => {
    expect(parseRetryAfterMs(null, now)).toBeUndefined()
    expect(parseRetryAfterMs('', now)).toBeUndefined()
    expect(parseRetryAfterMs('1.5', now)).toBeUndefined()
    expect(parseRetryAfterMs('-1', now)).toBeUndefined()
    expect(parseRetryAfterMs('soon', now)).toBeUndefined()
  })
})
