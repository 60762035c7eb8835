// Entry "app-store-notifications/redis": the idempotency store on Redis, shared by every instance.
import type { ClaimResult, IdempotencyStore } from 'app-store-notifications'

/** An `ioredis` client (has `call`). */
interface IoRedisLike {
  call(command: string, ...args: string[]): Promise<unknown>
}

/** A `redis` (node-redis 4+) client (has `sendCommand`). */
interface NodeRedisLike {
  sendCommand(args: string[]): Promise<unknown>
}

/**
 * Options of {@link createRedisIdempotencyStore}.
 *
 * @example
 * const options: RedisIdempotencyStoreOptions = { client: new Redis(process.env.REDIS_URL!), prefix: 'wallet:' }
 *
 * Exported from `app-store-notifications/redis`.
 */
export interface RedisIdempotencyStoreOptions {
  /** A connected `ioredis` or `redis` (node-redis 4+) client. */
  readonly client: IoRedisLike | NodeRedisLike
  /** Key prefix. Default `asn:`. */
  readonly prefix?: string
}

// Deletes a claim only if it is still ours (a lease may have expired and been taken over).
const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end"

/**
 * An {@link IdempotencyStore} on Redis, so several server instances handle each notification
 * exactly once. Claims are `SET NX PX` with a per-claim token; completion is `SET PX` for the TTL;
 * release deletes the claim only if this instance still holds it.
 *
 * @example
 * import Redis from 'ioredis'
 * import { createAsnHandler } from 'app-store-notifications'
 * import { createRedisIdempotencyStore } from 'app-store-notifications/redis'
 *
 * const handler = createAsnHandler({
 *   verifier: { bundleId: 'com.example.wallet', environment: 'Sandbox' },
 *   idempotency: createRedisIdempotencyStore({ client: new Redis(process.env.REDIS_URL!) }),
 * })
 *
 * Exported from `app-store-notifications/redis`.
 */
export function createRedisIdempotencyStore(options: RedisIdempotencyStoreOptions): IdempotencyStore {
  const { client, prefix = 'asn:' } = options
  const command: (args: string[]) => Promise<unknown> =
    'call' in client && typeof client.call === 'function'
      ? (args) => client.call(args[0]!, ...args.slice(1))
      : 'sendCommand' in client && typeof client.sendCommand === 'function'
        ? (args) => client.sendCommand(args)
        : () => Promise.reject(new TypeError('createRedisIdempotencyStore needs an ioredis or redis (node-redis 4+) client'))
  const tokens = new Map<string, string>()

  return {
    async claim(key, { leaseMs }): Promise<ClaimResult> {
      const token = `claimed:${crypto.randomUUID()}`
      for (let attempt = 0; attempt < 3; attempt++) {
        if ((await command(['SET', prefix + key, token, 'PX', String(Math.max(1, Math.ceil(leaseMs))), 'NX'])) === 'OK') {
          tokens.set(key, token)
          return 'claimed'
        }
        const value = await command(['GET', prefix + key])
        if (value === 'done') return 'done'
        if (value !== null) return 'busy'
        // The claim expired between SET and GET: try again.
      }
      return 'busy'
    },
    async complete(key, { ttlMs }) {
      await command(['SET', prefix + key, 'done', 'PX', String(Math.max(1, Math.ceil(ttlMs)))])
      tokens.delete(key)
    },
    async release(key) {
      const token = tokens.get(key)
      tokens.delete(key)
      if (token !== undefined) await command(['EVAL', RELEASE_SCRIPT, '1', prefix + key, token])
    },
  }
}
