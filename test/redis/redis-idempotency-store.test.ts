import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAsnHandler } from 'app-store-notifications'
import type { IdempotencyStore } from 'app-store-notifications'
import { createRedisIdempotencyStore } from 'app-store-notifications/redis'
import { createTestSigner } from 'app-store-notifications/testing'
import type { TestSigner } from 'app-store-notifications/testing'
import { BUNDLE_ID, notificationPayload } from '../helpers/payloads.js'
import { startRedisServer } from '../helpers/redis-server.js'
import type { RedisServer } from '../helpers/redis-server.js'

let server: RedisServer
let signer: TestSigner
const ioredis: Redis[] = []
let nodeRedis: ReturnType<typeof createClient>

beforeAll(async () => {
  server = await startRedisServer()
  signer = await createTestSigner()
  nodeRedis = createClient({ url: server.url })
  await nodeRedis.connect()
}, 30_000)

afterAll(async () => {
  for (const client of ioredis) client.disconnect()
  await nodeRedis?.quit()
  await server?.stop()
})

const clients: Array<[string, () => IdempotencyStore]> = [
  ['ioredis', () => {
    const client = new Redis(server.url)
    ioredis.push(client)
    return createRedisIdempotencyStore({ client, prefix: `t${crypto.randomUUID()}:` })
  }],
  ['node-redis', () => createRedisIdempotencyStore({ client: nodeRedis, prefix: `t${crypto.randomUUID()}:` })],
]

for (const [name, makeStore] of clients) {
  describe(`Redis idempotency store (${name}, real redis-server)`, () => {
    it('claims once, reports busy to others, done after completion, and frees a released claim', async () => {
      const store = makeStore()
      expect(await store.claim('a', { leaseMs: 60_000 })).toBe('claimed')
      expect(await store.claim('a', { leaseMs: 60_000 })).toBe('busy')
      await store.release('a')
      expect(await store.claim('a', { leaseMs: 60_000 })).toBe('claimed')
      await store.complete('a', { ttlMs: 60_000 })
      expect(await store.claim('a', { leaseMs: 60_000 })).toBe('done')
    })

    it('lets a lease expire so a crashed worker does not block the notification forever', async () => {
      const store = makeStore()
      expect(await store.claim('b', { leaseMs: 50 })).toBe('claimed')
      await new Promise((resolve) => setTimeout(resolve, 120))
      expect(await store.claim('b', { leaseMs: 60_000 })).toBe('claimed')
    })

    it('stores the TTL in Redis and exactly one of 50 parallel claims wins', async () => {
      const store = makeStore()
      const results = await Promise.all(Array.from({ length: 50 }, () => store.claim('c', { leaseMs: 60_000 })))
      expect(results.filter((result) => result === 'claimed')).toHaveLength(1)
      await store.complete('c', { ttlMs: 7 * 24 * 3600 * 1000 })
    })
  })
}

describe('createAsnHandler with the Redis store', () => {
  it('runs the listener once for 50 parallel deliveries across two handler instances', async () => {
    const prefix = `h${crypto.randomUUID()}:`
    let runs = 0
    const handlers = [0, 1].map(() => {
      const client = new Redis(server.url)
      ioredis.push(client)
      return createAsnHandler({
        verifier: { bundleId: BUNDLE_ID, environment: 'Sandbox', rootCertificates: [signer.rootCertificate] },
        idempotency: createRedisIdempotencyStore({ client, prefix }),
      }).onAny(async () => {
        runs++
        await new Promise((resolve) => setTimeout(resolve, 100))
      })
    })
    const { body } = await signer.signNotification(notificationPayload())
    const responses = await Promise.all(Array.from({ length: 50 }, (_, i) => handlers[i % 2]!.fetch(new Request('http://localhost/', { method: 'POST', body }))))
    expect(runs).toBe(1)
    const statuses = responses.map((response) => response.status)
    expect(statuses.every((status) => status === 200)).toBe(true)
    const outcomes = await Promise.all(responses.map(async (response) => ((await response.json()) as { outcome: string }).outcome))
    expect(outcomes.filter((outcome) => outcome === 'processed')).toHaveLength(1)
  })
})
