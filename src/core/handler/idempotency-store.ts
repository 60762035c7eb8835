/**
 * What {@link IdempotencyStore.claim} found: `claimed` — you own the key now and must `complete` or
 * `release` it; `done` — it was completed before; `busy` — someone else holds an unexpired claim.
 *
 * @example
 * const state: ClaimResult = await store.claim('uuid', { leaseMs: 60_000 })
 *
 * Exported from `app-store-notifications`.
 */
export type ClaimResult = 'claimed' | 'done' | 'busy'

/**
 * The small store behind exactly-once handling: a key is claimed for a bounded lease, then either
 * completed (remembered for `ttlMs`) or released (so the next delivery runs it again). Back it with
 * any database that has an atomic "insert if absent" — see `app-store-notifications/redis`.
 *
 * @example
 * const store: IdempotencyStore = {
 *   async claim(key, { leaseMs }) { return db.insertIfAbsent(key, 'processing', leaseMs) ? 'claimed' : (await db.get(key)) === 'done' ? 'done' : 'busy' },
 *   async complete(key, { ttlMs }) { await db.set(key, 'done', ttlMs) },
 *   async release(key) { await db.delete(key) },
 * }
 *
 * Exported from `app-store-notifications`.
 */
export interface IdempotencyStore {
  /** Atomically claims `key` unless it is done or claimed by someone whose lease has not expired. */
  claim(key: string, options: { readonly leaseMs: number }): Promise<ClaimResult>
  /** Marks a claimed `key` done for `ttlMs`. */
  complete(key: string, options: { readonly ttlMs: number }): Promise<void>
  /** Gives up a claim so that the next delivery processes the key again. */
  release(key: string): Promise<void>
}

/**
 * Options of {@link createMemoryIdempotencyStore}.
 *
 * @example
 * const options: MemoryIdempotencyStoreOptions = { maxEntries: 50_000 }
 *
 * Exported from `app-store-notifications`.
 */
export interface MemoryIdempotencyStoreOptions {
  /** Most keys kept; the oldest are dropped first. Default 100 000 (about 10 MB). */
  readonly maxEntries?: number
  /** Clock, injectable for tests. Default `Date.now`. */
  readonly now?: () => number
}

/**
 * An in-process {@link IdempotencyStore}: bounded, with lease and TTL expiry. Right for a single
 * server instance; several instances need a shared store such as `app-store-notifications/redis`.
 *
 * @example
 * import { createAsnHandler, createMemoryIdempotencyStore } from 'app-store-notifications'
 * const handler = createAsnHandler({ verifier, idempotency: createMemoryIdempotencyStore({ maxEntries: 10_000 }) })
 *
 * Exported from `app-store-notifications`.
 */
export function createMemoryIdempotencyStore(options: MemoryIdempotencyStoreOptions = {}): IdempotencyStore {
  const maxEntries = options.maxEntries ?? 100_000
  const now = options.now ?? Date.now
  const entries = new Map<string, { state: 'claimed' | 'done'; expiresAt: number }>()

  function current(key: string): { state: 'claimed' | 'done'; expiresAt: number } | undefined {
    const entry = entries.get(key)
    if (entry !== undefined && entry.expiresAt <= now()) {
      entries.delete(key)
      return undefined
    }
    return entry
  }

  function put(key: string, state: 'claimed' | 'done', ttlMs: number): void {
    entries.delete(key)
    entries.set(key, { state, expiresAt: now() + ttlMs })
    while (entries.size > maxEntries) {
      const oldest = entries.keys().next()
      if (oldest.done === true) break
      entries.delete(oldest.value)
    }
  }

  return {
    async claim(key, { leaseMs }) {
      const entry = current(key)
      if (entry !== undefined) return entry.state === 'done' ? 'done' : 'busy'
      put(key, 'claimed', leaseMs)
      return 'claimed'
    },
    async complete(key, { ttlMs }) {
      put(key, 'done', ttlMs)
    },
    async release(key) {
      if (current(key)?.state === 'claimed') entries.delete(key)
    },
  }
}
