// `decode <file|->`: verify (bundled Apple root) and print a notification, transaction or renewal info.
import { readFileSync } from 'node:fs'
import {
  AppStoreNotificationError,
  createNotificationVerifier,
  decodeNotificationUnverified,
  type AcceptedEnvironment,
  type RootCertificateInput,
} from 'app-store-notifications'
import { EXIT, line, parseCommandLine, usage, type CliCommand, type CliIo } from '../cli-io.js'
import { renderSections, type DecodedSections } from '../print-payload.js'

const HELP = `Usage: app-store-notifications decode <file|-> [options]

Verifies and prints an App Store Server Notification (the JSON body {"signedPayload":…} or the bare
JWS), or a bare signedTransactionInfo / signedRenewalInfo JWS, with its nested transaction and
renewal info and readable dates. "-" reads standard input.

Verification checks the certificate chain up to Apple Root CA - G3 (bundled), Apple's certificate
markers, validity at the payload's signedDate and the ES256 signature. Because decode is for
inspection, the expected bundle ID, environment and app Apple ID are taken from the payload itself
unless you pass them: pass them to check that a payload is really for your app.

Options:
  --unverified          decode only, verify nothing (the output says so)
  --json                machine-readable output on stdout
  --bundle-id <id>      expected bundle ID (default: the payload's)
  --environment <env>   expected environment, Production or Sandbox (default: the payload's)
  --app-apple-id <n>    expected app Apple ID (default: the payload's)
  --root <file>         trust this root certificate (DER or PEM) instead of Apple's; repeatable
                        (for payloads signed by a test chain)
  --kind <kind>         notification, transaction, renewal-info or app-transaction
                        (default: guessed from the payload's fields)
  -h, --help            show this help

Exit codes: 0 verified (or decoded with --unverified), 1 rejected: the error code is printed,
2 wrong command line.`

type Kind = 'notification' | 'transaction' | 'renewalInfo' | 'appTransaction'

export const decodeCommand: CliCommand = {
  name: 'decode',
  summary: 'verify and print a notification, transaction or renewal info',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseCommandLine('decode', args, {
      unverified: { type: 'boolean' },
      json: { type: 'boolean' },
      'bundle-id': { type: 'string' },
      environment: { type: 'string' },
      'app-apple-id': { type: 'string' },
      root: { type: 'string', multiple: true },
      kind: { type: 'string' },
    })
    if (values.help === true) return help(io)
    if (positionals.length !== 1) throw usage('decode needs exactly one input: a file, or - for standard input (see --help)')
    const text = await readInput(positionals[0]!, io)
    const json = values.json === true
    const roots = (values.root ?? []).map((path) => ({ path, certificate: readRoot(path) }))
    try {
      return await decode(text, { ...values, json, roots }, io)
    } catch (error) {
      if (!(error instanceof AppStoreNotificationError) || error.code === 'ERR_CONFIG_INVALID') throw error
      if (json) line(io.stdout, JSON.stringify({ verified: false, error: { code: error.code, message: error.message } }, null, 2))
      line(io.stderr, `error ${error.code}: ${error.message}`)
      if (values.unverified !== true) line(io.stderr, 'not verified; run decode with --unverified to inspect the content anyway')
      return EXIT.failed
    }
  },
}

interface DecodeFlags {
  readonly json: boolean
  readonly unverified?: boolean | undefined
  readonly kind?: string | undefined
  readonly roots: readonly { readonly path: string; readonly certificate: RootCertificateInput }[]
  readonly [flag: string]: unknown
}

async function decode(text: string, flags: DecodeFlags, io: CliIo): Promise<number> {
  const unverified = decodeNotificationUnverified(text)
  const kind = kindOf(unverified.payload, flags.kind)
  if (flags.unverified === true) {
    const sections = { payload: unverified.payload, transaction: unverified.transaction, renewalInfo: unverified.renewalInfo, appTransaction: unverified.appTransaction }
    if (flags.json) line(io.stdout, JSON.stringify({ verified: false, kind, ...defined(sections) }, null, 2))
    else line(io.stdout, renderSections({ title: titleOf(kind, unverified.payload, 'NOT VERIFIED (decoded only)'), ...sections }, io.now()))
    return EXIT.ok
  }
  const identity = expectedIdentity(kind, unverified.payload, flags)
  const verifier = createNotificationVerifier({
    bundleId: identity.bundleId,
    environment: identity.environment,
    ...(identity.appAppleId === undefined ? {} : { appAppleId: identity.appAppleId }),
    ...(flags.roots.length === 0 ? {} : { rootCertificates: flags.roots.map((root) => root.certificate) }),
  })
  const sections = await verify(kind, text, verifier)
  if (flags.json) {
    line(io.stdout, JSON.stringify({ verified: true, kind, ...defined(sections) }, null, 2))
  } else {
    const anchor = flags.roots.length === 0 ? 'Apple Root CA - G3' : flags.roots.map((root) => root.path).join(', ')
    const what = `chain to ${anchor}, signature, ${identity.source === 'payload' ? "the payload's own" : 'the given'} identity`
    line(io.stdout, renderSections({ title: titleOf(kind, sections.payload, `VERIFIED (${what})`), ...sections }, io.now()))
  }
  return EXIT.ok
}

function help(io: CliIo): number {
  line(io.stdout, HELP)
  return EXIT.ok
}

