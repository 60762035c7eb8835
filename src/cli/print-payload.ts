// Prints decoded App Store objects as indented key/value sections with readable dates and prices.
import { formatDate } from './format.js'

/** A decoded object and the signed objects nested in it, ready to print. */
export interface DecodedSections {
  readonly title: string
  readonly payload: Record<string, unknown>
  readonly transaction?: Record<string, unknown> | undefined
  readonly renewalInfo?: Record<string, unknown> | undefined
  readonly appTransaction?: Record<string, unknown> | undefined
}

const SIGNED_FIELDS = {
  signedTransactionInfo: 'transaction',
  signedRenewalInfo: 'renewalInfo',
  signedAppTransactionInfo: 'appTransaction',
} as const

/** Renders a notification (or a bare transaction / renewal info) with its nested signed objects. */
export function renderSections(sections: DecodedSections, now: number): string {
  const out: string[] = [sections.title]
  renderObject(sections.payload, 1, now, out)
  for (const [name, label] of [
    ['transaction', 'data.signedTransactionInfo'],
    ['renewalInfo', 'data.signedRenewalInfo'],
    ['appTransaction', 'appData.signedAppTransactionInfo'],
  ] as const) {
    const nested = sections[name]
    if (nested === undefined) continue
    out.push('', `${name} (${label})`)
    renderObject(nested, 1, now, out)
  }
  return out.join('\n')
}

function renderObject(object: Record<string, unknown>, depth: number, now: number, out: string[]): void {
  const indent = '  '.repeat(depth)
  const keys = Object.keys(object)
  const width = Math.max(0, ...keys.filter((key) => !isNested(object[key])).map((key) => key.length))
  for (const key of keys) {
    const value = object[key]
    if (value === undefined) continue
    if (isNested(value)) {
      out.push(`${indent}${key}`)
      renderObject(value, depth + 1, now, out)
      continue
    }
    out.push(`${indent}${key.padEnd(width)}  ${renderValue(key, value, object, now)}`)
  }
}

function renderValue(key: string, value: unknown, owner: Record<string, unknown>, now: number): string {
  if (key in SIGNED_FIELDS && typeof value === 'string') {
    return `<JWS, ${value.length} chars; decoded below as ${SIGNED_FIELDS[key as keyof typeof SIGNED_FIELDS]}>`
  }
  if (typeof value === 'number' && /Date$/.test(key) && value > 1e11) return formatDate(value, now)
  if ((key === 'price' || key === 'renewalPrice') && typeof value === 'number' && typeof owner.currency === 'string') {
    return `${value} (${(value / 1000).toFixed(2)} ${owner.currency}; Apple sends milliunits)`
  }
  if (typeof value === 'string') return value
  return JSON.stringify(value)
}

function isNested(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
