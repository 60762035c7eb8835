import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { FORWARD_SIGNATURE_HEADER, signForwardBody, verifyForwardSignature } from '../../../src/core/forward/forward-signature.js'

const SECRET = 'fwd_3b1f9c0e7d2a4b5c8e6f'
const BODY = Buffer.from('{"signedPayload":"eyJhbGciOiJFUzI1NiJ9.e30.c2ln",  "x":"\u00e9\u2713"}\n', 'utf8')
const T = 1_767_323_045 // 2026-01-02T03:04:05Z
const at = (seconds: number) => () => seconds * 1000

/** The documented format, computed independently with node:crypto. */
function expectedHeader(body: Buffer, secret: string, timestamp: number): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')
  return `t=${timestamp},v1=${mac}`
}

describe('signForwardBody', () => {
  it('produces t=<seconds>,v1=<hex HMAC-SHA-256 of "t." + body>', async () => {
    expect(FORWARD_SIGNATURE_HEADER).toBe('x-asn-signature')
    const header = await signForwardBody({ body: new Uint8Array(BODY), secret: SECRET, timestamp: T })
    expect(header).toBe(expectedHeader(BODY, SECRET, T))
  })

  it('signs a string body as its UTF-8 bytes and accepts a byte secret', async () => {
    const fromText = await signForwardBody({ body: BODY.toString('utf8'), secret: SECRET, timestamp: T })
    expect(fromText).toBe(expectedHeader(BODY, SECRET, T))
    const fromBytes = await signForwardBody({ body: BODY, secret: new TextEncoder().encode(SECRET), timestamp: T })
    expect(fromBytes).toBe(fromText)
  })

  it('defaults the timestamp to now', async () => {
    const header = await signForwardBody({ body: BODY, secret: SECRET })
    const t = Number(/^t=(\d+),/.exec(header)?.[1])
    expect(Math.abs(t - Date.now() / 1000)).toBeLessThan(5)
  })

  it('refuses an empty secret and a bad timestamp', async () => {
    await expect(signForwardBody({ body: BODY, secret: '' })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' })
    await expect(signForwardBody({ body: BODY, secret: SECRET, timestamp: 1.5 })).rejects.toMatchObject({ code: 'ERR_CONFIG_INVALID' })
  })
})

describe('verifyForwardSignature', () => {
  const header = expectedHeader(BODY, SECRET, T)

  it('accepts the exact bytes, as Uint8Array, ArrayBuffer or text', async () => {
    await expect(verifyForwardSignature({ body: BODY, header, secret: SECRET, now: at(T + 10) })).resolves.toBeUndefined()
    const buffer = BODY.buffer.slice(BODY.byteOffset, BODY.byteOffset + BODY.byteLength)
    await expect(verifyForwardSignature({ body: buffer, header, secret: SECRET, now: at(T) })).resolves.toBeUndefined()
    await expect(verifyForwardSignature({ body: BODY.toString('utf8'), header, secret: SECRET, now: at(T) })).resolves.toBeUndefined()
  })

  it('accepts any matching v1 so secrets can be rotated, and ignores unknown schemes', async () => {
    const old = expectedHeader(BODY, 'the-old-secret', T).split(',')[1]
    const rotated = `t=${T},${old},v0=whatever,${header.split(',')[1]}`
    await expect(verifyForwardSignature({ body: BODY, header: rotated, secret: SECRET, now: at(T) })).resolves.toBeUndefined()
  })

  it.each([null, undefined, '', '   '])('rejects a missing header (%j)', async (missing) => {
    await expect(verifyForwardSignature({ body: BODY, header: missing, secret: SECRET, now: at(T) })).rejects.toMatchObject({
      code: 'ERR_FORWARD_SIGNATURE_INVALID',
    })
  })

  const v1 = header.split(',')[1]!
  it.each([
    ['no timestamp', v1],
    ['no v1', `t=${T}`],
    ['a non-numeric timestamp', `t=soon,${v1}`],
    ['two timestamps', `t=${T},t=${T},${v1}`],
    ['a short v1', `t=${T},v1=abcdef`],
    ['a non-hex v1', `t=${T},v1=${'z'.repeat(64)}`],
    ['a part without "="', `t=${T},${v1},garbage`],
    ['a Stripe-style space-separated list', `t=${T} ${v1}`],
  ])('rejects a malformed header: %s', async (_name, malformed) => {
    await expect(verifyForwardSignature({ body: BODY, header: malformed, secret: SECRET, now: at(T) })).rejects.toMatchObject({
      code: 'ERR_FORWARD_SIGNATURE_INVALID',
    })
  })

  it('rejects a different secret, one altered byte, and a re-serialised body', async () => {
    const check = (body: Uint8Array | string, secret = SECRET) => verifyForwardSignature({ body, header, secret, now: at(T) })
    await expect(check(BODY, 'another-secret')).rejects.toMatchObject({ code: 'ERR_FORWARD_SIGNATURE_INVALID' })
    await expect(check(BODY, `${SECRET} `)).rejects.toMatchObject({ code: 'ERR_FORWARD_SIGNATURE_INVALID' })
    const altered = new Uint8Array(BODY)
    altered[altered.length - 1] = 0x20
    await expect(check(altered)).rejects.toMatchObject({ code: 'ERR_FORWARD_SIGNATURE_INVALID' })
    await expect(check(JSON.stringify(JSON.parse(BODY.toString('utf8'))))).rejects.toMatchObject({ code: 'ERR_FORWARD_SIGNATURE_INVALID' })
  })

  it('rejects a timestamp outside the tolerance, old or in the future', async () => {
    const verify = (nowSeconds: number, toleranceSeconds?: number) =>
      verifyForwardSignature({ body: BODY, header, secret: SECRET, now: at(nowSeconds), ...(toleranceSeconds === undefined ? {} : { toleranceSeconds }) })
    await expect(verify(T + 300)).resolves.toBeUndefined()
    await expect(verify(T + 301)).rejects.toMatchObject({ code: 'ERR_FORWARD_SIGNATURE_INVALID' })
    await expect(verify(T - 301)).rejects.toMatchObject({ code: 'ERR_FORWARD_SIGNATURE_INVALID' })
    await expect(verify(T + 3600, 7200)).resolves.toBeUndefined()
    await expect(verify(T + 61, 60)).rejects.toMatchObject({ code: 'ERR_FORWARD_SIGNATURE_INVALID' })
  })

  it('rejects a parsed body with a diagnosis instead of guessing its bytes', async () => {
    const parsed = JSON.parse(BODY.toString('utf8')) as unknown as string
    await expect(verifyForwardSignature({ body: parsed, header, secret: SECRET, now: at(T) })).rejects.toMatchObject({
      code: 'ERR_FORWARD_SIGNATURE_INVALID',
    })
  })

  it('verifies headers made by signForwardBody with the real clock', async () => {
    const fresh = await signForwardBody({ body: BODY, secret: SECRET })
    await expect(verifyForwardSignature({ body: BODY, header: fresh, secret: SECRET })).resolves.toBeUndefined()
  })
})
