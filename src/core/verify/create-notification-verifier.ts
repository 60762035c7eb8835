import { AppStoreNotificationError } from '../errors.js'
import { parseAppTransaction } from '../models/app-transaction.js'
import type { AppTransaction } from '../models/app-transaction.js'
import { parseNotificationPayload } from '../models/notification-payload.js'
import type { NotificationPayload } from '../models/notification-payload.js'
import type { VerifiedNotification } from '../models/verified-notification.js'
import { parseRenewalInfo } from '../models/renewal-info.js'
import type { RenewalInfo } from '../models/renewal-info.js'
import { parseTransaction } from '../models/transaction.js'
import type { Transaction } from '../models/transaction.js'
import { DEFAULT_ROOT_CERTIFICATES } from './apple-roots.js'
import { parseCertificate } from './certificate.js'
import { ChainVerifier, checkChainValidity } from './certificate-chain.js'
import { createCryptoBackend } from './crypto-backend.js'
import type { CryptoPreference } from './crypto-backend.js'
import { checkIdentity, checkNestedAgreement, externalPurchaseEnvironment } from './identity.js'
import type { AcceptedEnvironment, ClaimedIdentity, ExpectedIdentity } from './identity.js'
import { parseCompactJws } from './jws.js'
import type { CheckedHeader } from './jws.js'
import { LruCache } from './lru-cache.js'
import { readSignedPayload } from './read-signed-payload.js'
import type { NotificationInput } from './read-signed-payload.js'
import { createRevocationChecker } from './revocation-checker.js'
import type { RevocationChecker } from './revocation-checker.js'
import { readRootCertificates } from './root-certificates.js'
import type { RootCertificateInput } from './root-certificates.js'

/**
 * Options of {@link createNotificationVerifier}.
 *
 * @example
 * const options: NotificationVerifierOptions = { bundleId: 'com.example.wallet', environment: 'Sandbox' }
 *
 * Exported from `app-store-notifications`.
 */
export interface NotificationVerifierOptions {
  /** Your app's bundle identifier; every verified object must carry it. */
  readonly bundleId: string
  /** Accepted environment(s). `['Production', 'Sandbox']` lets one endpoint serve both. */
  readonly environment: AcceptedEnvironment | readonly AcceptedEnvironment[]
  /** Your app's Apple ID (a number); required whenever Production is accepted. */
  readonly appAppleId?: number
  /** Trusted roots as DER bytes, PEM or base64 DER. Default: Apple Root CA - G3, bundled. */
  readonly rootCertificates?: readonly RootCertificateInput[]
  /** `false` (default): validity judged at the payload's `signedDate`. `true`: at the current time, plus OCSP. */
  readonly onlineChecks?: boolean
  /** Clock, injectable for tests. Default `Date.now`. */
  readonly now?: () => number | Date
  /** `fetch` used for OCSP (online checks only). Default: the global `fetch`. */
  readonly fetch?: typeof fetch
  /** Timeout of one OCSP request, in milliseconds. Default 5 000. */
  readonly ocspTimeoutMs?: number
  /** Verified chains kept in memory (LRU). Default 16; Apple uses a handful at a time. */
  readonly chainCacheSize?: number
  /** `auto` (default) uses Node's native `crypto.verify` on Node, Web Crypto elsewhere; `webcrypto` forces Web Crypto. */
  readonly crypto?: CryptoPreference
}

/**
 * A verifier made by {@link createNotificationVerifier}.
 *
 * @example
 * const notification = await verifier.verifyNotification(await request.text())
 *
 * Exported from `app-store-notifications`.
 */
export interface NotificationVerifier {
  /** Verifies a notification body (string, bytes, parsed object or bare JWS) and its nested signed objects. */
  verifyNotification(input: NotificationInput): Promise<VerifiedNotification>
  /** Verifies a `signedTransactionInfo` JWS. */
  verifyTransaction(jws: string): Promise<Transaction>
  /** Verifies a `signedRenewalInfo` JWS. */
  verifyRenewalInfo(jws: string): Promise<RenewalInfo>
  /** Verifies a `signedAppTransactionInfo` JWS. */
  verifyAppTransaction(jws: string): Promise<AppTransaction>
  /** The environments this verifier accepts. */
  readonly environments: readonly AcceptedEnvironment[]
  /** The bundle id this verifier enforces. */
  readonly bundleId: string
}

type Kind = 'notification' | 'transaction' | 'renewalInfo' | 'appTransaction'

