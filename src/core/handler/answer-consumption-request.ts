import type { AppStoreServerApi } from '../api/create-app-store-server-api.js'
import { buildConsumptionRequest } from '../consumption/build-consumption-request.js'
import type { ConsumptionInput } from '../consumption/build-consumption-request.js'
import type { ConsumptionProductType } from '../consumption/consumption-rules.js'
import { AppStoreNotificationError } from '../errors.js'
import type { ConsumptionRequestReason } from '../models/enums.js'
import type { Transaction } from '../models/transaction.js'
import type { NotificationForKey, VerifiedNotification } from '../models/verified-notification.js'
import type { IdempotencyStore } from './idempotency-store.js'
import type { NotificationContext } from './router.js'

/** Apple asks for an answer within 12 hours of the CONSUMPTION_REQUEST (apple.md §5.6). */
const ANSWER_WINDOW_MS = 12 * 60 * 60 * 1000

/**
 * What a consumption policy receives besides the notification.
 *
 * @example
 * handler.onConsumptionRequest((notification, { transaction, reason, respondBy }) => null)
 *
 * Exported from `app-store-notifications`.
 */
export interface ConsumptionRequestInfo extends NotificationContext {
  /** The refunded transaction, verified and decoded (its `appAccountToken` finds your user). */
  readonly transaction: Transaction
  /** Why the customer asked for a refund (`data.consumptionRequestReason`). */
  readonly reason: ConsumptionRequestReason | undefined
  /** Answer before this time: receipt + 12 hours. Late answers are still sent. */
  readonly respondBy: Date
}

/**
 * Your policy for refund requests: the consumption information to send, or `null` to send
 * nothing (no consent, unknown customer). The product type is filled in from the transaction.
 *
 * @example
 * const policy: ConsumptionPolicy = async (_notification, { transaction }) => {
 *   const user = await users.byToken(transaction.appAccountToken)
 *   if (!user?.consentedToShareData) return null
 *   return { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, consumedFraction: user.usedShare(transaction) }
 * }
 *
 * Exported from `app-store-notifications`.
 */
export type ConsumptionPolicy = (
  notification: NotificationForKey<'CONSUMPTION_REQUEST'>,
  info: ConsumptionRequestInfo,
) => ConsumptionInput | null | Promise<ConsumptionInput | null>

/**
 * App Store Server API clients for answering: one client, or one per environment (each host
 * serves only its own environment's transactions).
 *
 * @example
 * const api: ConsumptionApi = { Production: productionApi, Sandbox: sandboxApi }
 *
 * Exported from `app-store-notifications`.
 */
export type ConsumptionApi = AppStoreServerApi | { readonly Production?: AppStoreServerApi; readonly Sandbox?: AppStoreServerApi }

/** What answering needs from the handler. */
export interface ConsumptionSettings {
  readonly policy: ConsumptionPolicy
  readonly api: ConsumptionApi | undefined
  readonly store: IdempotencyStore
  readonly ttlMs: number
  readonly leaseMs: number
  /** Longest time the answer may hold up the response to Apple. */
  readonly budgetMs: number
  readonly report: (error: unknown) => void
}

/**
 * Answers one CONSUMPTION_REQUEST: asks the policy, builds and validates the body, and sends it
 * once per `transactionId` (Apple re-sends the request under new UUIDs). Resolves when answered,
 * skipped or refused by Apple for good (reported); throws a retryable error when sending failed
 * so that the notification is answered 5xx and Apple delivers it again.
 */
export async function answerConsumptionRequest(
  settings: ConsumptionSettings,
  notification: VerifiedNotification,
  context: NotificationContext,
): Promise<void> {
  const transaction = notification.transaction
  const transactionId = transaction?.transactionId
  if (transaction === undefined || transactionId === undefined) {
    settings.report(new AppStoreNotificationError('ERR_PAYLOAD_INVALID', 'CONSUMPTION_REQUEST without a transactionId: nothing to answer'))
    return
  }
  const api = apiFor(settings.api, transaction.environment)
  if (api === undefined) {
    throw new AppStoreNotificationError(
      'ERR_CONFIG_INVALID',
      `onConsumptionRequest needs an App Store Server API client for ${transaction.environment}: pass api to createAsnHandler`,
    )
  }
  const key = `asn:consumption:${transactionId}`
  const claim = await settings.store.claim(key, { leaseMs: settings.leaseMs })
  if (claim === 'done') return
  if (claim === 'busy') {
    throw new AppStoreNotificationError('ERR_NOTIFICATION_IN_PROGRESS', `consumption information for ${transactionId} is being sent by another delivery`)
  }
  let body
  try {
    const info: ConsumptionRequestInfo = {
      ...context,
      transaction,
      reason: notification.data?.consumptionRequestReason,
      respondBy: new Date(context.receivedAt.getTime() + ANSWER_WINDOW_MS),
    }
    const input = await settings.policy(notification as NotificationForKey<'CONSUMPTION_REQUEST'>, info)
    if (input === null) {
      await settings.store.release(key)
      return
    }
    body = buildConsumptionRequest({ productType: transaction.type as ConsumptionProductType, ...input })
  } catch (error) {
    await settings.store.release(key)
    // A policy that answers "no consent" means "send nothing": report it, but do not fail the delivery.
    if (error instanceof AppStoreNotificationError && error.code === 'ERR_CONSUMPTION_NO_CONSENT') {
      settings.report(error)
      return
    }
    throw error
  }

  const sending = api.sendConsumptionInformation(transactionId, body).then(
    () => settings.store.complete(key, { ttlMs: settings.ttlMs }).then(() => 'sent' as const),
    async (error: unknown) => {
      if (error instanceof AppStoreNotificationError && !error.retryable) {
        // Apple refused this answer (a 4xx): retrying the same body cannot help. Report it and stop.
        await settings.store.complete(key, { ttlMs: settings.ttlMs })
        settings.report(error)
        return 'refused' as const
      }
      await settings.store.release(key)
      throw error
    },
  )
  let timer: ReturnType<typeof setTimeout> | undefined
  const budget = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), settings.budgetMs)
  })
  const outcome = await Promise.race([sending, budget]).finally(() => clearTimeout(timer))
  if (outcome === 'late') {
    // Still sending: let it finish in the background; Apple's redelivery finds it done or retries it.
    context.waitUntil(sending.catch((error: unknown) => settings.report(error)))
    throw new AppStoreNotificationError(
      'ERR_API_TIMEOUT',
      `sending consumption information took longer than ${settings.budgetMs} ms; answering 503 so Apple delivers the request again`,
    )
  }
}

function apiFor(api: ConsumptionApi | undefined, environment: string | undefined): AppStoreServerApi | undefined {
  if (api === undefined) return undefined
  if ('sendConsumptionInformation' in api) return api
  return environment === 'Production' ? api.Production : environment === 'Sandbox' ? api.Sandbox : undefined
}
