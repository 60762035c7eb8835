// Byte helpers shared by the forwarder and its signature: bodies stay bytes, never re-serialised.
// Internal to src/core/forward.

/**
 * A body as the forwarder and `verifyForwardSignature` accept it: the exact bytes received, or
 * text (encoded as UTF-8).
 *
 * @example
 * const body: ForwardBody = new Uint8Array(await request.arrayBuffer())
 *
 * Exported from `app-store-notifications`.
 */
export type ForwardBody = string | Uint8Array | ArrayBuffer

/**
 * Copies a body into a fresh `Uint8Array` of this realm (text as UTF-8). Other realms' buffers
 * are accepted: edge sandboxes hand them out and `crypto.subtle` rejects them.
 */
export function toBytes(body: ForwardBody): Uint8Array<ArrayBuffer> {
  if (typeof body === 'string') return new TextEncoder().encode(body)
  if (ArrayBuffer.isView(body)) return copyBytes(body)
  return copyBytes(new Uint8Array(body))
}

/** Whether `value` is text, a byte view or an ArrayBuffer, from any realm. */
export function isForwardBody(value: unknown): value is ForwardBody {
  return typeof value === 'string' || ArrayBuffer.isView(value) || Object.prototype.toString.call(value) === '[object ArrayBuffer]'
}

/** Short description of a value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`
  return typeof value
}

/** Copies any byte view into a fresh `Uint8Array` backed by an `ArrayBuffer` of this realm. */
export function copyBytes(view: ArrayBufferView): Uint8Array<ArrayBuffer> {
  const copy = new Uint8Array(view.byteLength)
  copy.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength))
  return copy
}

