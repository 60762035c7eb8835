import { AppStoreNotificationError } from '../errors.js'
import type { Forwarder, ForwardResult } from '../forward/create-forwarder.js'
import type { VerifiedNotification } from '../models/verified-notification.js'
import type { NotificationVerifier } from '../verify/create-notification-verifier.js'
import { errorResponse, successResponse } from './http.js'
import type { AsnResponse } from './http.js'
import { answerConsumptionRequest } from './answer-consumption-request.js'
import type { ConsumptionApi, ConsumptionPolicy } from './answer-consumption-request.js'
import type { IdempotencyStore } from './idempotency-store.js'
import type { NotificationContext, NotificationRouter } from './router.js'

/**
 * Where a failure happened: the request itself (`request`, including verification), a listener,
 * the idempotency store, or background work.
 *
 * @example
 * handler.onError((error, { stage }) => { if (stage === 'listener') alert(error) })
 *
 * Exported from `app-store-notifications`.
 */
export type AsnErrorStage = 'request' | 'listener' | 'store' | 'forward' | 'consumption'

/**
 * Receives failures with what is known about the notification (never the whole payload).
 *
 * @example
 * const onError: AsnErrorListener = (error, info) => logger.warn({ code: error.code, uuid: info.notificationUUID })
 *
 * Exported from `app-store-notifications`.
 */
export type AsnErrorListener = (
  error: AppStoreNotificationError,
  info: { readonly stage: AsnErrorStage; readonly notificationUUID?: string; readonly notification?: VerifiedNotification },
) => unknown

/**
 * A structured log hook. It receives an event name and identifiers (UUID, type, subtype,
 * environment, status, error code, duration) — never payloads, tokens or signatures.
 *
 * @example
 * const logger: AsnLogger = { info: (event, fields) => pino.info(fields, event), warn: (event, fields) => pino.warn(fields, event) }
 *
 * Exported from `app-store-notifications`.
 */
export interface AsnLogger {
  readonly info?: (event: string, fields: Readonly<Record<string, unknown>>) => void
  readonly warn?: (event: string, fields: Readonly<Record<string, unknown>>) => void
}

/** What the pipeline needs from the handler. */
export interface ProcessSettings {
  readonly verifier: NotificationVerifier
  readonly router: NotificationRouter
  readonly store: IdempotencyStore
  readonly ttlMs: number
  readonly leaseMs: number
  readonly concurrentWaitMs: number
  readonly forwarder: Forwarder | undefined
  readonly onForwarded: ((results: readonly ForwardResult[], notification: VerifiedNotification) => unknown) | undefined
  readonly errorListeners: readonly AsnErrorListener[]
  readonly logger: AsnLogger | undefined
  readonly now: () => number
  /** Set by `handler.onConsumptionRequest`. */
  readonly consumption: { policy: ConsumptionPolicy | undefined; readonly api: ConsumptionApi | undefined; readonly budgetMs: number }
}

/** One delivery as the pipeline sees it. */
export interface Delivery {
  readonly body: unknown
  readonly contentType: string | undefined
  readonly waitUntil: (work: Promise<unknown>) => void
}

/**
 * verify → claim the UUID → run listeners → complete (or release on failure) → answer;
 * forwarding is started after verification and runs in the background.
 */
