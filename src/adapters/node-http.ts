// The one bridge between Node-style requests (Express, Fastify, Next.js Pages) and the HTTP core.
// Structural types only: no `node:` import, so the Next.js entry stays loadable in the Edge runtime.
import type { AsnResponse } from 'app-store-notifications'

/** The parts of a Node `IncomingMessage` (plus what body parsers add) the bridge reads. */
export interface NodeRequestLike extends AsyncIterable<unknown> {
  readonly method?: string | undefined
  readonly headers: Readonly<Record<string, string | string[] | undefined>>
  /** Set by body parsers (express.json/raw/text, Next.js): an object, a Buffer or a string. */
  readonly body?: unknown
  /** Set by some frameworks and middlewares: the original bytes. */
  readonly rawBody?: unknown
  /** Set by body-parser when it consumed the stream. */
  readonly _body?: boolean
  readonly readableEnded?: boolean
  readonly complete?: boolean
}

/** How much of an oversized body is read and discarded before giving up on the connection. */
const DRAIN_CEILING_BYTES = 1024 * 1024

/** The parts of a Node `ServerResponse` the bridge writes. */
export interface NodeResponseLike {
  statusCode: number
  setHeader(name: string, value: string): unknown
  end(body?: string): unknown
}

/**
 * Gets the body without ever hanging: the original bytes when a middleware kept them, a body a
 * parser already produced, or the stream itself, read up to `maxBytes` (one byte more tells the core
 * the body is too large). A stream some earlier middleware consumed yields `undefined`.
 */
export async function readNodeBody(request: NodeRequestLike, maxBytes: number): Promise<unknown> {
  const raw = request.rawBody
  if (raw instanceof Uint8Array || typeof raw === 'string') return raw
  const parsed = request.body
  if (parsed instanceof Uint8Array || typeof parsed === 'string') return parsed
  if (parsed !== undefined && parsed !== null && (request._body === true || Object.keys(parsed).length > 0)) return parsed
  if (request.readableEnded === true || request.complete === true) return parsed
  return readStream(request, maxBytes)
}

/**
 * Reads a Node stream (or any async iterable of byte chunks), keeping at most `maxBytes + 1` bytes.
 * Past the limit it drains (so the 413 answer can still be written) up to a hard ceiling, then stops.
 */
export async function readStream(stream: AsyncIterable<unknown>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let kept = 0
  let seen = 0
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : (chunk as Uint8Array)
    seen += bytes.byteLength
    if (kept <= maxBytes) {
      chunks.push(bytes)
      kept += bytes.byteLength
    }
    if (seen > maxBytes + DRAIN_CEILING_BYTES) break
  }
  const body = new Uint8Array(kept)
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.byteLength
  }
  return body
}

/** Writes the core's answer to a Node response. */
export function writeNodeResponse(response: NodeResponseLike, answer: AsnResponse): void {
  response.statusCode = answer.status
  for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value)
  response.end(answer.body)
}
