// Forwarding targets: the public shape, validation at construction, and the environment filter.
// Internal to src/core/forward except for the ForwardTarget type.

import { AppStoreNotificationError } from '../errors.js'

/**
 * One downstream service that receives forwarded notifications.
 *
 * @example
 * const target: ForwardTarget = {
 *   url: 'https://staging.example.com/apple/notifications',
 *   id: 'staging',
 *   headers: { authorization: 'Bearer …' },
 *   environments: ['Sandbox'],
 * }
 *
 * Exported from `app-store-notifications`.
 */
export interface ForwardTarget {
  /** Absolute `http:` or `https:` URL that receives a `POST` with the original body. */
  readonly url: string
  /** Stable name in results and in `skipTargets`. Default: `url` as written. */
  readonly id?: string
  /** Extra request headers, e.g. an `authorization` for this target. They may replace `user-agent`, never `content-type`, the signature or the notification UUID header. */
  readonly headers?: Readonly<Record<string, string>>
  /**
   * Environments this target receives, e.g. `['Sandbox']` for a staging service. A target with
   * this list gets a notification only when `notification.environment` is known and listed.
   * Default: every notification.
   */
  readonly environments?: readonly ('Production' | 'Sandbox' | 'Xcode' | 'LocalTesting' | (string & {}))[]
}

/** A target after validation. */
export interface ResolvedTarget {
  readonly id: string
  readonly url: string
  readonly headers: readonly (readonly [string, string])[]
  readonly environments: readonly string[] | undefined
}

/**
 * Validates the `targets` option and gives every target its id. Throws `ERR_CONFIG_INVALID` with
 * the offending entry named.
 *
 * @example
 * resolveTargets(['https://a.example/hook', { url: 'https://b.example/hook', id: 'b' }])
 */
export function resolveTargets(targets: unknown): ResolvedTarget[] {
  if (!Array.isArray(targets) || targets.length === 0) {
    throw configError('targets must be a non-empty array of URLs or { url, id?, headers?, environments? } objects')
  }
  const seen = new Set<string>()
  return targets.map((entry: unknown, index) => {
    const target: ForwardTarget | undefined =
      typeof entry === 'string' ? { url: entry } : typeof entry === 'object' && entry !== null ? (entry as ForwardTarget) : undefined
    const where = `targets[${index}]`
    if (target === undefined || typeof target.url !== 'string') {
      throw configError(`${where} must be a URL string or an object with a url, got ${entry === null ? 'null' : typeof entry}`)
    }
    let parsed: URL
    try {
      parsed = new URL(target.url)
    } catch (cause) {
      throw configError(`${where}.url is not an absolute URL: ${JSON.stringify(target.url)}`, cause)
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw configError(`${where}.url must use https: (or http:), got ${parsed.protocol}`)
    }
    if (parsed.username !== '' || parsed.password !== '') {
      throw configError(`${where}.url contains credentials, which fetch refuses; send them in headers (e.g. authorization) instead`)
    }
    const id = target.id ?? target.url
    if (typeof id !== 'string' || id === '') throw configError(`${where}.id must be a non-empty string`)
    if (seen.has(id)) throw configError(`${where} repeats the id ${JSON.stringify(id)}; give each target a distinct id`)
    seen.add(id)
    return { id, url: target.url, headers: resolveHeaders(target.headers, where), environments: resolveEnvironments(target.environments, where) }
  })
}

/**
 * Whether a target should receive a notification of `environment` (`undefined` when unknown).
 *
 * @example
 * acceptsEnvironment({ environments: ['Sandbox'] }, 'Production') // → false
 */
export function acceptsEnvironment(target: Pick<ResolvedTarget, 'environments'>, environment: string | undefined): boolean {
  if (target.environments === undefined) return true
  return environment !== undefined && target.environments.includes(environment)
}

function resolveHeaders(headers: unknown, where: string): [string, string][] {
  if (headers === undefined) return []
  if (typeof headers !== 'object' || headers === null) throw configError(`${where}.headers must be an object of header names to values`)
  const entries: [string, string][] = []
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw configError(`${where}.headers.${name} must be a string, got ${typeof value}`)
    try {
      new Headers().set(name, value)
    } catch (cause) {
      throw configError(`${where}.headers.${name} is not a valid HTTP header name or value`, cause)
    }
    entries.push([name, value])
  }
  return entries
}

function resolveEnvironments(environments: unknown, where: string): string[] | undefined {
  if (environments === undefined) return undefined
  if (!Array.isArray(environments) || environments.length === 0 || !environments.every((value) => typeof value === 'string' && value !== '')) {
    throw configError(`${where}.environments must be a non-empty array such as ['Sandbox'] or ['Production']; leave it out to receive every environment`)
  }
  return [...environments] as string[]
}

function configError(message: string, cause?: unknown): AppStoreNotificationError {
  return new AppStoreNotificationError('ERR_CONFIG_INVALID', message, cause === undefined ? undefined : { cause })
}