/**
 * Creates a strict verifier for App Store Server Notifications V2 and Apple's signed transactions,
 * renewal infos and app transactions. It checks the x5c chain up to a configured root (Apple Root
 * CA - G3 by default), Apple's certificate OIDs, validity dates (±60 s), the ES256 signature, and
 * the bundle id, app Apple id and environment. There is no switch that turns any of it off.
 *
 * @example
 * import { createNotificationVerifier } from 'app-store-notifications'
 *
 * const verifier = createNotificationVerifier({
 *   bundleId: 'com.example.wallet',
 *   environment: ['Production', 'Sandbox'],
 *   appAppleId: 1234567890,
 * })
 * const notification = await verifier.verifyNotification(await request.text())
 * if (notification.notificationType === 'REFUND') console.log(notification.transaction?.productId)
 *
 * @see https://developer.apple.com/documentation/appstoreservernotifications/responding-to-app-store-server-notifications
 * Exported from `app-store-notifications`.
 */
export function createNotificationVerifier(options: NotificationVerifierOptions): NotificationVerifier {
  const environments = readEnvironments(options)
  const expected: ExpectedIdentity = { bundleId: options.bundleId, environments: new Set(environments), appAppleId: options.appAppleId }
  const roots = readRootCertificates(options.rootCertificates ?? DEFAULT_ROOT_CERTIFICATES).map((der, index) => {
    try {
      return parseCertificate(der, `rootCertificates[${index}]`)
    } catch (error) {
      throw new AppStoreNotificationError('ERR_CONFIG_INVALID', (error as Error).message, { cause: error })
    }
  })
  const backend = createCryptoBackend(options.crypto)
  const chains = new ChainVerifier(roots, backend, options.chainCacheSize ?? 16)
  const headers = new LruCache<string, CheckedHeader>(options.chainCacheSize ?? 16)
  const now = (): number => {
    const value = options.now?.() ?? Date.now()
    return typeof value === 'number' ? value : value.getTime()
  }
  const online = options.onlineChecks === true
  let revocation: RevocationChecker | undefined
  const revocationChecker = (): RevocationChecker =>
    (revocation ??= createRevocationChecker({ fetch: options.fetch ?? globalThis.fetch, timeoutMs: options.ocspTimeoutMs ?? 5_000, now }))

  /** Steps 1–11 of apple.md §2.3 for one JWS; returns the payload whose signature holds. */
  async function verifySigned(jws: unknown, kind: Kind, what: string): Promise<Record<string, unknown>> {
    if (typeof jws !== 'string') {
      throw new AppStoreNotificationError('ERR_JWS_MALFORMED', `${what} must be a compact JWS string, got ${typeof jws}`)
    }
    const parsed = parseCompactJws(jws, what, headers)
    const chain = await chains.resolve(parsed.x5c, parsed.chainKey)
    const dateField = kind === 'appTransaction' ? 'receiptCreationDate' : 'signedDate'
    const claimedDate = parsed.payload[dateField]
    const offlineDate = typeof claimedDate === 'number' && Number.isFinite(claimedDate) ? claimedDate : undefined
    const effectiveDate = online || offlineDate === undefined ? now() : offlineDate
    checkChainValidity(chain, effectiveDate, online || offlineDate === undefined ? 'the current time' : `its ${dateField}`)
    if (online) await revocationChecker().check(chain)
    if (parsed.signature.length !== 64) {
      throw new AppStoreNotificationError(
        'ERR_JWS_SIGNATURE_INVALID',
        `${what} ES256 signature must be 64 bytes (raw r‖s), found ${parsed.signature.length}`,
      )
    }
    if (!(await backend.verify(chain.leafKey, 'SHA-256', parsed.signature, parsed.signingInput))) {
      throw new AppStoreNotificationError(
        'ERR_JWS_SIGNATURE_INVALID',
        `${what} signature does not verify with the leaf certificate's key (the JWS was altered after signing)`,
      )
    }
    return parsed.payload
  }

  async function verifyTransaction(jws: unknown, what = 'signedTransactionInfo'): Promise<Transaction> {
    const transaction = parseTransaction(await verifySigned(jws, 'transaction', what))
    checkIdentity(expected, { what, bundleId: transaction.bundleId, environment: transaction.environment, checksAppAppleId: false })
    return transaction
  }

  async function verifyRenewalInfo(jws: unknown, what = 'signedRenewalInfo'): Promise<RenewalInfo> {
    const renewalInfo = parseRenewalInfo(await verifySigned(jws, 'renewalInfo', what))
    // Renewal info has no bundleId: its environment is its only identity field.
    checkIdentity(expected, { what, bundleId: undefined, environment: renewalInfo.environment, checksAppAppleId: false })
    return renewalInfo
  }

  async function verifyAppTransaction(jws: unknown, what = 'signedAppTransactionInfo'): Promise<AppTransaction> {
    const appTransaction = parseAppTransaction(await verifySigned(jws, 'appTransaction', what))
    checkIdentity(expected, {
      what,
      bundleId: appTransaction.bundleId,
      environment: appTransaction.receiptType,
      checksAppAppleId: true,
      appAppleId: appTransaction.appAppleId,
    })
    return appTransaction
  }

  async function verifyNotification(input: NotificationInput): Promise<VerifiedNotification> {
    const payload = parseNotificationPayload(await verifySigned(readSignedPayload(input), 'notification', 'signedPayload'))
    const claimed = claimedNotificationIdentity(payload)
    checkIdentity(expected, claimed)
    const outer = { environment: claimed.environment, bundleId: claimed.bundleId }
    const data = payload.data
    const appData = payload.appData
    const [transaction, renewalInfo, appTransaction] = await Promise.all([
      data?.signedTransactionInfo === undefined ? undefined : verifyTransaction(data.signedTransactionInfo, 'data.signedTransactionInfo'),
      data?.signedRenewalInfo === undefined ? undefined : verifyRenewalInfo(data.signedRenewalInfo, 'data.signedRenewalInfo'),
      appData?.signedAppTransactionInfo === undefined
        ? undefined
        : verifyAppTransaction(appData.signedAppTransactionInfo, 'appData.signedAppTransactionInfo'),
    ])
    if (transaction !== undefined) checkNestedAgreement(outer, { what: 'transaction', ...pick(transaction.environment, transaction.bundleId) })
    if (renewalInfo !== undefined) checkNestedAgreement(outer, { what: 'renewal info', ...pick(renewalInfo.environment, undefined) })
    if (appTransaction !== undefined) {
      checkNestedAgreement(outer, { what: 'app transaction', ...pick(appTransaction.receiptType, appTransaction.bundleId) })
    }
    return {
      ...payload,
      ...(transaction === undefined ? {} : { transaction }),
      ...(renewalInfo === undefined ? {} : { renewalInfo }),
      ...(appTransaction === undefined ? {} : { appTransaction }),
    } as VerifiedNotification
  }

  return {
    verifyNotification,
    verifyTransaction: (jws) => verifyTransaction(jws),
    verifyRenewalInfo: (jws) => verifyRenewalInfo(jws),
    verifyAppTransaction: (jws) => verifyAppTransaction(jws),
    environments,
    bundleId: options.bundleId,
  }
}

