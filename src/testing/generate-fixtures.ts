import { NOTIFICATION_TYPES } from 'app-store-notifications'
import type { ErrorCode, NotificationType } from 'app-store-notifications'
import { createNegativeNotifications, createVariantChains, NEGATIVE_CASES, type VariantChains } from './create-negative-notifications.js'
import { createNotificationBuilders } from './create-notification-builders.js'
import type { BuiltNotification } from './notification-builder-types.js'
import { createTestChain, type TestChain, type Validity } from './create-test-chain.js'
import { createTestSigner, type TestSigner } from './create-test-signer.js'
import { fromBase64Url } from './encoding.js'
import { collectSignatures, reuseSignatures } from './reuse-signatures.js'
import { exportTestChain, importTestChain, type TestChainFile } from './test-chain-file.js'

/**
 * The identity and date every fixture carries.
 *
 * @example
 * const verifier = createNotificationVerifier({ bundleId: FIXTURE_SETTINGS.bundleId, environment: 'Sandbox', rootCertificates: [rootPem] })
 *
 * Exported from `app-store-notifications/testing`.
 */
export const FIXTURE_SETTINGS = {
  bundleId: 'com.example.app',
  /** Written into Production fixtures only; Apple omits it in Sandbox. */
  appAppleId: 1234567890,
  /** 2025-06-01T12:00:00Z, inside every fixture certificate's validity except the expired leaf's. */
  signedDate: Date.UTC(2025, 5, 1, 12, 0, 0),
  /** The trust anchor of every fixture, relative to `fixtures/`. */
  root: 'test-chain/root.pem',
} as const

/**
 * One line of `fixtures/index.json`. `environment`, `bundleId` and `appAppleId` are the verifier
 * settings `expected` holds for (a negative case may carry other values in its payload).
 *
 * @example
 * const { fixtures } = JSON.parse(readFileSync('fixtures/index.json', 'utf8')) as { fixtures: FixtureIndexEntry[] }
 * const rejected = fixtures.filter((entry) => entry.expected !== 'valid')
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface FixtureIndexEntry {
  readonly file: string
  readonly kind: 'notification' | 'negative'
  readonly description: string
  readonly notificationType: NotificationType
  readonly subtype: string | null
  readonly notificationUUID: string
  readonly environment: 'Sandbox' | 'Production'
  readonly bundleId: string
  readonly appAppleId: number | null
  readonly root: string
  /** `'valid'`, or the error code `createNotificationVerifier` rejects the file with. */
  readonly expected: 'valid' | ErrorCode
}

/**
 * Options of {@link generateFixtures}.
 *
 * @example
 * const read = (path: string): string | undefined => (existsSync(join('fixtures', path)) ? readFileSync(join('fixtures', path), 'utf8') : undefined)
 * const files = await generateFixtures({ read, newChain: true })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface GenerateFixturesOptions {
  /** Reads a file below `fixtures/` (`/`-separated relative path); `undefined` when it does not exist. */
  readonly read: (path: string) => string | undefined
  /** Make a new test chain instead of loading `test-chain/`. Default `false`: a missing chain is an error. */
  readonly newChain?: boolean
}

type FixtureChains = { readonly main: TestChain } & VariantChains

const CHAIN_FILES: { readonly [K in keyof FixtureChains]: string } = {
  main: 'test-chain/chain.json',
  expiredLeaf: 'test-chain/variants/expired-leaf.json',
  leafWithoutAppleOid: 'test-chain/variants/leaf-without-apple-oid.json',
  intermediateWithoutAppleOid: 'test-chain/variants/intermediate-without-apple-oid.json',
  intermediateNotCa: 'test-chain/variants/intermediate-not-ca.json',
  untrustedRoot: 'test-chain/variants/untrusted-root.json',
}
const VARIANTS = ['expiredLeaf', 'leafWithoutAppleOid', 'intermediateWithoutAppleOid', 'intermediateNotCa', 'untrustedRoot'] as const
const PAIRS = Object.entries(NOTIFICATION_TYPES).flatMap(([type, entry]) =>
  entry.subtypes.map((subtype) => [type as NotificationType, subtype as string | null] as const),
)
const PRODUCTION_TEST = 'notifications/production/TEST.json'

