// lib/asn.ts: the App Store Server Notifications handler of a news app. The route file only mounts it.
import { createAsnHandler } from 'app-store-notifications'
import type { AsnHandler, NotificationVerifier, NotificationVerifierOptions } from 'app-store-notifications'

/** What the app knows about one subscription (one per originalTransactionId). */
export interface Entitlement {
  /** The reader: the UUID the app passed to StoreKit as `appAccountToken`. */
  readonly appAccountToken: string | undefined
  readonly hasAccess: boolean
  readonly willAutoRenew: boolean
  /** Epoch ms: when the current period ends. */
  readonly expiresDate: number | undefined
  /** Epoch ms of the notification this comes from: a newer one always wins. */
  readonly signedDate: number
}

/** Where entitlements are kept: your database. */
export interface EntitlementStore {
  get(originalTransactionId: string): Promise<Entitlement | undefined>
  set(originalTransactionId: string, entitlement: Entitlement): Promise<void>
}

/** An in-memory store, for this example and for tests. */
export function createMemoryEntitlements(): EntitlementStore & { readonly rows: Map<string, Entitlement> } {
  const rows = new Map<string, Entitlement>()
  return {
    rows,
    get: async (id) => rows.get(id),
    set: async (id, entitlement) => {
      rows.set(id, entitlement)
    },
  }
}

export interface NewsHandlerOptions {
  readonly verifier: NotificationVerifier | NotificationVerifierOptions
  readonly entitlements: EntitlementStore
  /** Runs in the background when a reader turns auto-renewal off: the answer to Apple does not wait for it. */
  readonly onCancelled?: (entitlement: Entitlement) => Promise<void>
}

/** Creates the handler: subscription events update entitlements; cancellations start a win-back. */
export function createNewsHandler({ verifier, entitlements, onCancelled }: NewsHandlerOptions): AsnHandler {
  const handler = createAsnHandler({ verifier })

  handler.on(['SUBSCRIBED', 'DID_RENEW', 'DID_CHANGE_RENEWAL_STATUS', 'EXPIRED'], async (notification, { waitUntil }) => {
    const { transaction, renewalInfo, data, signedDate = 0 } = notification
    const id = transaction?.originalTransactionId
    if (id === undefined) return
    const stored = await entitlements.get(id)
    if (stored !== undefined && stored.signedDate > signedDate) return // Apple does not guarantee order
    const entitlement: Entitlement = {
      appAccountToken: transaction?.appAccountToken,
      hasAccess: data?.status === 1 || data?.status === 4, // active, or in the billing grace period
      willAutoRenew: renewalInfo?.autoRenewStatus === 1,
      expiresDate: transaction?.expiresDate,
      signedDate,
    }
    await entitlements.set(id, entitlement)
    if (notification.subtype === 'AUTO_RENEW_DISABLED' && onCancelled !== undefined) waitUntil(onCancelled(entitlement))
  })
  return handler
}

/** The app's handler: Apple's root (bundled), both environments on one URL. */
export const handler: AsnHandler = createNewsHandler({
  verifier: {
    bundleId: 'com.example.news', // your app's bundle ID
    environment: ['Production', 'Sandbox'],
    appAppleId: 1234567890, // App Store Connect → App Information → Apple ID
  },
  entitlements: createMemoryEntitlements(), // replace with your database
  onCancelled: async (entitlement) => {
    console.log(`win-back: reader ${entitlement.appAccountToken} keeps access until ${new Date(entitlement.expiresDate ?? 0).toISOString()}`)
  },
})
