// Realism check: everything the testing kit signs must also pass Apple's own verifier
// (@apple/app-store-server-library 3.1.0, offline mode) configured with the test root.
// No pair needs an exception: Apple's 3.1.0 validators check enum fields only for their JSON type,
// so values its enums lack (EXTERNAL_PURCHASE_TOKEN/CREATED and /ACTIVE_TOKEN_REMINDER) pass,
// and RESCIND_CONSENT's appData is supported since 3.0.0.
import { Environment, SignedDataVerifier, VerificationStatus } from '@apple/app-store-server-library'
import { beforeAll, describe, expect, it } from 'vitest'
import { NOTIFICATION_TYPES } from 'app-store-notifications'
import type { NotificationType } from 'app-store-notifications'
import { createNotificationBuilders } from '../../src/testing/create-notification-builders.js'
import type { BuiltNotification, NotificationBuilders } from '../../src/testing/notification-builder-types.js'
import { createTestSigner, type TestSigner } from '../../src/testing/create-test-signer.js'

const BUNDLE_ID = 'com.example.app'
const APP_APPLE_ID = 1234567890
const PAIRS = Object.entries(NOTIFICATION_TYPES).flatMap(([type, entry]) =>
  entry.subtypes.map((subtype) => [type as NotificationType, subtype] as const),
)

let signer: TestSigner
let sandbox: NotificationBuilders
let production: NotificationBuilders
beforeAll(async () => {
  signer = await createTestSigner()
  sandbox = createNotificationBuilders(signer, { bundleId: BUNDLE_ID })
  production = createNotificationBuilders(signer, { bundleId: BUNDLE_ID, environment: 'Production', appAppleId: APP_APPLE_ID })
})

const appleVerifier = (environment: Environment): SignedDataVerifier =>
  new SignedDataVerifier([Buffer.from(signer.rootCertificate)], false, environment, BUNDLE_ID, APP_APPLE_ID)

/** Runs Apple's verifier over the notification and each nested signed object it carries. */
async function verifyWithApple(built: BuiltNotification, environment: Environment): Promise<void> {
  const apple = appleVerifier(environment)
  const decoded = await apple.verifyAndDecodeNotification(built.signedPayload)
  expect(decoded).toEqual(built.payload)
  const data = built.payload.data
  if (data?.signedTransactionInfo !== undefined) {
    expect(await apple.verifyAndDecodeTransaction(data.signedTransactionInfo)).toEqual(built.transaction)
  }
  if (data?.signedRenewalInfo !== undefined) {
    expect(await apple.verifyAndDecodeRenewalInfo(data.signedRenewalInfo)).toEqual(built.renewalInfo)
  }
  const appTransactionJws = built.payload.appData?.signedAppTransactionInfo
  if (appTransactionJws !== undefined) {
    expect(await apple.verifyAndDecodeAppTransaction(appTransactionJws)).toEqual(built.appTransaction)
  }
}

describe("Apple's SignedDataVerifier accepts what the testing kit signs", () => {
  it.each(PAIRS)('Sandbox %s/%s, with its nested objects', async (type, subtype) => {
    await verifyWithApple(await sandbox.build(type, subtype), Environment.SANDBOX)
  })

  it.each(PAIRS)('Production %s/%s, with its nested objects', async (type, subtype) => {
    await verifyWithApple(await production.build(type, subtype), Environment.PRODUCTION)
  })

  it('is a real check: the same verifier rejects a notification from another test chain', async () => {
    const stranger = createNotificationBuilders(await createTestSigner(), { bundleId: BUNDLE_ID })
    await expect(appleVerifier(Environment.SANDBOX).verifyAndDecodeNotification((await stranger.refund()).signedPayload))
      .rejects.toMatchObject({ status: VerificationStatus.VERIFICATION_FAILURE })
  })
})