const span = (from: string, to: string): Validity => ({ notBefore: new Date(from), notAfter: new Date(to) })
const LONG_VALIDITY = {
  root: span('2020-01-01T00:00:00Z', '2046-01-01T00:00:00Z'),
  intermediate: span('2021-01-01T00:00:00Z', '2045-06-01T00:00:00Z'),
  leaf: span('2024-01-01T00:00:00Z', '2045-01-01T00:00:00Z'),
}

const notificationPath = (type: string, subtype: string | null): string =>
  `notifications/${type}${subtype === null ? '' : `.${subtype}`}.json`

/** Deterministic UUID-shaped ids from a seed (FNV-1a, then xorshift32); fixtures must not change between runs. */
function seededUuids(seed: string): () => string {
  let state = 0x811c9dc5
  for (const char of seed) state = Math.imul(state ^ char.charCodeAt(0), 0x01000193) >>> 0
  state ||= 1
  const next = (): string => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    state >>>= 0
    return state.toString(16).padStart(8, '0')
  }
  return () => {
    const hex = next() + next() + next() + next()
    const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16)
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
  }
}

async function loadChains(options: GenerateFixturesOptions): Promise<FixtureChains> {
  if (options.newChain === true) {
    const main = await createTestChain({ validity: { ...LONG_VALIDITY, ocspResponder: LONG_VALIDITY.leaf } })
    return { main, ...(await createVariantChains(main, { intermediate: LONG_VALIDITY.intermediate, leaf: LONG_VALIDITY.leaf })) }
  }
  const load = async (path: string): Promise<TestChain> => {
    const text = options.read(path)
    if (text === undefined) throw new TypeError(`fixtures/${path} is missing; create a new test chain with --new-chain`)
    return importTestChain(JSON.parse(text) as TestChainFile)
  }
  const entries = await Promise.all(Object.entries(CHAIN_FILES).map(async ([name, path]) => [name, await load(path)] as const))
  return Object.fromEntries(entries) as unknown as FixtureChains
}

function describeFixture(built: BuiltNotification): string {
  const { notificationType, subtype, data, summary, externalPurchaseToken } = built.payload
  const body = summary !== undefined ? 'summary' : externalPurchaseToken !== undefined ? 'externalPurchaseToken'
    : built.appTransaction !== undefined ? 'appData with a signed app transaction' : 'data'
  const nested = [built.transaction?.type && `a ${built.transaction.type} transaction`, built.renewalInfo && 'renewal info']
    .filter((part): part is string => typeof part === 'string')
  return `${notificationType}${subtype === undefined ? '' : `/${subtype}`} in ${data?.environment ?? summary?.environment ?? 'Sandbox'}: ` +
    `${body}${nested.length > 0 ? ` with ${nested.join(' and ')}` : ''}`
}

/**
 * Generates the contents of `fixtures/`: one signed body per type/subtype pair of
 * `NOTIFICATION_TYPES` (Sandbox) plus a Production TEST, one per negative case, `index.json`,
 * and the test chain as JSON and PEM. Dates and UUIDs are fixed; ECDSA signatures are random,
 * so a JWS whose signing input is unchanged keeps the signature found in the previous files
 * (after checking it): regenerating unchanged fixtures gives byte-identical files.
 *
 * @example
 * const files = await generateFixtures({ read: (path) => readIfExists(join('fixtures', path)) })
 * for (const [path, text] of Object.entries(files)) writeFileSync(join('fixtures', path), text)
 *
 * Exported from `app-store-notifications/testing`.
 */
