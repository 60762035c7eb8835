import { eventKeysOf, isRecognizedNotification } from '../models/notification-types.js'
import type { NotificationEventKey } from '../models/notification-types.js'
import type {
  NotificationForKey,
  UnrecognizedNotification,
  VerifiedNotification,
} from '../models/verified-notification.js'

/**
 * What every notification handler receives next to the notification.
 *
 * @example
 * handler.on('REFUND', async (notification, context) => {
 *   context.waitUntil(audit.log(context.notificationUUID))
 * })
 *
 * Exported from `app-store-notifications`.
 */
export interface NotificationContext {
  /** The notification's UUID: stable across Apple's retries. */
  readonly notificationUUID: string
  /** `Production` or `Sandbox`, from the verified payload. */
  readonly environment: string | undefined
  /** When this delivery arrived. */
  readonly receivedAt: Date
  /**
   * Keeps background work alive after the response: the platform's `waitUntil` (Next.js `after`,
   * Cloudflare, Vercel) when there is one, otherwise tracked until `handler.drain()`.
   */
  readonly waitUntil: (work: Promise<unknown>) => void
}

/**
 * A function registered with `handler.on(...)`; throwing (or rejecting) makes the handler answer
 * 500 so that Apple delivers the notification again.
 *
 * @example
 * const onRefund: NotificationListener<'REFUND'> = async (notification) => wallet.debit(notification.transaction)
 *
 * Exported from `app-store-notifications`.
 */
export type NotificationListener<K extends NotificationEventKey> = (
  notification: NotificationForKey<K>,
  context: NotificationContext,
) => unknown

type AnyListener = (notification: VerifiedNotification, context: NotificationContext) => unknown

/** Registers listeners and finds the ones a notification should run, in registration order. */
export class NotificationRouter {
  readonly #keyed: Array<{ keys: ReadonlySet<string>; listener: AnyListener }> = []
  readonly #unrecognized: AnyListener[] = []
  readonly #any: AnyListener[] = []

  on<K extends NotificationEventKey>(keys: K | readonly K[], listener: NotificationListener<K>): void {
    const list: readonly string[] = typeof keys === 'string' ? [keys] : keys
    this.#keyed.push({ keys: new Set(list), listener: listener as AnyListener })
  }

  onAny(listener: AnyListener): void {
    this.#any.push(listener)
  }

  onUnrecognized(listener: (notification: UnrecognizedNotification, context: NotificationContext) => unknown): void {
    this.#unrecognized.push(listener as AnyListener)
  }

  /** Listeners for a notification: keyed ones first, then `onUnrecognized` (if unknown), then `onAny`. */
  listenersFor(notification: VerifiedNotification): AnyListener[] {
    if (!isRecognizedNotification(notification)) return [...this.#unrecognized, ...this.#any]
    const keys = eventKeysOf(notification)
    const keyed = this.#keyed.filter((entry) => keys.some((key) => entry.keys.has(key))).map((entry) => entry.listener)
    return [...keyed, ...this.#any]
  }
}
