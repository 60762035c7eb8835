// replayNotificationHistory: feeds Apple's notification history back through the handler (apple.md §1.3, §6.1).
import { notificationHistoryBody } from '../api/api-input.js'
import type { NotificationHistoryRequest } from '../api/api-types.js'
import type { AppStoreServerApi } from '../api/create-app-store-server-api.js'
import { AppStoreNotificationError } from '../errors.js'
import type { AsnHandler } from '../handler/create-asn-handler.js'
import { classifyAnswer, itemFacts, thrownFailure, type ReplayFailure } from './replay-outcome.js'

/** Apple's PaginationTokenExpiredError. */
const PAGINATION_TOKEN_EXPIRED = 4000017

/**
 * Options of {@link replayNotificationHistory}. The filters are Apple's: `transactionId` excludes
 * `notificationType`, and `notificationSubtype` needs `notificationType`.
 *
 * @example
 * const options: ReplayNotificationHistoryOptions = { api, handler, startDate: Date.parse('2026-03-06'), onlyFailures: true }
 *
 * Exported from `app-store-notifications`.
 */
export interface ReplayNotificationHistoryOptions {
  /** The App Store Server API client of the environment to recover (a client without a verifier is enough: the handler verifies). */
  readonly api: Pick<AppStoreServerApi, 'getNotificationHistory'>
  /** Your `createAsnHandler` handler, or anything with the same `handle` (the CLI posts to a URL this way). */
  readonly handler: Pick<AsnHandler, 'handle'>
  /** First signed date to fetch: within 180 days (Production) or 30 days (Sandbox). */
  readonly startDate: number | Date
  /** Last signed date to fetch. Default: now. */
  readonly endDate?: number | Date | undefined
  /** Only notifications Apple could not deliver (including ones still being retried). */
  readonly onlyFailures?: boolean | undefined
  readonly notificationType?: string | undefined
  readonly notificationSubtype?: string | undefined
  /** Any transaction id of one customer; excludes `notificationType`. */
  readonly transactionId?: string | undefined
  /** A previous result's `resumeToken`: start at that page (with the same request as then). */
  readonly paginationToken?: string | undefined
  /** A previous result's `lastSignedDate`: where to restart if `paginationToken` has expired meanwhile. */
  readonly lastSignedDate?: number | undefined
  /** Called after each notification and each finished page; persist `resumeToken` here to survive a crash. */
  readonly onProgress?: ((progress: ReplayProgress) => void) | undefined
  /** Stops the replay between two notifications; the result then says where to resume. */
  readonly signal?: AbortSignal | undefined
  /** Clock for the default `endDate`. Default `Date.now`. */
  readonly now?: (() => number) | undefined
}

/**
 * Progress of a running replay, as reported to `onProgress`.
 *
 * @example
 * const onProgress = (p: ReplayProgress) => writeFileSync('replay.json', JSON.stringify(p))
 *
 * Exported from `app-store-notifications`.
 */
export interface ReplayProgress {
  /** Pages fetched so far in this run. */
  readonly page: number
  readonly processed: number
  readonly alreadyDone: number
  readonly failed: number
  /** The request the `resumeToken` belongs to (its `startDate` moves forward after a token expired). */
  readonly request: NotificationHistoryRequest
  /** The token of the first page not yet fully replayed; `undefined` means that page is the request's first one. */
  readonly resumeToken: string | undefined
  /** `signedDate` of the last notification replayed. */
  readonly lastSignedDate: number | undefined
}

/**
 * What a replay did. Run it again with `{ ...result.request, paginationToken: result.resumeToken,
 * lastSignedDate: result.lastSignedDate }` to continue after an interruption; notifications
 * already processed come back as `alreadyDone`.
 *
 * @example
 * if (!result.complete) console.log(`interrupted: ${result.error?.code ?? 'aborted'}`)
 *
 * Exported from `app-store-notifications`.
 */
export interface ReplayResult {
  /** Notifications the handler processed now. */
  readonly processed: number
  /** Notifications the handler had already processed (its exactly-once store said so). */
  readonly alreadyDone: number
  /** Notifications the handler rejected or failed on, with reasons. */
  readonly failed: readonly ReplayFailure[]
  /** Pages fetched. */
  readonly pages: number
  /** Whether the history was replayed to its end. */
  readonly complete: boolean
  /** The request to resume with (the original one unless a restart moved `startDate`). */
  readonly request: NotificationHistoryRequest
  /** Pagination token of the first page not fully replayed; absent when complete or when that page is the request's first. */
  readonly resumeToken?: string
  /** `signedDate` of the last notification replayed. */
  readonly lastSignedDate?: number
  /** Restarts from `lastSignedDate` after Apple's PaginationTokenExpired (4000017). */
  readonly restarts: number
  /** The App Store Server API failure that stopped the replay (its counts and `resumeToken` still hold). */
  readonly error?: AppStoreNotificationError
}

