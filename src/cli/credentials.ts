// App Store Server API credentials from flags or environment variables, checked with clear messages.
import { readFileSync } from 'node:fs'
import { createAppStoreServerApi, type AppStoreServerApi, type AppStoreServerApiOptions } from 'app-store-notifications'
import { usage, type CliIo } from './cli-io.js'

/** The credential flags every API command accepts. */
export const CREDENTIAL_OPTIONS = {
  'issuer-id': { type: 'string' },
  'key-id': { type: 'string' },
  'private-key-path': { type: 'string' },
  'bundle-id': { type: 'string' },
  environment: { type: 'string' },
  'base-url': { type: 'string' },
} as const

/** The `--help` section describing them. */
export const CREDENTIALS_HELP = `Credentials (flag, or environment variable):
  --issuer-id <uuid>          APP_STORE_ISSUER_ID         Issuer ID of your In-App Purchase key
  --key-id <id>               APP_STORE_KEY_ID            Key ID (10 characters)
  --private-key-path <file>   APP_STORE_PRIVATE_KEY_PATH  the key's .p8 file
  --bundle-id <id>            APP_STORE_BUNDLE_ID         your app's bundle ID
  --environment <env>         APP_STORE_ENVIRONMENT       Production or Sandbox
  --base-url <url>            APP_STORE_API_BASE_URL      another API host (a proxy, a test server)
  Find the first three in App Store Connect → Users and Access → Integrations → In-App Purchase.`

type CredentialValues = { readonly [K in keyof typeof CREDENTIAL_OPTIONS]?: string | undefined }

const SOURCES = [
  ['issuer-id', 'APP_STORE_ISSUER_ID'],
  ['key-id', 'APP_STORE_KEY_ID'],
  ['private-key-path', 'APP_STORE_PRIVATE_KEY_PATH'],
  ['bundle-id', 'APP_STORE_BUNDLE_ID'],
  ['environment', 'APP_STORE_ENVIRONMENT'],
] as const

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Reads and checks the credentials; throws `ERR_CONFIG_INVALID` naming every missing or malformed one. */
export function readCredentials(values: CredentialValues, io: Pick<CliIo, 'env'>): AppStoreServerApiOptions {
  const get = (flag: keyof CredentialValues, variable: string): string | undefined => {
    const value = values[flag] ?? io.env[variable]
    return value === undefined || value.trim() === '' ? undefined : value.trim()
  }
  const missing = SOURCES.filter(([flag, variable]) => get(flag, variable) === undefined)
  if (missing.length > 0) {
    throw usage(
      `missing credentials: ${missing.map(([flag, variable]) => `--${flag} (or ${variable})`).join(', ')}; ` +
        'find them in App Store Connect → Users and Access → Integrations → In-App Purchase',
    )
  }
  const issuerId = get('issuer-id', 'APP_STORE_ISSUER_ID')!
  const keyId = get('key-id', 'APP_STORE_KEY_ID')!
  const keyPath = get('private-key-path', 'APP_STORE_PRIVATE_KEY_PATH')!
  const bundleId = get('bundle-id', 'APP_STORE_BUNDLE_ID')!
  const environmentText = get('environment', 'APP_STORE_ENVIRONMENT')!
  const problems: string[] = []
  if (!UUID.test(issuerId)) problems.push(`issuer ID must be a UUID such as 57246542-96fe-1a63-e053-0824d011072a, got ${JSON.stringify(issuerId)}`)
  if (!/^[A-Z0-9]{10}$/.test(keyId)) problems.push(`key ID must be 10 capital letters or digits such as 2X9R4HXF34, got ${JSON.stringify(keyId)}`)
  if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(bundleId)) problems.push(`bundle ID must look like com.example.app, got ${JSON.stringify(bundleId)}`)
  const environment = { production: 'Production', sandbox: 'Sandbox' }[environmentText.toLowerCase()] as 'Production' | 'Sandbox' | undefined
  if (environment === undefined) problems.push(`environment must be Production or Sandbox, got ${JSON.stringify(environmentText)}`)
  const privateKey = readPrivateKey(keyPath, problems)
  if (problems.length > 0) throw usage(`malformed credentials: ${problems.join('; ')}`)
  const baseUrl = values['base-url'] ?? io.env.APP_STORE_API_BASE_URL
  return { issuerId, keyId, privateKey, bundleId, environment: environment!, ...(baseUrl === undefined || baseUrl === '' ? {} : { baseUrl }) }
}

/** An API client for checked credentials, using the run's `fetch` and clock. */
export function createCliApi(credentials: AppStoreServerApiOptions, io: Pick<CliIo, 'fetch' | 'now'>): AppStoreServerApi {
  return createAppStoreServerApi({ ...credentials, fetch: (input, init) => io.fetch(input, init), now: io.now })
}

function readPrivateKey(path: string, problems: string[]): string {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    problems.push(`private key file ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
    return ''
  }
  if (text.includes('-----BEGIN PRIVATE KEY-----')) return text
  const hint = text.includes('-----BEGIN EC PRIVATE KEY-----')
    ? '; it is a SEC1 "EC PRIVATE KEY": convert it with `openssl pkcs8 -topk8 -nocrypt -in key.pem -out key.p8` or download the .p8 again'
    : '; expected the .p8 file App Store Connect gave you (PEM, "-----BEGIN PRIVATE KEY-----")'
  problems.push(`private key file ${path} is not a PKCS#8 PEM key${hint}`)
  return ''
}
