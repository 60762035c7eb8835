// One App Store Server API call: bearer token, per-attempt timeout, bounded retry (apple.md §4.4–4.6).
import { AppStoreNotificationError, type ErrorCode, type ErrorDetails } from '../errors.js'
import { appleApiErrorName, isRetryableAppleApiError } from './apple-api-errors.js'
import type { AuthToken } from './auth-token.js'

/**
 * The `fetch` the App Store Server API client calls (inject one for proxies, logging or tests).
 *
 * @example
 * const logged: ApiFetch = (url, init) => { console.log(init.method, url); return fetch(url, init) }
 *
 * Exported from `app-store-notifications`.
 */
export type ApiFetch = (input: string, init: RequestInit) => Promise<Response>

/** One call, before retries. Internal. */
export interface ApiCall {
  readonly method: 'GET' | 'POST' | 'PUT'
  /** Path and query, e.g. `/inApps/v1/transactions/123`. */
  readonly path: string
  readonly body?: unknown
  /** `json`: a JSON object comes back; `none`: any 2xx body is ignored. */
  readonly expect: 'json' | 'none'
}

/** Settings of {@link createApiRequest}, defaults already applied. Internal. */
export interface ApiRequestSettings {
  readonly baseUrl: string
  readonly fetch: ApiFetch
  readonly token: AuthToken
  readonly timeoutMs: number
  readonly maxAttempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  readonly maxTotalMs: number
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly random: () => number
}

type Failure = {
  readonly kind: 'timeout' | 'network' | 'http' | 'unauthorized'
  readonly retryable: boolean
  readonly details: ErrorDetails
  readonly cause?: unknown
}
type Outcome = { readonly ok: true; readonly value: unknown } | ({ readonly ok: false } & Failure)

const TIMED_OUT = Symbol('timed out')

/**
 * Creates the request function of one client. Retries network errors, timeouts, 429 (waiting
 * until Apple's `Retry-After`, a UNIX time in milliseconds), 5xx and Apple's `…Retryable` codes,
 * with exponential backoff and jitter, never beyond `maxAttempts` or `maxTotalMs`; re-signs the
 * token once on a 401. Internal.
 */
export function createApiRequest(settings: ApiRequestSettings): (call: ApiCall) => Promise<unknown> {
  const attempt = async (call: ApiCall, timeoutMs: number): Promise<Outcome> => {
    const token = await settings.token.get()
    const controller = new AbortController()
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs)
    })
    const exchange = (async () => {
      const response = await settings.fetch(settings.baseUrl + call.path, {
        method: call.method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(call.body === undefined ? {} : { body: JSON.stringify(call.body) }),
        signal: controller.signal,
      })
      return { response, text: await response.text() }
    })()
    try {
      const result = await Promise.race([exchange, timeout])
      if (result === TIMED_OUT) {
        controller.abort()
        exchange.catch(() => undefined)
        return { ok: false, kind: 'timeout', retryable: true, details: {} }
      }
      if (result.response.status === 401) {
        settings.token.invalidate(token)
        return { ok: false, kind: 'unauthorized', retryable: false, details: { httpStatus: 401, ...apiError(result.text) } }
      }
      return interpret(call, result.response, result.text)
    } catch (cause) {
      if (cause instanceof AppStoreNotificationError) throw cause
      return { ok: false, kind: 'network', retryable: true, details: {}, cause }
    } finally {
      clearTimeout(timer)
    }
  }

  const interpret = (call: ApiCall, response: Response, text: string): Outcome => {
    const status = response.status
    if (status >= 200 && status < 300) {
      if (call.expect === 'none') return { ok: true, value: undefined }
      return { ok: true, value: parseObject(call, status, text) }
    }
    const details: ErrorDetails = { httpStatus: status, ...apiError(text) }
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), settings.now())
      return { ok: false, kind: 'http', retryable: true, details: { ...details, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) } }
    }
    const retryable = status >= 500 || isRetryableAppleApiError(details.apiErrorCode)
    return { ok: false, kind: 'http', retryable, details }
  }

  return async (call) => {
    const started = settings.now()
    let resigned = false
    for (let attempts = 1; ; attempts++) {
      const remaining = settings.maxTotalMs - (settings.now() - started)
      const outcome = await attempt(call, Math.max(1, Math.min(settings.timeoutMs, remaining)))
      if (outcome.ok) return outcome.value
      if (outcome.kind === 'unauthorized' && !resigned) {
        resigned = true
        attempts--
        continue
      }
      const elapsed = settings.now() - started
      const backoff = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempts - 1))
      const asked = outcome.details.retryAfterMs
      const wait = asked !== undefined && asked > 0 ? asked : Math.round(backoff / 2 + (settings.random() * backoff) / 2)
      if (!outcome.retryable || attempts >= settings.maxAttempts || elapsed + wait >= settings.maxTotalMs) {
        throw toError(call, outcome, attempts, elapsed)
      }
      await settings.sleep(wait)
    }
  }
}

