import type { TestCertificate, TestChain } from './create-test-chain.js'
import { fromBase64, toBase64, utf8 } from './encoding.js'

/**
 * One certificate of a {@link TestChainFile}: the certificate and its private key, as PEM.
 *
 * @example
 * const file = await exportTestChain(chain)
 * await writeFile('fixtures/test-chain/root.pem', file.root.certificate)
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface TestCertificateFile {
  /** `-----BEGIN CERTIFICATE-----` PEM of the DER. */
  readonly certificate: string
  /** `-----BEGIN PRIVATE KEY-----` PEM of the PKCS#8 key. */
  readonly privateKey: string
}

/**
 * A {@link TestChain} as JSON-friendly PEM text, to commit next to fixtures and load again with
 * {@link importTestChain}. It holds private keys: a test chain only, never trusted anywhere else.
 *
 * @example
 * const file = JSON.parse(await readFile('fixtures/test-chain/chain.json', 'utf8')) as TestChainFile
 * const signer = await createTestSigner({ chain: await importTestChain(file) })
 *
 * Exported from `app-store-notifications/testing`.
 */
export interface TestChainFile {
  /** A reminder for anyone who finds the file: throwaway test keys. */
  readonly warning: string
  readonly root: TestCertificateFile
  readonly intermediate: TestCertificateFile
  readonly leaf: TestCertificateFile
  readonly ocspResponder: TestCertificateFile
  readonly rootOcspResponder: TestCertificateFile
}

const WARNING =
  'THROWAWAY TEST CHAIN with its private keys, published on purpose. Never trust this root outside tests.'
const PARTS = ['root', 'intermediate', 'leaf', 'ocspResponder', 'rootOcspResponder'] as const
const CURVES: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
}

/** PEM with 64-character lines and a final newline, as OpenSSL writes it. */
export function toPem(label: string, der: Uint8Array): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

/** The DER inside a PEM block with the given label. */
export function fromPem(label: string, pem: string): Uint8Array<ArrayBuffer> {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem)
  if (match === null) throw new TypeError(`expected a PEM block "${label}", found ${JSON.stringify(pem.slice(0, 40))}…`)
  return fromBase64((match[1] ?? '').replace(/\s+/g, ''))
}

async function exportCertificate(certificate: TestCertificate): Promise<TestCertificateFile> {
  const pkcs8 = new Uint8Array(await globalThis.crypto.subtle.exportKey('pkcs8', certificate.privateKey))
  return { certificate: toPem('CERTIFICATE', certificate.der), privateKey: toPem('PRIVATE KEY', pkcs8) }
}

async function importCertificate(file: TestCertificateFile, name: string): Promise<TestCertificate> {
  const der = fromPem('CERTIFICATE', file.certificate)
  // Loaded on call, not on import: pkijs writes a slot into globalThis when it loads.
  const pkijs = await import('pkijs')
  const spki = pkijs.Certificate.fromBER(der).subjectPublicKeyInfo
  const curveOid = (spki.algorithm.algorithmParams as { valueBlock?: { toString(): string } } | undefined)?.valueBlock?.toString()
  const namedCurve = CURVES[curveOid ?? '']
  if (namedCurve === undefined) throw new TypeError(`${name}: only EC P-256/384/521 keys are supported, found curve ${curveOid ?? 'none'}`)
  const algorithm = { name: 'ECDSA', namedCurve }
  const spkiDer = new Uint8Array(spki.toSchema().toBER(false))
  const [publicKey, privateKey] = await Promise.all([
    globalThis.crypto.subtle.importKey('spki', spkiDer, algorithm, true, ['verify']),
    globalThis.crypto.subtle.importKey('pkcs8', fromPem('PRIVATE KEY', file.privateKey), algorithm, true, ['sign']),
  ]).catch((error: unknown) => {
    throw new TypeError(`${name}: the private key does not belong to the certificate (${(error as Error).message})`, { cause: error })
  })
  // A key that does not belong to its certificate would only show up later as a bad signature.
  const probe = utf8(`probe ${name}`)
  const signature = await globalThis.crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, privateKey, probe)
  if (!(await globalThis.crypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, publicKey, signature, probe))) {
    throw new TypeError(`${name}: the private key does not belong to the certificate`)
  }
  return { der, base64: toBase64(der), privateKey, publicKey }
}

/**
 * Writes a chain and its private keys as PEM text (see {@link TestChainFile}), so a test chain
 * can be committed and reused: fixtures stay verifiable against the same root for years.
 *
 * @example
 * const file = await exportTestChain((await createTestSigner()).chain)
 * await writeFile('test-chain.json', JSON.stringify(file, null, 2))
 *
 * Exported from `app-store-notifications/testing`.
 */
export async function exportTestChain(chain: TestChain): Promise<TestChainFile> {
  const [root, intermediate, leaf, ocspResponder, rootOcspResponder] = await Promise.all(
    PARTS.map((part) => exportCertificate(chain[part])),
  )
  return { warning: WARNING, root: root!, intermediate: intermediate!, leaf: leaf!, ocspResponder: ocspResponder!, rootOcspResponder: rootOcspResponder! }
}

/**
 * Loads a chain written by {@link exportTestChain}; pass it to `createTestSigner({ chain })`.
 * Throws a `TypeError` naming the part when a PEM block is missing or a key does not match its
 * certificate.
 *
 * @example
 * const chain = await importTestChain(JSON.parse(await readFile('fixtures/test-chain/chain.json', 'utf8')))
 * const signer = await createTestSigner({ chain })
 *
 * Exported from `app-store-notifications/testing`.
 */
export async function importTestChain(file: TestChainFile): Promise<TestChain> {
  if (typeof file !== 'object' || file === null) throw new TypeError('importTestChain expects the object exportTestChain wrote')
  const [root, intermediate, leaf, ocspResponder, rootOcspResponder] = await Promise.all(
    PARTS.map((part) => {
      const entry = file[part]
      if (typeof entry?.certificate !== 'string' || typeof entry.privateKey !== 'string') {
        throw new TypeError(`importTestChain: "${part}" needs a certificate and a privateKey (PEM strings)`)
      }
      return importCertificate(entry, part)
    }),
  )
  return { root: root!, intermediate: intermediate!, leaf: leaf!, ocspResponder: ocspResponder!, rootOcspResponder: rootOcspResponder! }
}
