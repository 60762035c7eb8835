// Retry policy of the forwarder: which answers are worth another attempt, how long to wait,
// and how a standard HTTP `Retry-After` header reads. Internal to src/core/forward.

/** Backoff settings, already validated by `createForwarder`. */
export interface BackoffPolicy {
  /** Delay before the first retry, before jitter. */
  readonly baseDelayMs: number
  /** Largest delay before jitter, however many attempts failed. */
  readonly maxDelayMs: number
  /** Source of randomness in [0, 1). */
  readonly random: () => number
}

/**
 * Whether an HTTP status is worth another attempt: 408, 429 and every 5xx. Other 4xx mean the
 * target will refuse the same bytes again; 3xx are never followed (a POST must not become a GET).
 *
 * @example
 * isRetryableStatus(503) // → true
 * isRetryableStatus(400) // → false
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599)
}

/**
 * Exponential backoff with "equal jitter": half of the exponential delay is kept, the other half
 * is random, so concurrent forwarders spread out yet never retry immediately.
 *
 * @param failedAttempts - attempts made so far (1 before the first retry)
 * @example
 * backoffDelayMs(1, { baseDelayMs: 500, maxDelayMs: 10_000, random: () => 0.5 }) // → 375
 */
export function backoffDelayMs(failedAttempts: number, policy: BackoffPolicy): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1))
  const half = exponential / 2
  return Math.round(half + half * clampUnit(policy.random()))
}

/**
 * Reads a standard HTTP `Retry-After` value: a number of seconds or an HTTP-date. Returns the
 * wait in milliseconds (never negative), or `undefined` when the header is absent or unreadable.
 * Apple's own API uses epoch milliseconds here; forwarding targets are ordinary HTTP servers.
 *
 * @example
 * parseRetryAfterMs('2', Date.now()) // → 2000
 * parseRetryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z')) // → 60000
 */
export function parseRetryAfterMs(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined
  const trimmed = value.trim()
  if (trimmed === '') return undefined
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000
  // A date needs letters (a weekday or month name); this keeps bare numbers like "1.5" out.
  if (!/[a-z]/i.test(trimmed)) return undefined
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - nowMs)
}

/**
 * Waits `ms` milliseconds with a plain timer; the default `sleep` of the forwarder.
 *
 * @example
 * await sleepMs(100)
 */
export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function clampUnit(value: number): number {
  if (!Number.isFinite(value) || value < 0) return 0
  return value >= 1 ? 1 : value
}