/**
 * Pages through Get Notification History and runs every `signedPayload` through the handler's full
 * pipeline — verification, exactly-once store, listeners, consumption answers, forwarding — in
 * order, one at a time. Notifications the handler has already processed are skipped by its store,
 * never run twice; use a shared store (Redis) when the replay runs beside your servers.
 *
 * Options that are invalid reject with `ERR_API_INPUT_INVALID` before any request. After that it
 * does not reject for Apple's failures: an API error ends the run with `complete: false`, `error`
 * and the `resumeToken`. When a pagination token has expired (Apple error 4000017), the replay
 * restarts without a token from the last replayed `signedDate`, as Apple's documentation advises;
 * the handler's store absorbs the overlap.
 *
 * @example
 * import { createAppStoreServerApi, replayNotificationHistory } from 'app-store-notifications'
 *
 * const api = createAppStoreServerApi({ issuerId, keyId, privateKey, bundleId: 'com.example.wallet', environment: 'Production' })
 * const result = await replayNotificationHistory({
 *   api,
 *   handler, // the same createAsnHandler instance your endpoint uses
 *   startDate: Date.parse('2026-03-06T18:00:00Z'),
 *   endDate: Date.parse('2026-03-09T09:00:00Z'),
 *   onlyFailures: true,
 * })
 * console.log(result.processed, result.alreadyDone, result.failed.length, result.resumeToken)
 *
 * @see https://developer.apple.com/documentation/appstoreserverapi/get-notification-history
 * Exported from `app-store-notifications`.
 */
export async function replayNotificationHistory(options: ReplayNotificationHistoryOptions): Promise<ReplayResult> {
  if (typeof options?.api?.getNotificationHistory !== 'function' || typeof options.handler?.handle !== 'function') {
    throw new AppStoreNotificationError(
      'ERR_CONFIG_INVALID',
      'replayNotificationHistory needs api (createAppStoreServerApi) and handler (createAsnHandler)',
    )
  }
  const { api, handler, signal, onProgress } = options
  let request = notificationHistoryBody({
    startDate: epochMs(options.startDate),
    endDate: epochMs(options.endDate ?? (options.now ?? Date.now)()),
    ...pick(options, ['onlyFailures', 'notificationType', 'notificationSubtype', 'transactionId']),
  })
  let token = options.paginationToken
  let lastSignedDate = options.lastSignedDate
  let processed = 0
  let alreadyDone = 0
  const failed: ReplayFailure[] = []
  let pages = 0
  let restarts = 0
  let movedSinceRestart = true

  const finish = (complete: boolean, error?: AppStoreNotificationError): ReplayResult => ({
    processed,
    alreadyDone,
    failed,
    pages,
    complete,
    request,
    ...(complete || token === undefined ? {} : { resumeToken: token }),
    ...(lastSignedDate === undefined ? {} : { lastSignedDate }),
    restarts,
    ...(error === undefined ? {} : { error }),
  })
  const report = (): void =>
    onProgress?.({ page: pages, processed, alreadyDone, failed: failed.length, request, resumeToken: token, lastSignedDate })

  for (;;) {
    if (isAborted(signal)) return finish(false)
    let page: Awaited<ReturnType<typeof api.getNotificationHistory>>
    try {
      page = await api.getNotificationHistory(request, token === undefined ? {} : { paginationToken: token })
    } catch (error) {
      if (token !== undefined && isTokenExpired(error) && movedSinceRestart) {
        // Same body without a token, from where we were: at worst a few notifications come back as duplicates.
        const from = lastSignedDate === undefined ? request.startDate : Math.max(request.startDate, Math.min(lastSignedDate, request.endDate))
        request = { ...request, startDate: from }
        token = undefined
        restarts++
        movedSinceRestart = false
        continue
      }
      return finish(false, coded(error))
    }
    pages++
    for (const item of page.notificationHistory) {
      if (isAborted(signal)) return finish(false)
      const facts = itemFacts(item.signedPayload)
      try {
        const answer = await handler.handle({
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ signedPayload: item.signedPayload }),
        })
        const outcome = classifyAnswer(answer, facts, item.signedPayload)
        if (outcome.kind === 'failed') failed.push(outcome.failure)
        else if (outcome.kind === 'processed') processed++
        else alreadyDone++
      } catch (error) {
        failed.push(thrownFailure(error, facts, item.signedPayload))
      }
      if (facts.signedDate !== undefined) lastSignedDate = facts.signedDate
      movedSinceRestart = true
      report()
    }
    if (!page.hasMore) {
      token = undefined
      return finish(true)
    }
    if (page.paginationToken === undefined || page.paginationToken === '' || page.paginationToken === token) {
      return finish(
        false,
        new AppStoreNotificationError(
          'ERR_API_RESPONSE_INVALID',
          'Get Notification History said hasMore but gave no new paginationToken; stopping to avoid a loop',
        ),
      )
    }
    token = page.paginationToken
    report()
  }
}

// A function, so that TypeScript does not keep `aborted` narrowed across awaits.
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true
}

function isTokenExpired(error: unknown): boolean {
  return error instanceof AppStoreNotificationError && error.details.apiErrorCode === PAGINATION_TOKEN_EXPIRED
}

function coded(error: unknown): AppStoreNotificationError {
  if (error instanceof AppStoreNotificationError) return error
  const message = error instanceof Error ? error.message : String(error)
  return new AppStoreNotificationError('ERR_API_UNAVAILABLE', `Get Notification History failed: ${message}`, { cause: error })
}

function epochMs(value: number | Date): number {
  return value instanceof Date ? value.getTime() : value
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): { [P in K]?: Exclude<T[P], undefined> } {
  const picked: { [P in K]?: Exclude<T[P], undefined> } = {}
  for (const key of keys) if (source[key] !== undefined) picked[key] = source[key] as Exclude<T[K], undefined>
  return picked
}
