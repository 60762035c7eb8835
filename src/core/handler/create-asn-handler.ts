import { AppStoreNotificationError } from '../errors.js'
import { createForwarder } from '../forward/create-forwarder.js'
import type { Forwarder, ForwardResult } from '../forward/create-forwarder.js'
import type { NotificationEventKey } from '../models/notification-types.js'
import type { UnrecognizedNotification, VerifiedNotification } from '../models/verified-notification.js'
import { createNotificationVerifier } from '../verify/create-notification-verifier.js'
import type { NotificationVerifier, NotificationVerifierOptions } from '../verify/create-notification-verifier.js'
import { bodySize, DEFAULT_MAX_BODY_BYTES, errorResponse, headerValue, readRequestBytes, toWebResponse, tooLarge } from './http.js'
import type { AsnRequest, AsnResponse } from './http.js'
import { createMemoryIdempotencyStore } from './idempotency-store.js'
import type { IdempotencyStore } from './idempotency-store.js'
import type { ConsumptionApi, ConsumptionPolicy } from './answer-consumption-request.js'
import { processNotification } from './process-notification.js'
import type { AsnErrorListener, AsnLogger } from './process-notification.js'
import { NotificationRouter } from './router.js'
import type { NotificationContext, NotificationListener } from './router.js'

/**
 * Options of {@link createAsnHandler}.
 *
 * @example
 * const options: AsnHandlerOptions = { verifier: { bundleId: 'com.example.wallet', environment: 'Sandbox' } }
 *
 * Exported from `app-store-notifications`.
 */
export interface AsnHandlerOptions {
  /** A verifier, or the options to create one. */
  readonly verifier: NotificationVerifier | NotificationVerifierOptions
  /** Exactly-once store. Default: an in-memory store (one server instance). */
  readonly idempotency?: IdempotencyStore
  /** Largest accepted body in bytes; larger ones get 413. Default 256 KiB. */
  readonly maxBodyBytes?: number
  /** How long a finished notification is remembered. Default 8 days (Apple retries for about 6.5). */
  readonly idempotencyTtlMs?: number
  /** How long one delivery may hold a notification before another may take over. Default 60 s. */
  readonly processingLeaseMs?: number
  /** How long a concurrent duplicate waits for the first delivery before answering 503. Default 3 s. */
  readonly concurrentWaitMs?: number
  /** Forwards every verified notification: a forwarder, or target URLs. */
  readonly forward?: Forwarder | readonly string[]
  /** App Store Server API client(s) used to answer CONSUMPTION_REQUEST (see `onConsumptionRequest`). */
  readonly api?: ConsumptionApi
  /** Longest time sending consumption information may hold up the answer to Apple. Default 8 000 ms. */
  readonly consumptionBudgetMs?: number
  /** Receives each notification's forwarding results. */
  readonly onForwarded?: (results: readonly ForwardResult[], notification: VerifiedNotification) => unknown
  /** Called for every failure (also registered with `handler.onError`). */
  readonly onError?: AsnErrorListener
  /** Structured log hook; it receives identifiers and outcomes, never whole payloads. */
  readonly logger?: AsnLogger
  /** Clock, injectable for tests. */
  readonly now?: () => number
}

/**
 * The platform's hooks for one request; adapters pass `waitUntil` where the platform has one.
 *
 * @example
 * export default { fetch: (request, env, ctx) => handler.fetch(request, { waitUntil: (p) => ctx.waitUntil(p) }) }
 *
 * Exported from `app-store-notifications`.
 */
export interface PlatformContext {
  readonly waitUntil?: (work: Promise<unknown>) => void
}

/**
 * The notification endpoint made by {@link createAsnHandler}.
 *
 * @example
 * handler.on('REFUND', async (notification) => wallet.debit(notification.transaction!.appAccountToken!))
 *
 * Exported from `app-store-notifications`.
 */
export interface AsnHandler {
  /** Runs `listener` for notifications matching a key (`"EXPIRED"`, `"EXPIRED.VOLUNTARY"`) or any of several keys. */
  on<K extends NotificationEventKey>(keys: K | readonly K[], listener: NotificationListener<K>): AsnHandler
  /** Runs `listener` for every verified notification, after the keyed listeners. */
  onAny(listener: (notification: VerifiedNotification, context: NotificationContext) => unknown): AsnHandler
  /** Runs `listener` for notification types or subtypes not in the table (Apple adds some every year). */
  onUnrecognized(listener: (notification: UnrecognizedNotification, context: NotificationContext) => unknown): AsnHandler
  /** Receives every failure: rejected requests, failing listeners, background work. */
  onError(listener: AsnErrorListener): AsnHandler
  /**
   * Answers CONSUMPTION_REQUEST (refund requests) with your policy's consumption information
   * through the `api` option, once per transaction; return `null` to send nothing.
   */
  onConsumptionRequest(policy: ConsumptionPolicy): AsnHandler
  /** Web `Request` → `Response`: use directly in Hono, Bun, Deno, Cloudflare Workers, Next.js. */
  fetch(request: Request, platform?: PlatformContext): Promise<Response>
  /** Framework-neutral form used by the Node adapters. */
  handle(request: AsnRequest, platform?: PlatformContext): Promise<AsnResponse>
  /** Waits for background work (forwarding, consumption answers) to finish, for graceful shutdown. */
  drain(): Promise<void>
  readonly verifier: NotificationVerifier
  readonly maxBodyBytes: number
}

