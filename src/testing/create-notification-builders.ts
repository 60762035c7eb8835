import { bodyKindOf, NOTIFICATION_TYPES } from 'app-store-notifications'
import type { AppData, AppTransaction, ExternalPurchaseToken, NotificationData, NotificationSummary, NotificationType, Transaction } from 'app-store-notifications'
import type { TestSigner } from './create-test-signer.js'
import type {
  BuiltNotification,
  CamelCase,
  ConsumptionRequestOverrides,
  NotificationBuilderOptions,
  NotificationBuilders,
  NotificationOverrides,
  SubtypeArgument,
} from './notification-builder-types.js'
import { baseRenewalInfo, baseTransaction, EVENT_RULES, IDS, PRODUCTS, type EventShape } from './notification-defaults.js'

const SUBSCRIPTION = 'Auto-Renewable Subscription'
const DAY = 86_400_000
const DEVICE_VERIFICATION = 'pZ0WzjvLv4ZOIzyS7XCcJ0eIhCVTWIX2Sj2rqbC1uYpb0aDWcZRr0ZgYcv6m2K0o'

/** `'DID_RENEW'` → `'didRenew'`: the builder name of a type. */
export function builderName<T extends NotificationType>(type: T): CamelCase<T> {
  return type.toLowerCase().replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()) as CamelCase<T>
}

/**
 * Creates builders for every notification type and subtype in `NOTIFICATION_TYPES`, signed by
 * `signer`, with realistic defaults: a consumable purchase for ONE_TIME_CHARGE, REFUND(_*) and
 * CONSUMPTION_REQUEST; an auto-renewable subscription with signed renewal info and `status` for
 * subscription events; `summary` for RENEWAL_EXTENSION/SUMMARY, `externalPurchaseToken` for
 * EXTERNAL_PURCHASE_TOKEN and `appData` with a signed app transaction for RESCIND_CONSENT. A
 * subscription keeps one `originalTransactionId` across its events; dates are ordered within
 * each notification (purchase ≤ revocation ≤ signedDate < renewal). Every output verifies with
 * `createNotificationVerifier({ rootCertificates: [signer.rootCertificate], bundleId, environment })`.
 *
 * @example
 * const signer = await createTestSigner()
 * const notifications = createNotificationBuilders(signer, { bundleId: 'com.example.app' })
 * const appAccountToken = '7e3fb20b-4cdb-47cc-936d-99d65f608138'
 * const refund = await notifications.refund({ transaction: { appAccountToken, productId: 'gold_pack_500' } })
 * const expired = await notifications.expired('VOLUNTARY')
 * const request = await notifications.consumptionRequest({ reason: 'UNINTENDED_PURCHASE' })
 * await fetch('http://127.0.0.1:3000/apple/notifications', { method: 'POST', body: refund.body })
 *
 * Exported from `app-store-notifications/testing`.
 */