export async function processNotification(settings: ProcessSettings, delivery: Delivery): Promise<AsnResponse> {
  const started = settings.now()
  const report = (error: unknown, stage: AsnErrorStage, notification?: VerifiedNotification): AppStoreNotificationError => {
    const coded = toCoded(error, stage)
    const info = notification === undefined ? { stage } : { stage, notification, notificationUUID: notification.notificationUUID }
    for (const listener of settings.errorListeners) {
      try {
        void Promise.resolve(listener(coded, info)).catch(() => undefined)
      } catch {
        // A failing error listener must not change the answer to Apple.
      }
    }
    return coded
  }
  const answer = (response: AsnResponse, notification: VerifiedNotification | undefined, code?: string): AsnResponse => {
    const fields = {
      status: response.status,
      durationMs: settings.now() - started,
      ...(notification === undefined ? {} : describe(notification)),
      ...(code === undefined ? {} : { code }),
    }
    if (response.status >= 400) settings.logger?.warn?.('asn.rejected', fields)
    else settings.logger?.info?.('asn.accepted', fields)
    return response
  }

  let notification: VerifiedNotification
  try {
    notification = await settings.verifier.verifyNotification(delivery.body as never)
  } catch (error) {
    const coded = report(error, 'request')
    return answer(errorResponse(coded), undefined, coded.code)
  }

  if (settings.forwarder !== undefined) delivery.waitUntil(forward(settings, delivery, notification, report))

  const key = `asn:notification:${notification.notificationUUID}`
  let claim: Awaited<ReturnType<IdempotencyStore['claim']>>
  try {
    claim = await claimWithWait(settings, key)
  } catch (error) {
    const coded = report(new AppStoreNotificationError('ERR_IDEMPOTENCY_STORE_FAILED', 'the idempotency store failed to claim the notification', { cause: error }), 'store', notification)
    return answer(errorResponse(coded), notification, coded.code)
  }
  if (claim === 'done') return answer(successResponse('duplicate'), notification)
  if (claim === 'busy') {
    const coded = new AppStoreNotificationError(
      'ERR_NOTIFICATION_IN_PROGRESS',
      `notification ${notification.notificationUUID} is being processed by another delivery; Apple will retry`,
    )
    return answer(errorResponse(coded), notification, coded.code)
  }

  const context: NotificationContext = {
    notificationUUID: notification.notificationUUID,
    environment: environmentOf(notification),
    receivedAt: new Date(started),
    waitUntil: delivery.waitUntil,
  }
  try {
    for (const listener of settings.router.listenersFor(notification)) await listener(notification, context)
  } catch (error) {
    await settings.store.release(key).catch((releaseError: unknown) => report(releaseError, 'store', notification))
    const coded = report(
      new AppStoreNotificationError('ERR_HANDLER_FAILED', `a listener for ${notification.notificationType} threw; answering 500 so Apple retries`, { cause: error }),
      'listener',
      notification,
    )
    return answer(errorResponse(coded), notification, coded.code)
  }
  const { policy } = settings.consumption
  if (policy !== undefined && notification.notificationType === 'CONSUMPTION_REQUEST') {
    try {
      await answerConsumptionRequest(
        { ...settings.consumption, policy, store: settings.store, ttlMs: settings.ttlMs, leaseMs: settings.leaseMs, report: (error) => report(error, 'consumption', notification) },
        notification,
        context,
      )
    } catch (error) {
      await settings.store.release(key).catch((releaseError: unknown) => report(releaseError, 'store', notification))
      const coded = report(error, 'consumption', notification)
      return answer(errorResponse(coded), notification, coded.code)
    }
  }
  try {
    await settings.store.complete(key, { ttlMs: settings.ttlMs })
  } catch (error) {
    const coded = report(new AppStoreNotificationError('ERR_IDEMPOTENCY_STORE_FAILED', 'the idempotency store failed to record completion', { cause: error }), 'store', notification)
    return answer(errorResponse(coded), notification, coded.code)
  }
  return answer(successResponse('processed'), notification)
}

/** Claims `key`; while another delivery holds it, waits (briefly) for it to finish or give up. */
async function claimWithWait(settings: ProcessSettings, key: string): Promise<'claimed' | 'done' | 'busy'> {
  const deadline = settings.now() + settings.concurrentWaitMs
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    const claim = await settings.store.claim(key, { leaseMs: settings.leaseMs })
    if (claim !== 'busy' || settings.now() + delay > deadline) return claim
    await new Promise((resolve) => setTimeout(resolve, delay))
  }
}

/** Forwards to every target that does not have this notification yet, claiming each target per UUID. */
async function forward(
  settings: ProcessSettings,
  delivery: Delivery,
  notification: VerifiedNotification,
  report: (error: unknown, stage: AsnErrorStage, notification?: VerifiedNotification) => unknown,
): Promise<void> {
  const forwarder = settings.forwarder!
  const keyOf = (target: string): string => `asn:forward:${notification.notificationUUID}:${target}`
  try {
    const skipTargets: string[] = []
    for (const target of forwarder.targets) {
      if ((await settings.store.claim(keyOf(target.id), { leaseMs: settings.leaseMs * 5 })) !== 'claimed') skipTargets.push(target.id)
    }
    const body = delivery.body instanceof Uint8Array || typeof delivery.body === 'string' || delivery.body instanceof ArrayBuffer
      ? delivery.body
      : JSON.stringify({ signedPayload: (delivery.body as { signedPayload: string }).signedPayload })
    const results = await forwarder.forward({
      body,
      contentType: delivery.contentType,
      notification: { notificationUUID: notification.notificationUUID, environment: environmentOf(notification) },
      skipTargets,
    })
    for (const result of results) {
      if (skipTargets.includes(result.target)) continue
      if (result.ok && result.skipped === undefined) await settings.store.complete(keyOf(result.target), { ttlMs: settings.ttlMs })
      else await settings.store.release(keyOf(result.target))
    }
    await settings.onForwarded?.(results, notification)
  } catch (error) {
    report(error, 'forward', notification)
  }
}

function toCoded(error: unknown, stage: AsnErrorStage): AppStoreNotificationError {
  if (error instanceof AppStoreNotificationError) return error
  const code = stage === 'store' ? 'ERR_IDEMPOTENCY_STORE_FAILED' : 'ERR_HANDLER_FAILED'
  return new AppStoreNotificationError(code, `${stage} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error })
}

/** The environment of any notification body. */
export function environmentOf(notification: VerifiedNotification): string | undefined {
  const body = notification.data ?? notification.summary ?? notification.appData
  if (body !== undefined) return body.environment
  const id = notification.externalPurchaseToken?.externalPurchaseId
  return id === undefined ? undefined : id.startsWith('SANDBOX') ? 'Sandbox' : 'Production'
}

function describe(notification: VerifiedNotification): Record<string, unknown> {
  return {
    notificationUUID: notification.notificationUUID,
    notificationType: notification.notificationType,
    ...(notification.subtype === undefined ? {} : { subtype: notification.subtype }),
    environment: environmentOf(notification),
  }
}
