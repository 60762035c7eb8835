// node examples/cloudflare-worker/main.mjs: runs worker.mjs on Node, with an in-memory stand-in for
// Workers KV and a ctx that keeps the waitUntil work, on loopback; sends it a subscription's
// notifications and checks what lands in KV and at the forwarding target, then exits.
// On Cloudflare: `npx wrangler dev` / `npx wrangler deploy` (see README.md).
import { once } from 'node:events'
import { createServer } from 'node:http'
import { createNotificationBuilders, createTestSigner } from 'app-store-notifications/testing'
import { createWorker } from './worker.mjs'

/** @type {string[]} */
const failures = []
const check = (/** @type {boolean} */ ok, /** @type {string} */ message) => {
  console.log(`   ${ok ? '✓' : '✗'} ${message}`)
  if (!ok) failures.push(message)
}

// A forwarding target that records what it receives.
/** @type {Buffer[]} */
const forwarded = []
const target = createServer((request, response) => {
  const chunks = /** @type {Buffer[]} */ ([])
  request.on('data', (chunk) => chunks.push(chunk)).on('end', () => {
    forwarded.push(Buffer.concat(chunks))
    response.end()
  })
}).listen(0, '127.0.0.1')
await once(target, 'listening')

// The Worker, served through a small Node ⇄ Fetch bridge.
const signer = await createTestSigner()
const worker = createWorker({ rootCertificates: [signer.rootCertificate] }) // on Cloudflare: the default export, trusting Apple's root
/** @type {Map<string, string>} */
const kv = new Map()
/** @type {import('./worker.mjs').Env} */
const env = {
  APP_STORE_BUNDLE_ID: 'com.example.news',
  APP_STORE_ENVIRONMENTS: 'Sandbox',
  FORWARD_TO: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (target.address()).port}/asn`,
  ENTITLEMENTS: { get: async (key) => kv.get(key) ?? null, put: async (key, value) => void kv.set(key, value) },
}
/** @type {Promise<unknown>[]} */
const background = []
const server = createServer(async (request, response) => {
  const chunks = /** @type {Buffer[]} */ ([])
  for await (const chunk of request) chunks.push(chunk)
  const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : Buffer.concat(chunks)
  const headers = /** @type {Record<string, string>} */ (Object.fromEntries(Object.entries(request.headers).filter(([, value]) => typeof value === 'string')))
  const answer = await worker.fetch(new Request(`http://${request.headers.host}${request.url}`, { method: request.method, headers, body }), env, {
    waitUntil: (work) => void background.push(work),
  })
  response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(Buffer.from(await answer.arrayBuffer()))
}).listen(0, '127.0.0.1')
await once(server, 'listening')
const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}/apple/notifications`
const post = async (/** @type {{ body: string }} */ notification) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: notification.body })
  await Promise.all(background.splice(0)) // what Cloudflare does with ctx.waitUntil: let the work finish
  return response.status
}

try {
  console.log(`cloudflare-worker: worker.mjs on ${url} (trusting a throwaway test root; KV and ctx are local stand-ins)\n`)
  const news = createNotificationBuilders(signer, { bundleId: 'com.example.news' })
  const subscribed = await news.subscribed('INITIAL_BUY', { signedDate: Date.now() - 40 * 86_400_000 })
  const expired = await news.expired('VOLUNTARY', { signedDate: Date.now() - 86_400_000 })
  const key = `subscription:${subscribed.transaction?.originalTransactionId}`
  const entitlement = () => JSON.parse(kv.get(key) ?? '{}')

  console.log('1. SUBSCRIBED.INITIAL_BUY')
  check((await post(subscribed)) === 200, 'answered 200')
  check(entitlement().hasAccess === true, `KV ${key}: hasAccess true`)
  check(forwarded.length === 1 && forwarded[0]?.toString() === subscribed.body, 'forwarded the exact body through ctx.waitUntil')
  console.log('2. EXPIRED.VOLUNTARY')
  check((await post(expired)) === 200, 'answered 200')
  check(entitlement().hasAccess === false, `KV ${key}: hasAccess false`)
  console.log('3. A GET to the notification URL')
  check((await fetch(url)).status === 405, 'answered 405: Apple only POSTs')
} finally {
  server.closeAllConnections()
  server.close()
  target.close()
}
console.log(failures.length === 0 ? '\nEvery step behaved as expected.' : `\n${failures.length} expectation(s) failed.`)
process.exitCode = failures.length === 0 ? 0 : 1
