// createForwarder: sends each notification's original bytes to several downstream services,
// concurrently, with per-attempt timeouts and bounded retries. Web APIs only.

import { AppStoreNotificationError } from '../errors.js'
import { attemptDelivery } from './forward-attempt.js'
import type { AttemptOutcome, ForwardFetch } from './forward-attempt.js'
import { describe, isForwardBody, toBytes } from './forward-bytes.js'
import type { ForwardBody } from './forward-bytes.js'
import { backoffDelayMs, sleepMs } from './forward-retry.js'
import type { BackoffPolicy } from './forward-retry.js'
import { FORWARD_SIGNATURE_HEADER, signForwardBody } from './forward-signature.js'
import type { ForwardSigningSecret } from './forward-signature.js'
import { acceptsEnvironment, resolveTargets } from './forward-targets.js'
import type { ForwardTarget, ResolvedTarget } from './forward-targets.js'

/**
 * Options of {@link createForwarder}.
 *
 * @example
 * const options: ForwarderOptions = { targets: ['https://backend.example.com/asn'], signingSecret: 's3cret…' }
 *
 * Exported from `app-store-notifications`.
 */
export interface ForwarderOptions {
  /** URLs or {@link ForwardTarget} objects; at least one. */
  readonly targets: readonly (string | ForwardTarget)[]
  /** When set, every request carries the `x-asn-signature` header (see {@link verifyForwardSignature}). */
  readonly signingSecret?: ForwardSigningSecret
  /** Time limit of one attempt, in ms. Default: 10 000. */
  readonly timeoutMs?: number
  /** Attempts per target, the first included. Default: 4. */
  readonly maxAttempts?: number
  /** Time limit per target for all attempts and waits together, in ms. Default: 60 000. */
  readonly maxTotalMs?: number
  /** Delay before the first retry, before jitter, in ms; it doubles per retry. Default: 500. */
  readonly baseDelayMs?: number
  /** Largest backoff delay before jitter, in ms. Default: 10 000. */
  readonly maxDelayMs?: number
  /** Default: `globalThis.fetch`. */
  readonly fetch?: ForwardFetch
  /** Clock in epoch ms. Default: `Date.now`. */
  readonly now?: () => number
  /** Waits between attempts. Default: a `setTimeout` timer. */
  readonly sleep?: (ms: number) => Promise<void>
  /** Jitter source in [0, 1). Default: `Math.random`. */
  readonly random?: () => number
}

/**
 * What {@link Forwarder.forward} takes.
 *
 * @example
 * const input: ForwardInput = { body: rawBytes, contentType: 'application/json', notification: { environment: 'Sandbox' } }
 *
 * Exported from `app-store-notifications`.
 */
export interface ForwardInput {
  /** The request body exactly as Apple sent it. Text is sent as UTF-8. */
  readonly body: ForwardBody
  /** Content type sent to every target, verbatim. Default: `application/json`. */
  readonly contentType?: string | undefined
  /** Facts about the verified notification: the environment filters targets, the UUID becomes the `x-asn-notification-uuid` header. */
  readonly notification?: { readonly notificationUUID?: string | undefined; readonly environment?: string | undefined } | undefined
  /** Target ids that already have this notification (from earlier `ok` results); they are not sent it again. */
  readonly skipTargets?: Iterable<string> | undefined
}

/**
 * The outcome for one target. `ok` is true when the target has the notification: delivered now
 * (2xx), or skipped because it already had it or is not meant to receive this environment.
 *
 * @example
 * const failed = results.filter((result) => !result.ok).map((result) => `${result.target}: ${result.error}`)
 *
 * Exported from `app-store-notifications`.
 */
export interface ForwardResult {
  /** The target's id. */
  readonly target: string
  readonly url: string
  readonly ok: boolean
  /** HTTP status of the last answer, when one came. */
  readonly status?: number
  /** Requests sent: 0 when skipped. */
  readonly attempts: number
  readonly durationMs: number
  /** Why the last attempt failed, in one line. */
  readonly error?: string
  /** On failure: whether a later `forward` of the same notification could succeed. */
  readonly retryable?: boolean
  /** The `Location` of a 3xx answer, which is reported, never followed. */
  readonly location?: string
  /** Why nothing was sent: the id was in `skipTargets`, or the environment is not the target's. */
  readonly skipped?: 'delivered' | 'environment'
}