async function readInput(path: string, io: CliIo): Promise<string> {
  try {
    const bytes = path === '-' ? await io.readStdin() : readFileSync(path)
    return new TextDecoder().decode(bytes)
  } catch (error) {
    throw usage(`cannot read ${path === '-' ? 'standard input' : path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, error)
  }
}

function readRoot(path: string): RootCertificateInput {
  let bytes: Uint8Array
  try {
    bytes = readFileSync(path)
  } catch (error) {
    throw usage(`cannot read root certificate ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, error)
  }
  const text = new TextDecoder().decode(bytes)
  return text.includes('-----BEGIN CERTIFICATE-----') ? text : new Uint8Array(bytes)
}

const KINDS = { notification: 'notification', transaction: 'transaction', 'renewal-info': 'renewalInfo', 'app-transaction': 'appTransaction' } as const

/** `--kind`, else guessed from the fields: a notification has a type, a transaction a bundle ID, a renewal info neither. */
function kindOf(payload: Record<string, unknown>, flag: string | undefined): Kind {
  if (flag !== undefined) {
    const kind = KINDS[flag as keyof typeof KINDS]
    if (kind === undefined) throw usage(`--kind must be one of ${Object.keys(KINDS).join(', ')}, got ${JSON.stringify(flag)}`)
    return kind
  }
  if ('notificationType' in payload || 'data' in payload || 'summary' in payload || 'appData' in payload) return 'notification'
  if ('receiptType' in payload) return 'appTransaction'
  if ('transactionId' in payload || 'bundleId' in payload) return 'transaction'
  if ('environment' in payload) return 'renewalInfo'
  return 'notification'
}

interface Identity {
  readonly bundleId: string
  readonly environment: AcceptedEnvironment | AcceptedEnvironment[]
  readonly appAppleId: number | undefined
  readonly source: 'payload' | 'flags'
}

/** The flags, else what the payload claims; an environment Apple never signs (Xcode) accepts both, so verification fails where it really fails. */
function expectedIdentity(kind: Kind, payload: Record<string, unknown>, flags: Record<string, unknown>): Identity {
  const body = (kind === 'notification' ? (payload.data ?? payload.summary ?? payload.appData ?? payload.externalPurchaseToken) : payload) as
    | Record<string, unknown>
    | undefined
  const claimedEnvironment = kind === 'appTransaction' ? body?.receiptType : body?.environment
  const flagEnvironment = typeof flags.environment === 'string' ? flags.environment : undefined
  const environmentText = flagEnvironment ?? claimedEnvironment
  const environment: AcceptedEnvironment | AcceptedEnvironment[] =
    environmentText === 'Production' || environmentText === 'Sandbox' ? environmentText : ['Production', 'Sandbox']
  if (flagEnvironment !== undefined && flagEnvironment !== 'Production' && flagEnvironment !== 'Sandbox') {
    throw usage(`--environment must be Production or Sandbox, got ${JSON.stringify(flagEnvironment)}`)
  }
  const flagAppAppleId = typeof flags['app-apple-id'] === 'string' ? Number(flags['app-apple-id']) : undefined
  if (flagAppAppleId !== undefined && !Number.isSafeInteger(flagAppAppleId)) throw usage('--app-apple-id must be a number (App Store Connect → App Information → Apple ID)')
  const claimedAppAppleId = typeof body?.appAppleId === 'number' ? body.appAppleId : undefined
  const acceptsProduction = environment === 'Production' || Array.isArray(environment)
  // The verifier needs a number whenever Production is accepted; 0 matches no real app, so a Production notification without one fails its check.
  const appAppleId = flagAppAppleId ?? claimedAppAppleId ?? (acceptsProduction ? 0 : undefined)
  const bundleId = (typeof flags['bundle-id'] === 'string' ? flags['bundle-id'] : undefined) ?? (typeof body?.bundleId === 'string' ? body.bundleId : undefined)
  const source = flags['bundle-id'] !== undefined || flagEnvironment !== undefined || flagAppAppleId !== undefined ? 'flags' : 'payload'
  // Renewal info has no bundle ID to check; any name satisfies the verifier's option.
  return { bundleId: bundleId ?? '(none in payload)', environment, appAppleId, source }
}

async function verify(kind: Kind, text: string, verifier: ReturnType<typeof createNotificationVerifier>): Promise<Omit<DecodedSections, 'title'>> {
  if (kind === 'notification') {
    const { transaction, renewalInfo, appTransaction, ...payload } = await verifier.verifyNotification(text)
    return { payload, transaction: record(transaction), renewalInfo: record(renewalInfo), appTransaction: record(appTransaction) }
  }
  const jws = bareJws(text)
  if (kind === 'transaction') return { payload: { ...(await verifier.verifyTransaction(jws)) } }
  if (kind === 'renewalInfo') return { payload: { ...(await verifier.verifyRenewalInfo(jws)) } }
  return { payload: { ...(await verifier.verifyAppTransaction(jws)) } }
}

function record(value: object | undefined): Record<string, unknown> | undefined {
  return value === undefined ? undefined : { ...value }
}

function bareJws(text: string): string {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{')) return trimmed
  const { signedPayload } = JSON.parse(trimmed) as { signedPayload?: unknown }
  return typeof signedPayload === 'string' ? signedPayload : trimmed
}

function titleOf(kind: Kind, payload: Record<string, unknown>, status: string): string {
  if (kind !== 'notification') return `${kind} — ${status}`
  const type = String(payload.notificationType)
  return `${typeof payload.subtype === 'string' ? `${type}.${payload.subtype}` : type} — ${status}`
}

function defined(sections: Omit<DecodedSections, 'title'>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(sections).filter(([, value]) => value !== undefined))
}
