import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { manifest, readVector, VECTORS_DIR } from '../helpers/shared-vectors.js'
import { assertCliBuilt, runCli } from './cli-harness.js'

const vector = (file: string) => join(VECTORS_DIR, file)
const refund = manifest.genuine.find((entry) => entry.file.startsWith('apple-genuine/refund-sandbox-20250206'))!
const production = manifest.genuine.find((entry) => entry.file.startsWith('apple-genuine/test-production'))!
const renewal = manifest.genuine.find((entry) => entry.file.includes('renewal-info-sandbox-2025'))!
// One vector per notification type (the core tests verify all of them; here each spawn costs ~0.4 s).
const onePerType = [
  ...new Map(manifest.genuine.filter((entry) => entry.kind === 'notification').map((entry) => [entry.expected.notificationType, entry])).values(),
  production,
]

beforeAll(() => assertCliBuilt())

describe('app-store-notifications decode', () => {
  it('verifies a genuine notification with the bundled root and prints it with its nested transaction', async () => {
    const run = await runCli(['decode', vector(refund.file)])
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^REFUND — VERIFIED \(chain to Apple Root CA - G3/)
    expect(run.stdout).toContain(String(refund.expected.notificationUUID))
    expect(run.stdout).toContain(`signedDate        ${String(refund.expected.signedDate)} (`)
    expect(run.stdout).toContain('transaction (data.signedTransactionInfo)')
    expect(run.stdout).toContain(`transactionId          ${String(refund.nested?.[0]?.transactionId)}`)
    expect(run.stdout).toMatch(/price +4990 \(4\.99 USD/)
  })

  it('verifies genuine vectors of every type, Production included, and prints the type', async () => {
    const runs = await Promise.all(onePerType.map(async (entry) => ({ entry, run: await runCli(['decode', '--json', vector(entry.file)]) })))
    expect(runs.length).toBeGreaterThanOrEqual(9)
    for (const { entry, run } of runs) {
      expect(run.code, entry.file).toBe(0)
      const output = JSON.parse(run.stdout) as { verified: boolean; kind: string; payload: Record<string, unknown> }
      expect(output).toMatchObject({ verified: true, kind: 'notification', payload: { notificationType: entry.expected.notificationType } })
    }
    expect(runs.some(({ entry }) => entry === production)).toBe(true)
  })

  it('prints machine-readable JSON with --json, nested objects decoded', async () => {
    const run = await runCli(['decode', '--json', vector(refund.file)])
    expect(run.code).toBe(0)
    const output = JSON.parse(run.stdout) as Record<string, Record<string, unknown>>
    expect(output).toMatchObject({
      verified: true,
      kind: 'notification',
      payload: { notificationType: 'REFUND', notificationUUID: refund.expected.notificationUUID, data: { bundleId: refund.expected.bundleId } },
      transaction: { transactionId: refund.nested?.[0]?.transactionId },
    })
  })

  it('reads standard input with "-" and decodes a bare renewal info JWS', async () => {
    const run = await runCli(['decode', '-'], { stdin: readVector(renewal.file) })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^renewalInfo — VERIFIED/)
    expect(run.stdout).toMatch(/renewalDate +\d{4}-\d{2}-\d{2}T/)
  })

  it('fails with the error code on a negative vector, exit code 1', async () => {
    const cases = [
      ['negative/apple-lib-testsigned-test-notification.jws', 'ERR_CHAIN_UNTRUSTED_ROOT'],
      ['negative/apple-lib-xcode-signed-transaction.jws', 'ERR_JWS_X5C_LENGTH'],
      ['negative/huawei-iap-notification-seekcx.jws', 'ERR_CHAIN_UNTRUSTED_ROOT'],
      ['negative/redacted-transaction-production-gh73962.jws', 'ERR_CERT_MALFORMED'],
      ['negative/apple-lib-testsigned-missing-x5c-header.jws', 'ERR_JWS_X5C_MISSING'],
    ] as const
    const runs = await Promise.all(cases.map(([file]) => runCli(['decode', vector(file)])))
    runs.forEach((run, index) => {
      expect(run.code).toBe(1)
      expect(run.stdout).toBe('')
      expect(run.stderr).toContain(`error ${cases[index]![1]}:`)
    })
    const json = await runCli(['decode', '--json', vector(cases[0][0])])
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({ verified: false, error: { code: 'ERR_CHAIN_UNTRUSTED_ROOT' } })
  })

  it('decodes without verifying with --unverified, and says so', async () => {
    const run = await runCli(['decode', '--unverified', vector('negative/apple-lib-testsigned-test-notification.jws')])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^TEST — NOT VERIFIED \(decoded only\)/)
    const json = await runCli(['decode', '--unverified', '--json', vector('negative/apple-lib-testsigned-test-notification.jws')])
    expect(JSON.parse(json.stdout)).toMatchObject({ verified: false, kind: 'notification', payload: { notificationType: 'TEST' } })
  })

  it('trusts a test root given with --root, and checks identity flags against the payload', async () => {
    const testSigned = vector('negative/apple-lib-testsigned-test-notification.jws')
    const root = vector('negative/apple-lib-testCA.der')
    const trusted = await runCli(['decode', '--root', root, testSigned])
    expect(trusted.code).toBe(0)
    expect(trusted.stdout).toMatch(/^TEST — VERIFIED \(chain to .*apple-lib-testCA\.der/)
    const wrongApp = await runCli(['decode', '--root', root, '--bundle-id', 'com.example.other', testSigned])
    expect(wrongApp.code).toBe(1)
    expect(wrongApp.stderr).toContain('error ERR_BUNDLE_ID_MISMATCH:')
    const wrongEnvironment = await runCli(['decode', '--environment', 'Production', '--app-apple-id', '1', vector(refund.file)])
    expect(wrongEnvironment.stderr).toContain('error ERR_ENVIRONMENT_MISMATCH:')
  })

  it('reports unreadable input and bad flags as usage errors (exit 2)', async () => {
    const missing = await runCli(['decode', '/nonexistent/file.json'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('error ERR_CONFIG_INVALID: cannot read /nonexistent/file.json: ENOENT')
    const noInput = await runCli(['decode'])
    expect(noInput.code).toBe(2)
    const unknown = await runCli(['decode', '--bogus', vector(refund.file)])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("Unknown option '--bogus'")
    const garbage = await runCli(['decode', '-'], { stdin: '{"signedPayload":"not-a-jws"}' })
    expect(garbage.code).toBe(1)
    expect(garbage.stderr).toContain('error ERR_JWS_MALFORMED:')
  })

  it('documents itself with --help', async () => {
    const run = await runCli(['decode', '--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Usage: app-store-notifications decode <file|->')
    expect(run.stdout).toContain('taken from the payload itself')
    expect(readFileSync(vector(refund.file), 'utf8')).toContain('signedPayload')
  })
})
