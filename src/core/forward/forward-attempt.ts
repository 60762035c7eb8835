// One POST of the original bytes to one target, with its own timeout, classified for the retry
// loop in create-forwarder.ts. Never throws. Internal to src/core/forward.

import { isRetryableStatus, parseRetryAfterMs } from './forward-retry.js'

/**
 * The `fetch` the forwarder calls; `globalThis.fetch` fits, and so does a wrapper (a proxy agent,
 * a test double).
 *
 * @example
 * const logged: ForwardFetch = (url, init) => { console.log('POST', url); return fetch(url, init) }
 *
 * Exported from `app-store-notifications`.
 */
export type ForwardFetch = (url: string, init: RequestInit) => Promise<Response>

/** What one attempt produced. */
export interface AttemptOutcome {
  readonly ok: boolean
  /** Whether another attempt could succeed (network error, timeout, 408, 429, 5xx). */
  readonly retryable: boolean
  readonly status?: number
  readonly error?: string
  readonly location?: string
  /** Wait the target asked for with `Retry-After`. */
  readonly retryAfterMs?: number
}

/**
 * Sends one `POST` with `redirect: 'manual'` and aborts it after `timeoutMs`. The response body
 * is discarded without being read, so a slow body cannot hold the attempt.
 *
 * @example
 * const outcome = await attemptDelivery({ fetch, url, headers, body, timeoutMs: 10_000, now: Date.now })
 */
export async function attemptDelivery(options: {
  readonly fetch: ForwardFetch
  readonly url: string
  readonly headers: Headers
  readonly body: Uint8Array<ArrayBuffer>
  readonly timeoutMs: number
  readonly now: () => number
}): Promise<AttemptOutcome> {
  const controller = new AbortController()
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    controller.abort()
  }, options.timeoutMs)
  try {
    const response = await options.fetch(options.url, {
      method: 'POST',
      headers: options.headers,
      body: options.body,
      redirect: 'manual',
      signal: controller.signal,
    })
    discardBody(response)
    return classify(response, options.now())
  } catch (error) {
    if (timedOut) return { ok: false, retryable: true, error: `timed out after ${options.timeoutMs} ms` }
    return { ok: false, retryable: true, error: `network error: ${describeError(error)}` }
  } finally {
    clearTimeout(timer)
  }
}

function classify(response: Response, nowMs: number): AttemptOutcome {
  const { status } = response
  if (response.type === 'opaqueredirect') {
    return { ok: false, retryable: false, error: 'redirect (not followed; configure the final URL)' }
  }
  if (status >= 200 && status <= 299) return { ok: true, retryable: false, status }
  if (status >= 300 && status <= 399) {
    const location = response.headers.get('location')
    const to = location === null ? 'without a Location header' : `to ${location}`
    return {
      ok: false,
      retryable: false,
      status,
      error: `HTTP ${status} redirect ${to} (redirects are not followed, so the POST cannot turn into a GET; configure the final URL)`,
      ...(location === null ? {} : { location }),
    }
  }
  if (!isRetryableStatus(status)) {
    return { ok: false, retryable: false, status, error: `HTTP ${status} (not retried: the target refuses this request)` }
  }
  const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), nowMs)
  return { ok: false, retryable: true, status, error: `HTTP ${status}`, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) }
}

function discardBody(response: Response): void {
  // Not awaited: cancelling only releases the connection, and a target that stalls its body
  // must not stall forwarding. The catch keeps a failed cancel from becoming unhandled.
  if (response.body !== null && !response.bodyUsed) response.body.cancel().catch(() => undefined)
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause: unknown = error.cause
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code
    return `${error.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`
  }
  return error.message
}
