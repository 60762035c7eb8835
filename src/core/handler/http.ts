import { AppStoreNotificationError, ERROR_CODES } from '../errors.js'

/**
 * A framework-neutral HTTP request for `handler.handle()`. `body` may be the raw bytes, the text,
 * or an object a body parser already produced (the signature lives inside the JWS, so a parsed body
 * still verifies; only byte-exact forwarding prefers the raw bytes).
 *
 * @example
 * const answer = await handler.handle({ method: 'POST', headers: { 'content-type': 'application/json' }, body: rawBuffer })
 *
 * Exported from `app-store-notifications`.
 */
export interface AsnRequest {
  readonly method: string
  readonly headers?: Headers | Readonly<Record<string, string | readonly string[] | undefined>>
  readonly body: unknown
}

/**
 * The handler's answer: status, headers and a short JSON body, for adapters to write back.
 *
 * @example
 * res.writeHead(answer.status, answer.headers).end(answer.body)
 *
 * Exported from `app-store-notifications`.
 */
export interface AsnResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
}

/** Default body limit: real notifications are below 20 KB; 256 KiB leaves room and bounds abuse. */
export const DEFAULT_MAX_BODY_BYTES: number = 256 * 1024

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' } as const

/** A 2xx answer: `processed`, `duplicate` (done before) or `ignored` (no listener). */
export function successResponse(outcome: 'processed' | 'duplicate'): AsnResponse {
  return { status: 200, headers: JSON_HEADERS, body: JSON.stringify({ ok: true, outcome }) }
}

/**
 * The answer for an error, from the one status table: 4xx only for "never send this again",
 * 5xx whenever Apple's retry could help. The body carries the code only — never a stack or message.
 */
export function errorResponse(error: unknown): AsnResponse {
  const code = error instanceof AppStoreNotificationError ? error.code : 'ERR_HANDLER_FAILED'
  const status = ERROR_CODES[code].status ?? 500
  const headers: Record<string, string> = { ...JSON_HEADERS }
  if (code === 'ERR_METHOD_NOT_ALLOWED') headers.allow = 'POST'
  return { status, headers, body: JSON.stringify({ ok: false, error: code }) }
}

/** Reads a header from either a `Headers` object or a plain record (case-insensitive). */
export function headerValue(headers: AsnRequest['headers'], name: string): string | undefined {
  if (headers === undefined) return undefined
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  const lower = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return typeof value === 'string' ? value : value?.[0]
  }
  return undefined
}

/** Throws `ERR_BODY_TOO_LARGE` when a body over `maxBytes` arrives. */
export function tooLarge(size: number, maxBytes: number): AppStoreNotificationError {
  return new AppStoreNotificationError(
    'ERR_BODY_TOO_LARGE',
    `request body is ${size} bytes, above the maxBodyBytes limit of ${maxBytes}; real notifications are below 20 KB`,
  )
}

/** Measures a body in bytes (UTF-8 for text); objects from a body parser are measured as JSON. */
export function bodySize(body: unknown): number {
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return body.byteLength
  if (typeof body === 'string') return new TextEncoder().encode(body).byteLength
  if (typeof body === 'object' && body !== null) return new TextEncoder().encode(JSON.stringify(body)).byteLength
  return 0
}

/**
 * Reads a `Request` body as bytes, refusing early (by `content-length`) and while streaming once
 * more than `maxBytes` arrive, so an oversized body is never buffered whole.
 */
export async function readRequestBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(declared, maxBytes)
  if (request.body === null) return new Uint8Array(0)
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined)
      throw tooLarge(total, maxBytes)
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(total)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  return bytes
}

/** Turns an {@link AsnResponse} into a Web `Response`. */
export function toWebResponse(answer: AsnResponse): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers })
}
