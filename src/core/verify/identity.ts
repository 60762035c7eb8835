import { AppStoreNotificationError } from '../errors.js'

/**
 * The environments a verifier can accept.
 *
 * @example
 * const environments: AcceptedEnvironment[] = ['Production', 'Sandbox']
 *
 * Exported from `app-store-notifications`.
 */
export type AcceptedEnvironment = 'Production' | 'Sandbox'

/** The identity the verifier enforces (apple.md §2.5). */
export interface ExpectedIdentity {
  readonly bundleId: string
  readonly environments: ReadonlySet<AcceptedEnvironment>
  readonly appAppleId: number | undefined
}

/** The identity fields one verified object claims. */
export interface ClaimedIdentity {
  /** What the object is, for messages ("notification data", "transaction", …). */
  readonly what: string
  /** `undefined` when the object kind has no bundle id (renewal info). */
  readonly bundleId: unknown
  readonly environment: unknown
  /** Whether `appAppleId` is part of this kind's identity (checked in Production only). */
  readonly checksAppAppleId: boolean
  readonly appAppleId?: unknown
}

/** Checks bundle id, environment and (in Production) app Apple id, each with its own error code. */
export function checkIdentity(expected: ExpectedIdentity, claimed: ClaimedIdentity): void {
  if (claimed.bundleId !== undefined && claimed.bundleId !== expected.bundleId) {
    throw new AppStoreNotificationError(
      'ERR_BUNDLE_ID_MISMATCH',
      `${claimed.what} bundleId mismatch: expected "${expected.bundleId}", got ${JSON.stringify(claimed.bundleId)}` +
        ' (a notification for another app sent to this URL, or a wrong bundleId option?)',
    )
  }
  if (!expected.environments.has(claimed.environment as AcceptedEnvironment)) {
    throw new AppStoreNotificationError(
      'ERR_ENVIRONMENT_MISMATCH',
      `${claimed.what} environment ${JSON.stringify(claimed.environment)} is not accepted; this verifier accepts ` +
        `${[...expected.environments].join(' and ')} (set environment: ['Production', 'Sandbox'] to serve both from one URL)`,
    )
  }
  if (claimed.checksAppAppleId && claimed.environment === 'Production' && claimed.appAppleId !== expected.appAppleId) {
    throw new AppStoreNotificationError(
      'ERR_APP_APPLE_ID_MISMATCH',
      `${claimed.what} appAppleId mismatch: expected ${String(expected.appAppleId)}, got ${JSON.stringify(claimed.appAppleId) ?? 'nothing'}` +
        ' (check the appAppleId option against App Store Connect → App Information → Apple ID)',
    )
  }
}

/** Nested signed objects must agree with the notification that carries them. */
export function checkNestedAgreement(
  outer: { environment: unknown; bundleId: unknown },
  nested: { what: string; environment: unknown; bundleId: unknown },
): void {
  if (nested.environment !== outer.environment || (nested.bundleId !== undefined && nested.bundleId !== outer.bundleId)) {
    throw new AppStoreNotificationError(
      'ERR_NESTED_MISMATCH',
      `${nested.what} (${String(nested.bundleId ?? '')} ${String(nested.environment)}) disagrees with its notification ` +
        `(${String(outer.bundleId)} ${String(outer.environment)})`,
    )
  }
}

/** The environment of an external purchase token, which has no environment field (apple.md §2.5). */
export function externalPurchaseEnvironment(externalPurchaseId: unknown): AcceptedEnvironment {
  return typeof externalPurchaseId === 'string' && externalPurchaseId.startsWith('SANDBOX') ? 'Sandbox' : 'Production'
}
