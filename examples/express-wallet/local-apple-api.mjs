// A local stand-in for Apple's App Store Server API, for the demo and tests only: it checks the
// bearer token the way Apple does (ES256 signed by your In-App Purchase key, with its Key ID,
// Issuer ID, audience and bundle id) and accepts Send Consumption Information.
import { generateKeyPairSync } from 'node:crypto'
import { createServer } from 'node:http'
import { importSPKI, jwtVerify } from 'jose'

const CONSUMPTION_PATH = /^\/inApps\/v2\/transactions\/consumption\/([0-9]+)$/

/**
 * @typedef {object} RecordedConsumption
 * @property {string} transactionId
 * @property {Record<string, unknown>} body
 */

/**
 * Starts the stand-in on 127.0.0.1 (an ephemeral port).
 *
 * @param {object} options
 * @param {string} options.issuerId
 * @param {string} options.keyId
 * @param {string} options.bundleId
 * @param {string} options.publicKey SPKI PEM of the In-App Purchase key.
 */
export async function startLocalAppleApi({ issuerId, keyId, bundleId, publicKey }) {
  const key = await importSPKI(publicKey, 'ES256')
  /** @type {RecordedConsumption[]} */
  const consumptionRequests = []
  /** @type {string[]} */
  const rejected = []

  const server = createServer((request, response) => {
    const chunks = /** @type {Buffer[]} */ ([])
    request.on('data', (chunk) => chunks.push(chunk))
    request.on('end', () => {
      void answer(request, Buffer.concat(chunks).toString('utf8')).then(({ status, body }) => {
        response.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' })
        response.end(body === undefined ? undefined : JSON.stringify(body))
      })
    })
  })

  /**
   * @param {import('node:http').IncomingMessage} request
   * @param {string} text
   * @returns {Promise<{ status: number, body?: unknown }>}
   */
  async function answer(request, text) {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    try {
      if (token === undefined) throw new Error('no bearer token')
      const { payload, protectedHeader } = await jwtVerify(token, key, {
        algorithms: ['ES256'],
        issuer: issuerId,
        audience: 'appstoreconnect-v1',
        maxTokenAge: '1h',
      })
      if (protectedHeader.kid !== keyId || protectedHeader.typ !== 'JWT') throw new Error('unexpected kid or typ')
      if (payload.bid !== bundleId) throw new Error(`bid ${String(payload.bid)} is not ${bundleId}`)
    } catch (error) {
      rejected.push(error instanceof Error ? error.message : String(error))
      return { status: 401 } // Apple answers 401 with no body
    }
    const match = CONSUMPTION_PATH.exec(request.url ?? '')
    if (request.method === 'PUT' && match !== null) {
      consumptionRequests.push({ transactionId: /** @type {string} */ (match[1]), body: JSON.parse(text) })
      return { status: 202 }
    }
    return { status: 404, body: { errorCode: 4040010, errorMessage: 'Transaction id not found.' } }
  }

  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${port}`,
    /** Every consumption answer received, in order. */
    consumptionRequests,
    /** Why requests were refused (a bad token); stays empty when the client behaves. */
    rejected,
    close: () => new Promise((resolve) => server.close(() => resolve(undefined))),
  }
}

/** A new EC P-256 key pair standing in for an In-App Purchase key: the `.p8` text and its public key. */
export function createLocalInAppPurchaseKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  return {
    privateKey: /** @type {string} */ (privateKey.export({ type: 'pkcs8', format: 'pem' })),
    publicKey: /** @type {string} */ (publicKey.export({ type: 'spki', format: 'pem' })),
  }
}
