// The README's tables are derived from the code's tables: this test fails when they drift apart.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES } from 'app-store-notifications'

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

describe('README', () => {
  it('documents every error code with its HTTP status and retryability, and no unknown code', () => {
    const rows = new Map<string, { status: string; retryable: string }>()
    for (const match of readme.matchAll(/^\| `(ERR_[A-Z0-9_]+)` \| ([^|]+) \| ([^|]+) \|/gm)) {
      rows.set(match[1]!, { status: match[2]!.trim(), retryable: match[3]!.trim() })
    }
    expect([...rows.keys()].sort()).toEqual(Object.keys(ERROR_CODES).sort())
    for (const [code, { status, retryable }] of Object.entries(ERROR_CODES)) {
      expect(rows.get(code), code).toEqual({ status: status === null ? '—' : String(status), retryable: retryable ? 'yes' : 'no' })
    }
  })
})
