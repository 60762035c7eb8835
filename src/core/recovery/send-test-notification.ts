// sendTestNotification: Request a Test Notification, then poll its status (apple.md §6.2, §6.3).
import type { AppStoreServerApi } from '../api/create-app-store-server-api.js'
import { AppStoreNotificationError } from '../errors.js'
import type { SendAttemptItem } from '../models/api-responses.js'
import type { VerifiedNotification } from '../models/verified-notification.js'
import { decodeNotificationUnverified } from '../verify/decode-notification-unverified.js'
import type { UnverifiedNotification } from '../verify/decode-notification-unverified.js'

/** Apple's TestNotificationNotFoundError: not sent yet (or expired). */
const TEST_NOTIFICATION_NOT_FOUND = 4040008
/** Both test endpoints allow one request per second in Production. */
const MIN_POLL_INTERVAL_MS = 1_000

/**
 * Options of {@link sendTestNotification}.
 *
 * @example
 * const options: SendTestNotificationOptions = { api, timeoutMs: 30_000 }
 *
 * Exported from `app-store-notifications`.
 */
export interface SendTestNotificationOptions {
  /** The client of the environment whose URL should receive the TEST notification. */
  readonly api: Pick<AppStoreServerApi, 'requestTestNotification' | 'getTestNotificationStatus'>
  /** How long to wait for Apple to report a send attempt. Default 60 000 ms. */
  readonly timeoutMs?: number
  /** Time between status requests; at least 1 000 ms (Apple's rate limit). Default 1 000 ms. */
  readonly pollIntervalMs?: number
  /** Epoch ms clock, injectable for tests. Default `Date.now`. */
  readonly now?: () => number
  /** Waits between polls, injectable for tests. Default: a timer. */
  readonly sleep?: (ms: number) => Promise<void>
}

/**
 * The outcome of a test notification: Apple's send attempts and the payload it sent.
 *
 * @example
 * if (!result.delivered) console.log(result.sendAttempts.map((a) => a.sendAttemptResult))
 *
 * Exported from `app-store-notifications`.
 */
export interface TestNotificationResult {
  /** Apple's token; `api.getTestNotificationStatus(token)` answers for about six months. */
  readonly testNotificationToken: string
  /** The TEST notification's JWS, as Apple sent it to your URL. */
  readonly signedPayload: string
  /** Apple's attempts so far (`SUCCESS`, `UNSUCCESSFUL_HTTP_RESPONSE_CODE`, `TIMED_OUT`…). */
  readonly sendAttempts: readonly SendAttemptItem[]
  /** Whether an attempt succeeded (your endpoint answered 200–206). */
  readonly delivered: boolean
  /** The payload verified and decoded, when the client was created with a `verifier`. */
  readonly notification?: VerifiedNotification
  /** The payload decoded without verification, always present (for display). */
  readonly decoded: UnverifiedNotification
  /** Status requests made. */
  readonly polls: number
}

/**
 * Asks Apple to send a TEST notification to the URL configured for the client's environment, then
 * polls Get Test Notification Status (once a second at most) until Apple reports a send attempt.
 * Throws `ERR_API_TIMEOUT` when none is reported within `timeoutMs`, and the client's errors
 * otherwise (404 4040007: no URL configured; 401 in Production before the app's first release).
 *
 * @example
 * import { createAppStoreServerApi, sendTestNotification } from 'app-store-notifications'
 *
 * const api = createAppStoreServerApi({ issuerId, keyId, privateKey, bundleId: 'com.example.wallet', environment: 'Sandbox' })
 * const result = await sendTestNotification({ api, timeoutMs: 30_000 })
 * console.log(result.delivered ? 'your endpoint answered' : result.sendAttempts.at(-1)?.sendAttemptResult)
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi/request-a-test-notification
 * Exported from `app-store-notifications`.
 */
export async function sendTestNotification(options: SendTestNotificationOptions): Promise<TestNotificationResult> {
  const api = options?.api
  if (typeof api?.requestTestNotification !== 'function' || typeof api.getTestNotificationStatus !== 'function') {
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', 'sendTestNotification needs api (createAppStoreServerApi)')
  }
  const timeoutMs = positive('timeoutMs', options.timeoutMs, 60_000)
  const intervalMs = positive('pollIntervalMs', options.pollIntervalMs, MIN_POLL_INTERVAL_MS)
  if (intervalMs < MIN_POLL_INTERVAL_MS) {
    throw new AppStoreNotificationError(
      'ERR_CONFIG_INVALID',
      `pollIntervalMs must be at least ${MIN_POLL_INTERVAL_MS}: Apple allows one status request per second, got ${intervalMs}`,
    )
  }
  const now = options.now ?? Date.now
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)))

  const { testNotificationToken } = await api.requestTestNotification()
  const started = now()
  for (let polls = 1; ; polls++) {
    await sleep(intervalMs)
    let status: Awaited<ReturnType<typeof api.getTestNotificationStatus>> | undefined
    try {
      status = await api.getTestNotificationStatus(testNotificationToken)
    } catch (error) {
      if (!isNotSentYet(error)) throw error
    }
    if (status !== undefined && status.sendAttempts.length > 0) {
      const verified = (status as { notification?: VerifiedNotification }).notification
      return {
        testNotificationToken,
        signedPayload: status.signedPayload,
        sendAttempts: status.sendAttempts,
        delivered: status.sendAttempts.some((attempt) => attempt.sendAttemptResult === 'SUCCESS'),
        ...(verified === undefined ? {} : { notification: verified }),
        decoded: decodeNotificationUnverified(status.signedPayload),
        polls,
      }
    }
    const elapsed = now() - started
    if (elapsed + intervalMs > timeoutMs) {
      throw new AppStoreNotificationError(
        'ERR_API_TIMEOUT',
        `Apple reported no send attempt for test notification ${testNotificationToken} within ${timeoutMs} ms (${polls} status requests); ` +
          'check the URL in App Store Connect → App Information → App Store Server Notifications, or ask again later with ' +
          `getTestNotificationStatus("${testNotificationToken}")`,
      )
    }
  }
}

function isNotSentYet(error: unknown): boolean {
  return error instanceof AppStoreNotificationError && error.details.apiErrorCode === TEST_NOTIFICATION_NOT_FOUND
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value
  throw new AppStoreNotificationError('ERR_CONFIG_INVALID', `${name} must be a positive number of milliseconds, got ${String(value)}`)
}