/**
 * Creates the App Store Server Notifications endpoint: verification, exactly-once handling per
 * `notificationUUID`, typed routing, forwarding and the HTTP answers Apple expects (200 done or
 * duplicate; 400/401/403 never to be resent; 413; 500 when a listener threw and 503 when a retry
 * could help, so that Apple delivers again).
 *
 * @example
 * import { createAsnHandler } from 'app-store-notifications'
 *
 * const handler = createAsnHandler({
 *   verifier: { bundleId: 'com.example.wallet', environment: ['Production', 'Sandbox'], appAppleId: 1234567890 },
 * })
 * handler.on('REFUND', async ({ transaction }) => wallet.debitCoins(transaction!.appAccountToken!, transaction!.productId))
 * handler.on(['DID_RENEW', 'SUBSCRIBED'], async ({ transaction }) => subscriptions.extend(transaction!))
 * export default { fetch: (request: Request) => handler.fetch(request) }
 *
 * Exported from `app-store-notifications`.
 */
export function createAsnHandler(options: AsnHandlerOptions): AsnHandler {
  const verifier = isVerifier(options.verifier) ? options.verifier : createNotificationVerifier(options.verifier)
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', `maxBodyBytes must be a positive integer, got ${String(maxBodyBytes)}`)
  }
  const router = new NotificationRouter()
  const errorListeners: AsnErrorListener[] = options.onError === undefined ? [] : [options.onError]
  const background = new Set<Promise<unknown>>()
  const forwarder = options.forward === undefined ? undefined : Array.isArray(options.forward)
    ? createForwarder({ targets: options.forward as readonly string[] })
    : (options.forward as Forwarder)

  const settings = {
    verifier,
    router,
    store: options.idempotency ?? createMemoryIdempotencyStore(),
    ttlMs: options.idempotencyTtlMs ?? 8 * 24 * 60 * 60 * 1000,
    leaseMs: options.processingLeaseMs ?? 60_000,
    concurrentWaitMs: options.concurrentWaitMs ?? 3_000,
    forwarder,
    onForwarded: options.onForwarded,
    errorListeners,
    logger: options.logger,
    now: options.now ?? Date.now,
    consumption: { policy: undefined as ConsumptionPolicy | undefined, api: options.api, budgetMs: options.consumptionBudgetMs ?? 8_000 },
  }

  function track(platform: PlatformContext | undefined): (work: Promise<unknown>) => void {
    return (work) => {
      const settled = work.catch(() => undefined)
      background.add(settled)
      void settled.finally(() => background.delete(settled))
      platform?.waitUntil?.(settled)
    }
  }

  async function handle(request: AsnRequest, platform?: PlatformContext): Promise<AsnResponse> {
    if (request.method.toUpperCase() !== 'POST') {
      return errorResponse(new AppStoreNotificationError('ERR_METHOD_NOT_ALLOWED', `method ${request.method} is not allowed; Apple POSTs`))
    }
    const declared = Number(headerValue(request.headers, 'content-length') ?? 0)
    const size = Math.max(bodySize(request.body), Number.isFinite(declared) ? declared : 0)
    if (size > maxBodyBytes) return errorResponse(tooLarge(size, maxBodyBytes))
    return processNotification(settings, {
      body: request.body,
      contentType: headerValue(request.headers, 'content-type'),
      waitUntil: track(platform),
    })
  }

  const handler: AsnHandler = {
    on(keys, listener) {
      router.on(keys, listener)
      return handler
    },
    onAny(listener) {
      router.onAny(listener)
      return handler
    },
    onUnrecognized(listener) {
      router.onUnrecognized(listener)
      return handler
    },
    onError(listener) {
      errorListeners.push(listener)
      return handler
    },
    onConsumptionRequest(policy) {
      if (options.api === undefined) {
        throw new AppStoreNotificationError('ERR_CONFIG_INVALID', 'onConsumptionRequest needs the api option (createAppStoreServerApi) to send answers')
      }
      settings.consumption.policy = policy
      return handler
    },
    async fetch(request, platform) {
      if (request.method.toUpperCase() !== 'POST') return toWebResponse(await handle({ method: request.method, body: null }))
      let body: Uint8Array
      try {
        body = await readRequestBytes(request, maxBodyBytes)
      } catch (error) {
        return toWebResponse(errorResponse(error))
      }
      return toWebResponse(await handle({ method: request.method, headers: request.headers, body }, platform))
    },
    handle,
    async drain() {
      while (background.size > 0) await Promise.all([...background])
    },
    verifier,
    maxBodyBytes,
  }
  return handler
}

function isVerifier(value: NotificationVerifier | NotificationVerifierOptions): value is NotificationVerifier {
  return typeof (value as NotificationVerifier).verifyNotification === 'function'
}
