// Decoded (not verified) payloads of the genuine Apple vectors, for model tests.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const vectorsDir = path.resolve(repoRoot, '../shared', 'vectors')

if (!existsSync(path.join(vectorsDir, 'manifest.json'))) {
  throw new Error(
    `genuine Apple vectors not found at ${vectorsDir}: the model tests need the shared vectors checked out ` +
      `as ../shared next to the repository (${repoRoot})`,
  )
}

interface ManifestEntry {
  file: string
  kind: 'notification' | 'transaction' | 'renewal'
  expected: { notificationType?: string; subtype?: string | null; notificationUUID?: string }
}

/** Decodes the payload segment of a compact JWS without verifying anything. */
export function decodeJwsPayload(jws: string): Record<string, unknown> {
  const segment = jws.split('.')[1]
  if (segment === undefined) throw new Error('not a compact JWS')
  return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as Record<string, unknown>
}

const manifest = JSON.parse(readFileSync(path.join(vectorsDir, 'manifest.json'), 'utf8')) as { genuine: ManifestEntry[] }

function read(file: string): string {
  return readFileSync(path.join(vectorsDir, file), 'utf8')
}

/** Every genuine notification: its manifest entry and decoded payload (nested JWS still signed strings). */
export const genuineNotifications: { file: string; expected: ManifestEntry['expected']; payload: Record<string, unknown> }[] =
  manifest.genuine
    .filter((entry) => entry.kind === 'notification')
    .map((entry) => {
      const body = JSON.parse(read(entry.file)) as { signedPayload: string }
      return { file: entry.file, expected: entry.expected, payload: decodeJwsPayload(body.signedPayload) }
    })

function nested(field: 'signedTransactionInfo' | 'signedRenewalInfo', kind: ManifestEntry['kind']): { file: string; payload: Record<string, unknown> }[] {
  const fromNotifications = genuineNotifications.flatMap(({ file, payload }) => {
    const jws = (payload.data as Record<string, unknown> | undefined)?.[field]
    return typeof jws === 'string' ? [{ file: `${file} data.${field}`, payload: decodeJwsPayload(jws) }] : []
  })
  const standalone = manifest.genuine
    .filter((entry) => entry.kind === kind)
    .map((entry) => ({ file: entry.file, payload: decodeJwsPayload(read(entry.file)) }))
  return [...fromNotifications, ...standalone]
}

/** Every genuine decoded transaction (nested in notifications, and standalone). */
export const genuineTransactions: { file: string; payload: Record<string, unknown> }[] = nested('signedTransactionInfo', 'transaction')
/** Every genuine decoded renewal info (nested in notifications, and standalone). */
export const genuineRenewalInfos: { file: string; payload: Record<string, unknown> }[] = nested('signedRenewalInfo', 'renewal')

/** Decoded payloads of the Xcode-signed negative vectors (shape only; they never verify). */
export function xcodeSignedPayload(name: 'transaction' | 'renewal-info' | 'app-transaction'): Record<string, unknown> {
  return decodeJwsPayload(read(`negative/apple-lib-xcode-signed-${name}.jws`).trim())
}
