// A stand-in for Apple's App Store Server API on msw: checks every bearer JWT against the test
// key's public key (header fields and claims), records each request, then runs the test's resolver.
import { jwtVerify } from 'jose'
import { http, HttpResponse, type HttpResponseResolver } from 'msw'
import type { SetupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest'
import type { AppStoreServerApiOptions } from 'app-store-notifications'

export const PRODUCTION = 'https://api.storekit.apple.com'
export const SANDBOX = 'https://api.storekit-sandbox.apple.com'

export interface TestCredentials {
  readonly issuerId: string
  readonly keyId: string
  readonly bundleId: string
  /** The `.p8` PEM text. */
  readonly privateKey: string
  readonly keys: CryptoKeyPair
}

/** A fresh EC P-256 key pair, its private half exported as a `.p8` PEM, as App Store Connect ships it. */
export async function createTestCredentials(): Promise<TestCredentials> {
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])) as CryptoKeyPair
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', keys.privateKey))
  const base64 = btoa(String.fromCharCode(...pkcs8))
  const lines = base64.match(/.{1,64}/g) ?? []
  return {
    issuerId: '57246542-96fe-1a63-e053-0824d011072a',
    keyId: '2X9R4HXF34',
    bundleId: 'com.example.wallet',
    privateKey: `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`,
    keys,
  }
}

export interface RecordedRequest {
  readonly method: string
  readonly url: URL
  readonly body: unknown
  readonly token: string
  readonly claims: Record<string, unknown>
}

export interface AppleMock {
  /** Every request that reached the mock, in order. */
  readonly requests: RecordedRequest[]
  /** JWT checks that failed; tests assert it stays empty. */
  readonly jwtProblems: string[]
  /** Installs a handler for Apple's path on the mocked host; the JWT is checked before `resolver` runs. */
  on(method: 'get' | 'post' | 'put', path: string, resolver: HttpResponseResolver): void
}

/**
 * Checks an `Authorization: Bearer <jwt>` header the way Apple would: signature by the test key, every header
 * field and claim. Returns the token and claims, or the list of problems.
 */
export async function checkAppleToken(
  authorization: string | null | undefined,
  credentials: TestCredentials,
  clock: () => number = Date.now,
): Promise<{ token: string; claims: Record<string, unknown> } | { problems: string[] }> {
  const header = authorization ?? ''
  const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : ''
  try {
    const { payload, protectedHeader } = await jwtVerify(token, credentials.keys.publicKey, {
      algorithms: ['ES256'],
      audience: 'appstoreconnect-v1',
      issuer: credentials.issuerId,
      typ: 'JWT',
      requiredClaims: ['iat', 'exp', 'bid'],
      currentDate: new Date(clock()),
    })
    const problems = [
      protectedHeader.alg !== 'ES256' && `alg ${protectedHeader.alg}`,
      protectedHeader.kid !== credentials.keyId && `kid ${protectedHeader.kid}`,
      protectedHeader.typ !== 'JWT' && `typ ${protectedHeader.typ}`,
      payload.bid !== credentials.bundleId && `bid ${String(payload.bid)}`,
      !(Number.isInteger(payload.iat) && (payload.iat ?? Infinity) <= Math.floor(clock() / 1000)) && `iat ${payload.iat} in the future`,
      !((payload.exp ?? Infinity) - (payload.iat ?? 0) <= 3600) && `exp ${payload.exp} more than 60 min after iat`,
      payload.aud !== 'appstoreconnect-v1' && `aud ${String(payload.aud)}`,
    ].filter((problem): problem is string => typeof problem === 'string')
    return problems.length > 0 ? { problems } : { token, claims: payload as Record<string, unknown> }
  } catch (error) {
    return { problems: [`jwt rejected: ${(error as Error).message}`] }
  }
}

/** Binds the mock to an msw server; `clock` is the time the JWT's `iat` must not exceed. */
export function createAppleMock(
  server: SetupServer,
  credentials: TestCredentials,
  options: { readonly host?: string; readonly clock?: () => number } = {},
): AppleMock {
  const host = options.host ?? PRODUCTION
  const clock = options.clock ?? Date.now
  const requests: RecordedRequest[] = []
  const jwtProblems: string[] = []

  const check = async (request: Request): Promise<{ token: string; claims: Record<string, unknown> } | undefined> => {
    const checked = await checkAppleToken(request.headers.get('authorization'), credentials, clock)
    if ('problems' in checked) {
      jwtProblems.push(...checked.problems)
      return undefined
    }
    return checked
  }

  return {
    requests,
    jwtProblems,
    on(method, path, resolver) {
      server.use(
        http[method](`${host}${path}`, async (info) => {
          const text = await info.request.clone().text()
          const verified = await check(info.request)
          if (verified === undefined) return new HttpResponse(null, { status: 401 })
          requests.push({
            method: info.request.method,
            url: new URL(info.request.url),
            body: text === '' ? undefined : JSON.parse(text),
            ...verified,
          })
          return resolver(info)
        }),
      )
    },
  }
}

/** Credentials, a fresh Apple mock per test, and client options pointing at it. */
export interface AppleApiTestContext {
  readonly credentials: TestCredentials
  readonly apple: AppleMock
  /** Client options for the mocked host with the test credentials; `extra` overrides. */
  options(extra?: Partial<AppStoreServerApiOptions>): AppStoreServerApiOptions
}

/**
 * Wires an msw server into the current test file: listen (unhandled requests are errors), a fresh
 * mock of Apple's API before each test, no JWT problems after each, close at the end.
 */
export function useAppleApi(server: SetupServer, host: string = SANDBOX): AppleApiTestContext {
  let credentials: TestCredentials | undefined
  let apple: AppleMock | undefined
  beforeAll(async () => {
    credentials = await createTestCredentials()
    server.listen({ onUnhandledRequest: 'error' })
  })
  beforeEach(() => {
    apple = createAppleMock(server, credentials!, { host })
  })
  afterEach(() => {
    expect(apple?.jwtProblems).toEqual([])
    server.resetHandlers()
  })
  afterAll(() => server.close())
  return {
    get credentials() {
      return credentials!
    },
    get apple() {
      return apple!
    },
    options: (extra = {}) => ({
      issuerId: credentials!.issuerId,
      keyId: credentials!.keyId,
      privateKey: credentials!.privateKey,
      bundleId: credentials!.bundleId,
      environment: host === PRODUCTION ? 'Production' : 'Sandbox',
      ...extra,
    }),
  }
}
