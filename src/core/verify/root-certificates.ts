import { AppStoreNotificationError } from '../errors.js'

/**
 * A trusted root certificate as DER bytes, PEM text or standard-base64 DER.
 *
 * @example
 * const root: RootCertificateInput = await readFile('AppleRootCA-G3.cer')
 *
 * Exported from `app-store-notifications`.
 */
export type RootCertificateInput = Uint8Array | ArrayBuffer | string

/** Turns the `rootCertificates` option into DER byte arrays; an empty or unreadable list is a configuration error. */
export function readRootCertificates(inputs: readonly RootCertificateInput[]): Uint8Array[] {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new AppStoreNotificationError(
      'ERR_CONFIG_INVALID',
      'rootCertificates must list at least one certificate; leave it out to trust the bundled Apple Root CA - G3',
    )
  }
  return inputs.map((input, index) => {
    if (input instanceof Uint8Array) return new Uint8Array(input)
    if (input instanceof ArrayBuffer) return new Uint8Array(input.slice(0))
    if (typeof input === 'string') return fromText(input, index)
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', `rootCertificates[${index}] must be DER bytes, PEM or base64 text`)
  })
}

function fromText(text: string, index: number): Uint8Array {
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text)
  const base64 = (pem?.[1] ?? text).replace(/\s+/g, '')
  try {
    const binary = atob(base64)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  } catch (error) {
    throw new AppStoreNotificationError('ERR_CONFIG_INVALID', `rootCertificates[${index}] is neither PEM nor base64 DER`, { cause: error })
  }
}
