import * as z from 'zod'
import type { Environment, OriginalPlatform } from './enums.js'
import { parseModel, type SchemaMatches } from './parse-model.js'

/**
 * A decoded, signed app transaction (`JWSAppTransactionDecodedPayload`): the app download itself.
 * `receiptType` acts as its environment and `receiptCreationDate` as its signing date. Every field
 * may be absent; unknown fields are kept verbatim.
 *
 * @example
 * console.log(appTransaction.originalApplicationVersion, appTransaction.originalPlatform)
 * @see https://developer.apple.com/documentation/storekit/apptransaction
 * Exported from `app-store-notifications`.
 */
export interface AppTransaction {
  /** `Production`, `Sandbox` (or `Xcode` in StoreKit Testing): the environment. */
  receiptType?: Environment
  /** The app's App Store id (0 or absent outside Production). */
  appAppleId?: number
  /** The app's bundle id. */
  bundleId?: string
  /** App version (CFBundleVersion on iOS) that created this app transaction. */
  applicationVersion?: string
  /** Build identifier of the app version in the App Store. */
  versionExternalIdentifier?: number
  /** When the App Store created the app transaction (epoch ms); the offline verification date. */
  receiptCreationDate?: number
  /** When the customer first downloaded the app (epoch ms). */
  originalPurchaseDate?: number
  /** App version the customer first downloaded. */
  originalApplicationVersion?: string
  /** Device verification value (base64 SHA-384) to check on the device. */
  deviceVerification?: string
  /** UUID nonce used to compute `deviceVerification`. */
  deviceVerificationNonce?: string
  /** When the customer pre-ordered the app (epoch ms). */
  preorderDate?: number
  /** Unique id of this app download for the customer's Apple Account. */
  appTransactionId?: string
  /** Platform of the original download: `iOS`, `macOS`, `tvOS` or `visionOS`. */
  originalPlatform?: OriginalPlatform
}

const str = z.string().exactOptional()
const num = z.number().exactOptional()

const appTransactionObject = z.looseObject({
  receiptType: str,
  appAppleId: num,
  bundleId: str,
  applicationVersion: str,
  versionExternalIdentifier: num,
  receiptCreationDate: num,
  originalPurchaseDate: num,
  originalApplicationVersion: str,
  deviceVerification: str,
  deviceVerificationNonce: str,
  preorderDate: num,
  appTransactionId: str,
  originalPlatform: str,
})
appTransactionObject satisfies SchemaMatches<typeof appTransactionObject, AppTransaction>

/**
 * zod schema for {@link AppTransaction}: checks field types, keeps unknown fields and enum values.
 *
 * @example
 * const result = appTransactionSchema.safeParse(decoded)
 *
 * Exported from `app-store-notifications`.
 */
export const appTransactionSchema: z.ZodType<AppTransaction> = appTransactionObject

/**
 * Validates a decoded app transaction payload. Throws `ERR_PAYLOAD_INVALID` naming the field, the
 * expected type and what was found. Does not verify any signature.
 *
 * @example
 * const appTransaction = parseAppTransaction(JSON.parse(payloadJson))
 * console.log(appTransaction.bundleId, appTransaction.receiptType)
 *
 * Exported from `app-store-notifications`.
 */
export function parseAppTransaction(value: unknown): AppTransaction {
  return parseModel(appTransactionSchema, value, { kind: 'app transaction' })
}