export function createNotificationBuilders(signer: TestSigner, options: NotificationBuilderOptions = {}): NotificationBuilders {
  const bundleId = options.bundleId ?? 'com.example.app'
  const environment = options.environment ?? 'Sandbox'
  const appAppleId = options.appAppleId
  if (environment === 'Production' && appAppleId === undefined) {
    throw new TypeError('createNotificationBuilders: appAppleId is required for Production (verifiers compare it there)')
  }
  const bundleVersion = options.bundleVersion ?? '42'
  const uuid = options.uuid ?? (() => globalThis.crypto.randomUUID())
  const now = (): number => {
    const value = options.now?.() ?? Date.now()
    return typeof value === 'number' ? value : value.getTime()
  }
  const app = appAppleId === undefined ? {} : { appAppleId }
  let subscriptionPurchases = 0

  function transactionFor(product: Transaction['type'], shape: EventShape, overrides: Partial<Transaction>, signedDate: number): Transaction {
    const merged: Transaction = {
      ...(product === undefined || product === null ? {} : baseTransaction(product, signedDate)),
      bundleId,
      signedDate,
      environment,
      storefront: 'USA',
      storefrontId: '143441',
      currency: 'USD',
      appTransactionId: IDS.appTransactionId,
      ...shape.transaction,
      ...overrides,
    }
    if (merged.type !== SUBSCRIPTION) return merged
    subscriptionPurchases += 1
    return {
      transactionId: shape.initialPurchase === true
        ? (merged.originalTransactionId ?? IDS.subscriptionOriginal)
        : String(Number(IDS.subscriptionOriginal) + subscriptionPurchases),
      webOrderLineItemId: String(2_000_000_050_000_000 + subscriptionPurchases),
      ...merged,
    }
  }

  async function dataBody(type: NotificationType, shape: EventShape, overrides: ConsumptionRequestOverrides, signedDate: number) {
    const product = overrides.transaction?.type ?? EVENT_RULES[type].product
    const wantsTransaction = overrides.transaction !== null && (product !== null || overrides.transaction !== undefined)
    const transaction = wantsTransaction ? transactionFor(product ?? undefined, shape, overrides.transaction ?? {}, signedDate) : undefined
    const subscription = transaction?.type === SUBSCRIPTION
    const renewalInfo = overrides.renewalInfo === null || (!subscription && overrides.renewalInfo === undefined) || transaction === undefined
      ? undefined
      : { ...baseRenewalInfo(transaction), ...shape.renewalInfo, ...overrides.renewalInfo }
    const reason = overrides.reason ?? shape.consumptionRequestReason
    const data: NotificationData = {
      ...app,
      bundleId,
      ...(type === 'TEST' ? {} : { bundleVersion }),
      environment,
      ...(transaction === undefined ? {} : { signedTransactionInfo: await signer.signTransaction(transaction) }),
      ...(renewalInfo === undefined ? {} : { signedRenewalInfo: await signer.signRenewalInfo(renewalInfo) }),
      ...(subscription ? { status: shape.status ?? 1 } : {}),
      ...(type === 'CONSUMPTION_REQUEST' && reason !== undefined ? { consumptionRequestReason: reason } : {}),
      ...overrides.data,
    }
    return { data, transaction, renewalInfo }
  }

  function externalPurchaseToken(subtype: string | undefined, signedDate: number): ExternalPurchaseToken {
    const age = subtype === 'UNREPORTED' ? 10 * DAY : subtype === 'ACTIVE_TOKEN_REMINDER' ? 30 * DAY : 5_000
    return {
      // No environment field: a SANDBOX prefix is how Apple marks Sandbox tokens.
      externalPurchaseId: `${environment === 'Sandbox' ? 'SANDBOX_' : ''}${uuid()}`,
      tokenCreationDate: signedDate - age,
      ...app,
      bundleId,
      ...(subtype === 'UNREPORTED' ? {} : { tokenType: 'ACQUISITION' }),
    }
  }

  async function appDataBody(overrides: NotificationOverrides, signedDate: number) {
    const appTransaction: AppTransaction = {
      receiptType: environment,
      ...app,
      bundleId,
      applicationVersion: bundleVersion,
      versionExternalIdentifier: environment === 'Sandbox' ? 0 : 880_000_001,
      receiptCreationDate: signedDate - DAY,
      originalPurchaseDate: signedDate - 200 * DAY,
      originalApplicationVersion: '1',
      deviceVerification: DEVICE_VERIFICATION,
      deviceVerificationNonce: uuid(),
      appTransactionId: IDS.appTransactionId,
      originalPlatform: 'iOS',
      ...overrides.appTransaction,
    }
    const appData: AppData = {
      ...app,
      bundleId,
      environment,
      signedAppTransactionInfo: await signer.signAppTransaction(appTransaction),
      ...overrides.appData,
    }
    return { appData, appTransaction }
  }

  async function build<T extends NotificationType>(
    type: T,
    subtypeArgument?: SubtypeArgument<T>,
    overrides: ConsumptionRequestOverrides = {},
  ): Promise<BuiltNotification<T>> {
    if (!Object.hasOwn(NOTIFICATION_TYPES, type)) throw new TypeError(`unknown notification type ${JSON.stringify(type)}`)
    const allowed: readonly (string | null)[] = NOTIFICATION_TYPES[type].subtypes
    const subtype = subtypeArgument === undefined ? allowed[0] ?? null : subtypeArgument
    const kind = bodyKindOf(type, subtype ?? undefined)
    if (kind === undefined) {
      throw new TypeError(`${type} has no subtype ${JSON.stringify(subtype)}; allowed: ${allowed.map((s) => s ?? '(none)').join(', ')}`)
    }
    const signedDate = overrides.signedDate ?? now()
    const shape = EVENT_RULES[type].shape?.((subtype ?? undefined) as never, signedDate) ?? {}
    const payload: Record<string, unknown> = {
      notificationType: type,
      ...(subtype === null ? {} : { subtype }),
      notificationUUID: overrides.notificationUUID ?? uuid(),
    }
    let nested: Pick<BuiltNotification, 'transaction' | 'renewalInfo' | 'appTransaction'> = {}
    if (kind === 'data') {
      const { data, transaction, renewalInfo } = await dataBody(type, shape, overrides, signedDate)
      payload['data'] = data
      nested = { ...(transaction === undefined ? {} : { transaction }), ...(renewalInfo === undefined ? {} : { renewalInfo }) }
    } else if (kind === 'summary') {
      payload['summary'] = {
        requestIdentifier: uuid(),
        environment,
        ...app,
        bundleId,
        productId: PRODUCTS.subscription.productId,
        storefrontCountryCodes: ['USA', 'CAN', 'GBR'],
        succeededCount: 1_250,
        failedCount: 3,
        ...overrides.summary,
      } satisfies NotificationSummary
    } else if (kind === 'externalPurchaseToken') {
      payload['externalPurchaseToken'] = { ...externalPurchaseToken(subtype ?? undefined, signedDate), ...overrides.externalPurchaseToken }
    } else {
      const { appData, appTransaction } = await appDataBody(overrides, signedDate)
      payload['appData'] = appData
      nested = { appTransaction }
    }
    payload['version'] = overrides.version ?? '2.0'
    payload['signedDate'] = signedDate
    const signed = await signer.signNotification(payload)
    return { ...signed, payload: payload as unknown as BuiltNotification<T>['payload'], ...nested }
  }

  const builders: Record<string, unknown> = { build }
  for (const type of Object.keys(NOTIFICATION_TYPES) as NotificationType[]) {
    builders[builderName(type)] = (first?: unknown, second?: ConsumptionRequestOverrides) =>
      typeof first === 'object' && first !== null
        ? build(type, undefined, first as ConsumptionRequestOverrides)
        : build(type, first as SubtypeArgument<typeof type> | undefined, second)
  }
  return builders as NotificationBuilders
}