function parseObject(call: ApiCall, status: number, text: string): unknown {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    value = cause
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error)) return value
  throw new AppStoreNotificationError(
    'ERR_API_RESPONSE_INVALID',
    `${call.method} ${call.path} answered ${status} with ${text === '' ? 'an empty body' : 'a body that is not a JSON object'}, ` +
      'expected a JSON object (is baseUrl pointing at the App Store Server API?)',
    { details: { httpStatus: status }, ...(value instanceof Error ? { cause: value } : {}) },
  )
}

/** Apple's `{ errorCode, errorMessage }`, when the body holds it. */
function apiError(text: string): Pick<ErrorDetails, 'apiErrorCode' | 'apiErrorMessage'> {
  try {
    const body: unknown = JSON.parse(text)
    if (typeof body !== 'object' || body === null) return {}
    const { errorCode, errorMessage } = body as { errorCode?: unknown; errorMessage?: unknown }
    return {
      ...(typeof errorCode === 'number' ? { apiErrorCode: errorCode } : {}),
      ...(typeof errorMessage === 'string' ? { apiErrorMessage: errorMessage } : {}),
    }
  } catch {
    return {}
  }
}

/**
 * Milliseconds to wait from now. Apple sends a UNIX time in **milliseconds**; a proxy in between
 * may send RFC 9110 delta-seconds or an HTTP date, told apart by size (no ms epoch is below 10¹¹).
 * Internal.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) {
    const number = Number(text)
    return number >= 1e11 ? Math.max(0, number - nowMs) : number * 1000
  }
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs)
}

function toError(call: ApiCall, failure: Failure, attempts: number, elapsedMs: number): AppStoreNotificationError {
  const where = `${call.method} ${call.path.split('?')[0] ?? call.path}`
  const tries = `after ${attempts} attempt${attempts === 1 ? '' : 's'} in ${elapsedMs} ms`
  const { httpStatus, apiErrorCode, apiErrorMessage } = failure.details
  const apple =
    apiErrorCode === undefined
      ? ''
      : ` (Apple error ${apiErrorCode}${nameOf(apiErrorCode)}${apiErrorMessage === undefined ? '' : `: ${apiErrorMessage}`})`
  let code: ErrorCode
  let message: string
  if (failure.kind === 'timeout') {
    code = 'ERR_API_TIMEOUT'
    message = `${where} timed out ${tries}: no complete answer from the App Store Server API; try again later or raise timeoutMs`
  } else if (failure.kind === 'network') {
    code = 'ERR_API_UNAVAILABLE'
    message = `${where} failed ${tries}: the App Store Server API could not be reached (network error); try again later`
  } else if (failure.kind === 'unauthorized') {
    code = 'ERR_API_REQUEST_REJECTED'
    message =
      `${where} answered 401 twice, with a freshly signed token: Apple rejects the credentials; check issuerId, keyId, ` +
      'bundleId and that privateKey is that key’s .p8 (Production also answers 401 until the app has a Production release)'
  } else if (failure.retryable) {
    code = 'ERR_API_UNAVAILABLE'
    const wait = failure.details.retryAfterMs === undefined ? '' : `; Apple asked to wait ${failure.details.retryAfterMs} ms`
    message = `${where} answered ${httpStatus}${apple} ${tries}${wait}; try again later`
  } else {
    code = 'ERR_API_REQUEST_REJECTED'
    const malformed = httpStatus === 400 && apple === '' ? ' (no Apple error code: the request was malformed)' : ''
    message = `${where} was rejected with ${httpStatus}${apple}${malformed}; not retried`
  }
  return new AppStoreNotificationError(code, message, {
    details: failure.details,
    ...(failure.cause === undefined ? {} : { cause: failure.cause }),
  })
}

function nameOf(code: number): string {
  const name = appleApiErrorName(code)
  return name === undefined ? '' : ` ${name}`
}