export async function generateFixtures(options: GenerateFixturesOptions): Promise<Record<string, string>> {
  const chains = await loadChains(options)
  const outputs = [...PAIRS.map(([type, subtype]) => notificationPath(type, subtype)), PRODUCTION_TEST, ...NEGATIVE_CASES.map((name) => `negative/${name}.json`)]
  const known = collectSignatures(outputs.map((path) => options.read(path)))
  const signerOf = async (chain: TestChain): Promise<TestSigner> => reuseSignatures(await createTestSigner({ chain }), known)
  const main = await signerOf(chains.main)
  const { bundleId, appAppleId, signedDate, root } = FIXTURE_SETTINGS
  const files: Record<string, string> = {}
  const index: FixtureIndexEntry[] = []
  const add = (path: string, built: BuiltNotification, environment: 'Sandbox' | 'Production'): void => {
    files[path] = built.body
    index.push({
      file: path, kind: 'notification', description: describeFixture(built), notificationType: built.payload.notificationType,
      subtype: built.payload.subtype ?? null, notificationUUID: built.payload.notificationUUID, environment, bundleId,
      appAppleId: environment === 'Production' ? appAppleId : null, root, expected: 'valid',
    })
  }

  let refund: BuiltNotification | undefined
  for (const [type, subtype] of PAIRS) {
    const path = notificationPath(type, subtype)
    const builders = createNotificationBuilders(main, { bundleId, now: () => signedDate, uuid: seededUuids(path) })
    const built = await builders.build(type, subtype as never)
    if (type === 'REFUND') refund = built
    add(path, built, 'Sandbox')
  }
  const production = createNotificationBuilders(main, { bundleId, environment: 'Production', appAppleId, now: () => signedDate, uuid: seededUuids(PRODUCTION_TEST) })
  add(PRODUCTION_TEST, await production.test(), 'Production')

  const variantSigners = Object.fromEntries(await Promise.all(VARIANTS.map(async (name) => [name, await signerOf(chains[name])] as const)))
  const negatives = await createNegativeNotifications(main, { base: refund!, appAppleId, variants: variantSigners as Record<(typeof VARIANTS)[number], TestSigner> })
  for (const negative of negatives) {
    const path = `negative/${negative.name}.json`
    files[path] = negative.body
    const payload = JSON.parse(new TextDecoder().decode(fromBase64Url(negative.signedPayload.split('.')[1] ?? ''))) as { notificationUUID: string }
    index.push({
      file: path, kind: 'negative', description: negative.description, notificationType: negative.notificationType, subtype: null,
      notificationUUID: payload.notificationUUID, environment: negative.verifyWith.environment, bundleId: negative.verifyWith.bundleId,
      appAppleId: negative.verifyWith.appAppleId ?? null, root, expected: negative.expected,
    })
  }
  files['index.json'] = `${JSON.stringify({
    description: 'Signed App Store Server Notifications V2 request bodies for tests, generated by `npm run fixtures` ' +
      '(app-store-notifications). Verify each file with the entry\'s bundleId, environment, appAppleId and root certificate, ' +
      'judging certificate validity at the payload\'s signedDate.',
    warning: 'Test chain only: never trust test-chain/root.pem outside tests.',
    signedDate: new Date(signedDate).toISOString(),
    fixtures: index,
  }, null, 2)}\n`

  const exported = Object.fromEntries(
    await Promise.all(Object.entries(CHAIN_FILES).map(async ([name, path]) => [path, await exportTestChain(chains[name as keyof FixtureChains])] as const)),
  )
  for (const [path, file] of Object.entries(exported)) files[path] = `${JSON.stringify(file, null, 2)}\n`
  const mainFile = exported[CHAIN_FILES.main]!
  files['test-chain/root.pem'] = mainFile.root.certificate
  files['test-chain/intermediate.pem'] = mainFile.intermediate.certificate
  files['test-chain/leaf.pem'] = mainFile.leaf.certificate
  files['test-chain/leaf-key.pem'] = mainFile.leaf.privateKey
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)))
}
