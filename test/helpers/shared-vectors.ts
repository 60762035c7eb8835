// Reads the genuine Apple vectors from ../shared (never copied into this repo).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Absolute path of the shared vectors folder; throws a clear error when it is missing. */
export const VECTORS_DIR: string = (() => {
  const dir = resolve(repoRoot, '../shared/vectors')
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(
      `Apple test vectors not found at ${dir}. The tests read them from ../shared/vectors beside the repository ` +
        '(the workspace provides it; they are deliberately not copied into this repo).',
    )
  }
  return dir
})()

export interface ManifestEntry {
  file: string
  kind: 'notification' | 'transaction' | 'renewal'
  expected: Record<string, unknown> & { signedDateMs: number; environment: string; bundleId: string | null; appAppleId: number | null }
  leafCertificate: { serial: string; validFrom: string; validTo: string }
  nested?: Array<Record<string, unknown> & { field: string; kind: string }>
}

export interface Manifest {
  genuine: ManifestEntry[]
  negative: Array<{ file: string; why: string }>
}

export const manifest: Manifest = JSON.parse(readFileSync(join(VECTORS_DIR, 'manifest.json'), 'utf8'))

/** The text of a vector file (a JSON body or a bare JWS). */
export function readVector(file: string): string {
  return readFileSync(join(VECTORS_DIR, file), 'utf8')
}

/** DER bytes of a file in the vectors folder. */
export function readVectorBytes(file: string): Uint8Array {
  return new Uint8Array(readFileSync(join(VECTORS_DIR, file)))
}

/** Every genuine notification body (a JSON object with signedPayload) in the folder. */
export function genuineNotificationFiles(): string[] {
  return readdirSync(join(VECTORS_DIR, 'apple-genuine'))
    .filter((name) => name.endsWith('.json'))
    .map((name) => `apple-genuine/${name}`)
}