/**
 * A configured forwarder. `forward` resolves with one result per target, in the order of
 * `targets`; a target's failure never makes it reject.
 *
 * @example
 * const results = await forwarder.forward({ body, contentType: request.headers.get('content-type') ?? undefined })
 *
 * Exported from `app-store-notifications`.
 */
export interface Forwarder {
  /** The validated targets with their ids. */
  readonly targets: readonly { readonly id: string; readonly url: string; readonly environments?: readonly string[] }[]
  forward(input: ForwardInput): Promise<ForwardResult[]>
}

interface Settings {
  readonly fetch: ForwardFetch
  readonly now: () => number
  readonly sleep: (ms: number) => Promise<void>
  readonly secret: ForwardSigningSecret | undefined
  readonly timeoutMs: number
  readonly maxAttempts: number
  readonly maxTotalMs: number
  readonly backoff: BackoffPolicy
}

/**
 * Creates a forwarder that POSTs the original notification bytes to every target at once, so that
 * each downstream service can verify Apple's signature itself. Per target: a timeout per attempt;
 * retries with exponential backoff and jitter on network errors, timeouts, 408, 429 (honouring
 * `Retry-After`) and 5xx, bounded by `maxAttempts` and `maxTotalMs`; no retry on other 4xx;
 * a 3xx is reported with its `Location`, never followed.
 *
 * @example
 * const forwarder = createForwarder({
 *   targets: [
 *     'https://backend.example.com/apple/notifications',
 *     { url: 'https://subscriptions.example.net/apple/notifications', id: 'subscriptions' },
 *     { url: 'https://staging.example.com/asn', id: 'staging', environments: ['Sandbox'] },
 *   ],
 *   signingSecret: 'a long random string shared with your own services',
 * })
 * const results = await forwarder.forward({ body: rawBody, contentType: 'application/json', notification: { environment: 'Sandbox' } })
 *
 * Exported from `app-store-notifications`.
 */
export function createForwarder(options: ForwarderOptions): Forwarder {
  const targets = resolveTargets(options.targets)
  const settings = resolveSettings(options)
  return {
    targets: targets.map(({ id, url, environments }) => (environments === undefined ? { id, url } : { id, url, environments })),
    async forward(input) {
      if (!isForwardBody(input.body)) {
        throw new AppStoreNotificationError('ERR_BODY_MALFORMED', `forward() needs the raw body as a Uint8Array or string, got ${describe(input.body)}; pass the bytes received, not a parsed object`)
      }
      const body = toBytes(input.body)
      const base = baseHeaders(input)
      // A lone id string would otherwise be iterated character by character.
      const skip = new Set(typeof input.skipTargets === 'string' ? [input.skipTargets] : (input.skipTargets ?? []))
      const environment = input.notification?.environment
      return Promise.all(
        targets.map(async (target): Promise<ForwardResult> => {
          if (skip.has(target.id)) return { target: target.id, url: target.url, ok: true, attempts: 0, durationMs: 0, skipped: 'delivered' }
          if (!acceptsEnvironment(target, environment)) return { target: target.id, url: target.url, ok: true, attempts: 0, durationMs: 0, skipped: 'environment' }
          return deliver(target, body, base, settings)
        }),
      )
    },
  }
}