function pick(environment: unknown, bundleId: unknown): { environment: unknown; bundleId: unknown } {
  return { environment, bundleId }
}

/** Reads identity from whichever of the four bodies is present (exactly one must be). */
function claimedNotificationIdentity(payload: NotificationPayload): ClaimedIdentity {
  const bodies = (['data', 'summary', 'externalPurchaseToken', 'appData'] as const).filter((key) => payload[key] !== undefined)
  if (bodies.length !== 1) {
    throw new AppStoreNotificationError(
      bodies.length === 0 ? 'ERR_PAYLOAD_BODY_MISSING' : 'ERR_PAYLOAD_INVALID',
      bodies.length === 0
        ? `notification ${payload.notificationType} has none of data, summary, externalPurchaseToken or appData`
        : `notification ${payload.notificationType} has more than one body (${bodies.join(', ')}); Apple sends exactly one`,
    )
  }
  const body = bodies[0]!
  if (body === 'externalPurchaseToken') {
    const token = payload.externalPurchaseToken!
    return {
      what: 'externalPurchaseToken',
      bundleId: token.bundleId,
      environment: externalPurchaseEnvironment(token.externalPurchaseId),
      checksAppAppleId: true,
      appAppleId: token.appAppleId,
    }
  }
  const content = payload[body]!
  return { what: body, bundleId: content.bundleId, environment: content.environment, checksAppAppleId: true, appAppleId: content.appAppleId }
}

function readEnvironments(options: NotificationVerifierOptions): AcceptedEnvironment[] {
  if (typeof options !== 'object' || options === null) {
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', 'createNotificationVerifier needs an options object')
  }
  if (typeof options.bundleId !== 'string' || options.bundleId.length === 0) {
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', 'bundleId is required: your app bundle identifier, e.g. "com.example.app"')
  }
  const list = typeof options.environment === 'string' ? [options.environment] : [...(options.environment ?? [])]
  if (list.length === 0 || !list.every((value) => value === 'Production' || value === 'Sandbox')) {
    throw new AppStoreNotificationError(
      'ERR_CONFIG_INVALID',
      `environment must be "Production", "Sandbox" or an array of both, got ${JSON.stringify(options.environment)}`,
    )
  }
  if (list.includes('Production') && (typeof options.appAppleId !== 'number' || !Number.isSafeInteger(options.appAppleId))) {
    throw new AppStoreNotificationError(
      'ERR_CONFIG_INVALID',
      'appAppleId (a number) is required when Production is accepted; find it in App Store Connect → App Information → Apple ID',
    )
  }
  if (options.onlineChecks !== undefined && typeof options.onlineChecks !== 'boolean') {
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', 'onlineChecks must be a boolean')
  }
  return [...new Set(list)]
}
