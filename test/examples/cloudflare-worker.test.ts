// examples/cloudflare-worker: the Worker's fetch called as Cloudflare calls it, with a KV stand-in
// and a ctx that records waitUntil; then its main.mjs, which serves it on Node.
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { RootCertificateInput } from 'app-store-notifications'
import { createNotificationBuilders, createTestSigner, toRequest } from 'app-store-notifications/testing'
import { loadExample, runNode } from './example-process.js'

interface Env {
  APP_STORE_BUNDLE_ID: string
  APP_STORE_APP_APPLE_ID?: string
  APP_STORE_ENVIRONMENTS?: string
  FORWARD_TO?: string
  ENTITLEMENTS: { get(key: string): Promise<string | null>; put(key: string, value: string): Promise<void> }
}
interface Worker { fetch(request: Request, env: Env, ctx: { waitUntil(work: Promise<unknown>): void }): Promise<Response> }
interface WorkerModule { default: Worker; createWorker(options?: { rootCertificates?: RootCertificateInput[] }): Worker }

const BUNDLE_ID = 'com.example.news'
const closers: Array<() => void> = []
afterEach(() => closers.splice(0).forEach((close) => close()))

function kv() {
  const data = new Map<string, string>()
  return { data, get: async (key: string) => data.get(key) ?? null, put: async (key: string, value: string) => void data.set(key, value) }
}

describe('examples/cloudflare-worker', () => {
  it('stores the newest subscription state in KV and forwards through ctx.waitUntil', async () => {
    const { createWorker } = await loadExample<WorkerModule>('cloudflare-worker/worker.mjs')
    const received: string[] = []
    const target = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => (body += chunk.toString())).on('end', () => {
        received.push(body)
        response.end()
      })
    }).listen(0, '127.0.0.1')
    closers.push(() => target.close())
    await once(target, 'listening')

    const signer = await createTestSigner()
    const worker = createWorker({ rootCertificates: [signer.rootCertificate] })
    const store = kv()
    const env: Env = {
      APP_STORE_BUNDLE_ID: BUNDLE_ID,
      APP_STORE_ENVIRONMENTS: 'Sandbox',
      FORWARD_TO: `http://127.0.0.1:${(target.address() as AddressInfo).port}/asn`,
      ENTITLEMENTS: store,
    }
    const waitUntil: Promise<unknown>[] = []
    const ctx = { waitUntil: (work: Promise<unknown>) => void waitUntil.push(work) }
    const news = createNotificationBuilders(signer, { bundleId: BUNDLE_ID })
    const url = 'https://asn.example.workers.dev/apple/notifications'
    const subscribed = await news.subscribed('INITIAL_BUY', { signedDate: Date.now() - 40 * 86_400_000 })
    const expired = await news.expired('VOLUNTARY', { signedDate: Date.now() - 86_400_000 })
    const key = `subscription:${subscribed.transaction!.originalTransactionId}`

    expect((await worker.fetch(toRequest(expired, { url }), env, ctx)).status).toBe(200)
    expect((await worker.fetch(toRequest(subscribed, { url }), env, ctx)).status).toBe(200) // older, delivered late
    expect(JSON.parse(store.data.get(key)!)).toMatchObject({ hasAccess: false, willAutoRenew: false, signedDate: expired.payload.signedDate })

    expect(waitUntil).toHaveLength(2)
    await Promise.all(waitUntil)
    expect(received.sort()).toEqual([expired.body, subscribed.body].sort())
  })

  it('answers 404 off its path and 401 for another chain; the default export trusts Apple\'s root', async () => {
    const { createWorker, default: worker } = await loadExample<WorkerModule>('cloudflare-worker/worker.mjs')
    const signer = await createTestSigner()
    const env: Env = { APP_STORE_BUNDLE_ID: BUNDLE_ID, APP_STORE_APP_APPLE_ID: '1234567890', ENTITLEMENTS: kv() }
    const ctx = { waitUntil: () => undefined }
    const built = await createNotificationBuilders(signer, { bundleId: BUNDLE_ID }).didRenew()
    expect((await createWorker().fetch(toRequest(built, { url: 'https://x.example/other' }), env, ctx)).status).toBe(404)
    const refused = await worker.fetch(toRequest(built, { url: 'https://x.example/apple/notifications' }), env, ctx)
    expect(refused.status).toBe(401)
    expect(await refused.json()).toEqual({ ok: false, error: 'ERR_CHAIN_UNTRUSTED_ROOT' })
  })

  it('node examples/cloudflare-worker/main.mjs runs the Worker on Node and exits 0', async () => {
    const { code, stdout } = await runNode(['examples/cloudflare-worker/main.mjs'])
    expect(code).toBe(0)
    expect(stdout).toContain('✓ forwarded the exact body through ctx.waitUntil')
    expect(stdout).not.toContain('✗')
  })
})
