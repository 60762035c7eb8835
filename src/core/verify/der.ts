// A minimal, strict DER reader: just enough to walk X.509 certificates on the hot path.
// pkijs/asn1js parse a certificate in about 1–2 ms; Apple's chain is parsed once per new leaf, but the
// first verification of an unseen chain must stay faster than Apple's library, so the verifier walks
// the few fields it needs itself. pkijs is still used where whole structures are built (OCSP, tests).

/** One DER element: its tag byte and where its header, value and end are in the buffer. */
export interface DerElement {
  readonly tag: number
  /** Offset of the tag byte (start of the whole TLV). */
  readonly start: number
  /** Offset of the first value byte. */
  readonly valueStart: number
  /** Offset just after the value. */
  readonly end: number
}

/** DER tags used by the certificate walker. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const

/** Reads the element starting at `offset`; it must end at or before `limit`. Throws `Error` on malformed DER. */
export function readElement(bytes: Uint8Array, offset: number, limit: number = bytes.length): DerElement {
  if (offset + 2 > limit) throw new Error(`truncated DER at offset ${offset}`)
  const tag = bytes[offset]!
  if ((tag & 0x1f) === 0x1f) throw new Error(`multi-byte DER tags are not supported (offset ${offset})`)
  let length = bytes[offset + 1]!
  let valueStart = offset + 2
  if (length & 0x80) {
    const count = length & 0x7f
    if (count === 0 || count > 4) throw new Error(`unsupported DER length form at offset ${offset}`)
    if (valueStart + count > limit) throw new Error(`truncated DER length at offset ${offset}`)
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + bytes[valueStart + i]!
    valueStart += count
  }
  const end = valueStart + length
  if (end > limit) throw new Error(`DER element at offset ${offset} runs past its container`)
  return { tag, start: offset, valueStart, end }
}

/** Reads the children of a constructed element, in order. */
export function readChildren(bytes: Uint8Array, parent: DerElement): DerElement[] {
  const children: DerElement[] = []
  let offset = parent.valueStart
  while (offset < parent.end) {
    const child = readElement(bytes, offset, parent.end)
    children.push(child)
    offset = child.end
  }
  return children
}

/** Reads an element and checks its tag. */
export function expectElement(element: DerElement | undefined, tag: number, what: string): DerElement {
  if (element === undefined) throw new Error(`${what} is missing`)
  if (element.tag !== tag) throw new Error(`${what}: expected DER tag 0x${tag.toString(16)}, found 0x${element.tag.toString(16)}`)
  return element
}

/** The value bytes of an element (a view, no copy). */
export function valueOf(bytes: Uint8Array, element: DerElement): Uint8Array {
  return bytes.subarray(element.valueStart, element.end)
}

/** Decodes an OBJECT IDENTIFIER value into dotted form, e.g. `1.2.840.10045.4.3.3`. */
export function decodeOid(value: Uint8Array): string {
  if (value.length === 0) throw new Error('empty OBJECT IDENTIFIER')
  const parts: number[] = []
  let current = 0
  for (const byte of value) {
    current = current * 128 + (byte & 0x7f)
    if (!(byte & 0x80)) {
      if (parts.length === 0) {
        const first = current < 80 ? Math.floor(current / 40) : 2
        parts.push(first, current - first * 40)
      } else {
        parts.push(current)
      }
      current = 0
    }
  }
  return parts.join('.')
}

/** Decodes a UTCTime or GeneralizedTime (the `Z` forms DER requires) into epoch milliseconds. */
export function decodeTime(bytes: Uint8Array, element: DerElement): number {
  const text = String.fromCharCode(...valueOf(bytes, element))
  const match =
    element.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
      : element.tag === TAG.GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text)
        : null
  if (match === null) throw new Error(`invalid certificate time "${text}"`)
  let year = Number(match[1])
  if (element.tag === TAG.UTC_TIME) year += year < 50 ? 2000 : 1900
  return Date.UTC(year, Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]), Number(match[6]))
}

/** Converts a DER `ECDSA-Sig-Value` (SEQUENCE of two INTEGERs) to the raw `r‖s` form Web Crypto expects. */
export function ecdsaDerToP1363(der: Uint8Array, size: number): Uint8Array {
  const sequence = expectElement(readElement(der, 0), TAG.SEQUENCE, 'ECDSA signature')
  if (sequence.end !== der.length) throw new Error('trailing bytes after ECDSA signature')
  const [r, s, extra] = readChildren(der, sequence)
  if (extra !== undefined) throw new Error('ECDSA signature has more than two integers')
  const out = new Uint8Array(size * 2)
  for (const [index, element] of [expectElement(r, TAG.INTEGER, 'r'), expectElement(s, TAG.INTEGER, 's')].entries()) {
    let value = valueOf(der, element)
    while (value.length > 1 && value[0] === 0) value = value.subarray(1)
    if (value.length > size) throw new Error('ECDSA integer longer than the curve size')
    out.set(value, index * size + size - value.length)
  }
  return out
}
