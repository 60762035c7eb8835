// The App Store Server API bearer token: an ES256 JWT signed with the In-App Purchase key (apple.md §4.2).
import { importPKCS8, SignJWT } from 'jose'
import { AppStoreNotificationError } from '../errors.js'

/** Inputs of {@link createAuthToken}. Internal. */
export interface AuthTokenOptions {
  readonly issuerId: string
  readonly keyId: string
  /** The `.p8` file's PEM text. */
  readonly privateKey: string
  readonly bundleId: string
  /** Epoch ms. */
  readonly now: () => number
  /** Token lifetime; Apple rejects more than 3600. Default 300 (what Apple's own library uses). */
  readonly lifetimeSeconds?: number
  /** A token is replaced this long before it expires. Default 60. */
  readonly renewBeforeSeconds?: number
}

/** Hands out a bearer token, reusing it for a few minutes. Internal. */
export interface AuthToken {
  /** A valid token, signed now or reused. */
  get(): Promise<string>
  /** Forgets `token` (after a 401), so the next `get()` signs a fresh one. */
  invalidate(token: string): void
}

const AUDIENCE = 'appstoreconnect-v1'

/**
 * Normalises the `.p8` text and checks its armour, so a wrong secret fails at construction.
 * Accepts the PEM with real or escaped (`\n`) line breaks, or the bare base64 body.
 * Internal; throws `ERR_CONFIG_INVALID`.
 */
export function normalizePrivateKey(privateKey: string): string {
  if (typeof privateKey !== 'string' || privateKey.trim() === '') {
    throw new AppStoreNotificationError(
      'ERR_CONFIG_INVALID',
      'privateKey is missing: pass the text of the In-App Purchase key file (SubscriptionKey_XXXXXXXXXX.p8)',
    )
  }
  const text = privateKey.replace(/\\n/g, '\n').trim()
  if (text.includes('BEGIN EC PRIVATE KEY')) {
    throw new AppStoreNotificationError(
      'ERR_CONFIG_INVALID',
      'privateKey is a SEC1 "EC PRIVATE KEY", expected the PKCS#8 "PRIVATE KEY" that App Store Connect ' +
        'downloads as .p8 (convert with `openssl pkcs8 -topk8 -nocrypt`)',
    )
  }
  if (text.includes('-----BEGIN PRIVATE KEY-----') && text.includes('-----END PRIVATE KEY-----')) return text
  const body = text.replace(/\s+/g, '')
  // A P-256 PKCS#8 key is about 184 base64 characters; shorter text is something else (a key id?).
  if (!text.includes('-----') && body.length >= 100 && /^[A-Za-z0-9+/]+=*$/.test(body)) {
    return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----`
  }
  throw new AppStoreNotificationError(
    'ERR_CONFIG_INVALID',
    'privateKey is not a PEM "PRIVATE KEY": expected the text of the .p8 file, starting with ' +
      '-----BEGIN PRIVATE KEY----- (did you pass the key id or a file path instead?)',
  )
}

/**
 * Creates the token source of one client. The key is imported once, on first use; a token is
 * reused until `renewBeforeSeconds` before its `exp`, and concurrent callers share one signing.
 * `iat` is the current second, never ahead of the clock. Internal.
 */
export function createAuthToken(options: AuthTokenOptions): AuthToken {
  const pem = normalizePrivateKey(options.privateKey)
  const lifetime = options.lifetimeSeconds ?? 300
  const renewBefore = options.renewBeforeSeconds ?? 60
  let key: Promise<CryptoKey> | undefined
  let current: { token: string; exp: number } | undefined
  let signing: Promise<string> | undefined

  const importKey = (): Promise<CryptoKey> => {
    key ??= importPKCS8(pem, 'ES256').catch((cause: unknown) => {
      throw new AppStoreNotificationError(
        'ERR_CONFIG_INVALID',
        'privateKey could not be imported as an ES256 (EC P-256) PKCS#8 key: expected the .p8 file of an ' +
          'In-App Purchase key from App Store Connect, unchanged',
        { cause },
      )
    })
    return key
  }

  const sign = async (): Promise<string> => {
    const signingKey = await importKey()
    const iat = Math.floor(options.now() / 1000)
    const exp = iat + lifetime
    const token = await new SignJWT({ bid: options.bundleId })
      .setProtectedHeader({ alg: 'ES256', kid: options.keyId, typ: 'JWT' })
      .setIssuer(options.issuerId)
      .setIssuedAt(iat)
      .setExpirationTime(exp)
      .setAudience(AUDIENCE)
      .sign(signingKey)
    current = { token, exp }
    return token
  }

  return {
    get(): Promise<string> {
      const nowSeconds = Math.floor(options.now() / 1000)
      if (current !== undefined && nowSeconds < current.exp - renewBefore) return Promise.resolve(current.token)
      signing ??= sign().finally(() => {
        signing = undefined
      })
      return signing
    },
    invalidate(token: string): void {
      if (current?.token === token) current = undefined
    },
  }
}