async function deliver(target: ResolvedTarget, body: Uint8Array<ArrayBuffer>, base: Headers, settings: Settings): Promise<ForwardResult> {
  const started = settings.now()
  const deadline = started + settings.maxTotalMs
  let attempts = 0
  let outcome: AttemptOutcome = { ok: false, retryable: true, error: 'not attempted' }
  try {
    for (;;) {
      attempts += 1
      const headers = new Headers()
      for (const [name, value] of target.headers) headers.set(name, value)
      for (const [name, value] of base) headers.set(name, value)
      if (!headers.has('user-agent')) headers.set('user-agent', 'app-store-notifications')
      if (settings.secret !== undefined) {
        const timestamp = Math.floor(settings.now() / 1000)
        headers.set(FORWARD_SIGNATURE_HEADER, await signForwardBody({ body, secret: settings.secret, timestamp }))
      }
      const timeoutMs = Math.max(1, Math.min(settings.timeoutMs, deadline - settings.now()))
      outcome = await attemptDelivery({ fetch: settings.fetch, url: target.url, headers, body, timeoutMs, now: settings.now })
      if (outcome.ok || !outcome.retryable || attempts >= settings.maxAttempts) break
      const delayMs = outcome.retryAfterMs ?? backoffDelayMs(attempts, settings.backoff)
      const remainingMs = deadline - settings.now()
      if (delayMs >= remainingMs) {
        const reason = outcome.retryAfterMs === undefined ? `the next retry would pass maxTotalMs (${settings.maxTotalMs} ms)` : `Retry-After asks for ${Math.ceil(delayMs / 1000)} s, more than the ${Math.max(0, remainingMs)} ms left of maxTotalMs`
        outcome = { ...outcome, error: `${outcome.error ?? 'failed'}; gave up: ${reason}` }
        break
      }
      await settings.sleep(delayMs)
    }
  } catch (error) {
    // Only an injected fetch/sleep/clock can get here; it still must not reject forward().
    outcome = { ...outcome, ok: false, retryable: true, error: `unexpected error: ${error instanceof Error ? error.message : String(error)}` }
  }
  const { ok, status, error, location, retryable } = outcome
  return {
    target: target.id,
    url: target.url,
    ok,
    ...(status === undefined ? {} : { status }),
    attempts,
    durationMs: Math.max(0, settings.now() - started),
    ...(ok || error === undefined ? {} : { error, retryable }),
    ...(location === undefined ? {} : { location }),
  }
}

function baseHeaders(input: ForwardInput): Headers {
  const headers = new Headers()
  try {
    headers.set('content-type', input.contentType ?? 'application/json')
    const uuid = input.notification?.notificationUUID
    if (uuid !== undefined) headers.set('x-asn-notification-uuid', uuid)
  } catch (cause) {
    throw new AppStoreNotificationError('ERR_BODY_MALFORMED', 'contentType or notificationUUID is not a valid HTTP header value; pass the content-type header received', { cause })
  }
  return headers
}

function resolveSettings(options: ForwarderOptions): Settings {
  const fetchImpl = options.fetch ?? (typeof fetch === 'function' ? (url: string, init: RequestInit) => fetch(url, init) : undefined)
  if (typeof fetchImpl !== 'function') {
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', 'no fetch available: this runtime has no global fetch, so pass options.fetch')
  }
  const secret = options.signingSecret
  if (secret !== undefined && (typeof secret === 'string' ? secret === '' : !ArrayBuffer.isView(secret) || secret.byteLength === 0)) {
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', 'signingSecret must be a non-empty string or Uint8Array; leave it out to send unsigned requests')
  }
  const baseDelayMs = number(options.baseDelayMs, 500, 'baseDelayMs', 0)
  return {
    fetch: fetchImpl,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? sleepMs,
    secret,
    timeoutMs: number(options.timeoutMs, 10_000, 'timeoutMs', 1),
    maxAttempts: Math.floor(number(options.maxAttempts, 4, 'maxAttempts', 1)),
    maxTotalMs: number(options.maxTotalMs, 60_000, 'maxTotalMs', 1),
    backoff: { baseDelayMs, maxDelayMs: number(options.maxDelayMs, 10_000, 'maxDelayMs', baseDelayMs), random: options.random ?? Math.random },
  }
}

function number(value: number | undefined, fallback: number, name: string, min: number): number {
  if (value === undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', `${name} must be a finite number of at least ${min}, got ${String(value)}`)
  }
  return value
}
