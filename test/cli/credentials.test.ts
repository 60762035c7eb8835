import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { createTestCredentials, type TestCredentials } from '../core/api/apple-server-mock.js'
import { type FakeApple, runCli, useFakeApple } from './cli-harness.js'

let credentials: TestCredentials
let apple: FakeApple
let dir: string
let env: Record<string, string>

const fake = useFakeApple({ cleanTokens: false }) // some tests send refused tokens on purpose
beforeAll(async () => {
  ;({ credentials, apple, dir, env } = fake)
  apple.routes.set('POST /inApps/v1/notifications/history', () => ({ status: 200, json: { notificationHistory: [], hasMore: false } }))
})

describe('credentials', () => {
  it('names every missing credential with its flag and environment variable (exit 2)', async () => {
    const run = await runCli(['history', '--since', '1d'], { env: { APP_STORE_KEY_ID: credentials.keyId } })
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(
      'error ERR_CONFIG_INVALID: missing credentials: --issuer-id (or APP_STORE_ISSUER_ID), --private-key-path (or APP_STORE_PRIVATE_KEY_PATH), ' +
        '--bundle-id (or APP_STORE_BUNDLE_ID), --environment (or APP_STORE_ENVIRONMENT); find them in App Store Connect → Users and Access → Integrations → In-App Purchase\n',
    )
  })

  it('explains malformed ones, including a key file that is not a .p8', async () => {
    const sec1 = join(dir, 'sec1.pem')
    writeFileSync(sec1, '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n')
    const run = await runCli(['history', '--since', '1d'], {
      env: { ...env, APP_STORE_ISSUER_ID: 'my-issuer', APP_STORE_KEY_ID: 'abc', APP_STORE_ENVIRONMENT: 'prod', APP_STORE_PRIVATE_KEY_PATH: sec1 },
    })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain('error ERR_CONFIG_INVALID: malformed credentials: issuer ID must be a UUID')
    expect(run.stderr).toContain('key ID must be 10 capital letters or digits')
    expect(run.stderr).toContain('environment must be Production or Sandbox, got "prod"')
    expect(run.stderr).toContain('openssl pkcs8 -topk8')
    const missingFile = await runCli(['history', '--since', '1d'], { env: { ...env, APP_STORE_PRIVATE_KEY_PATH: join(dir, 'nope.p8') } })
    expect(missingFile.stderr).toContain(`private key file ${join(dir, 'nope.p8')} cannot be read (ENOENT)`)
    expect(apple.requests).toEqual([])
  })

  it('lets flags override environment variables', async () => {
    const run = await runCli(['history', '--since', '1d', '--bundle-id', 'com.example.other', '--environment', 'Production'], { env })
    // The fake expects bid com.example.wallet and refuses the token, as Apple would: the flag reached the token.
    // (twice: the client re-signs once after a 401)
    expect(apple.jwtProblems).toEqual(['bid com.example.other', 'bid com.example.other'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('ERR_API_REQUEST_REJECTED')
  })

  it('rejects a key Apple does not accept with a clear API error', async () => {
    const other = await createTestCredentials()
    const keyPath = join(dir, 'other.p8')
    writeFileSync(keyPath, other.privateKey)
    const run = await runCli(['history', '--since', '1d'], { env: { ...env, APP_STORE_PRIVATE_KEY_PATH: keyPath } })
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^error ERR_API_REQUEST_REJECTED: .*answered 401 twice/)
    expect(apple.jwtProblems.length).toBeGreaterThan(0)
  })
})

describe('help and dispatch', () => {
  it('prints the command list, each command’s help and the version', async () => {
    const [top, decode, history, replay, test, version] = await Promise.all([
      runCli(['--help']),
      runCli(['decode', '--help']),
      runCli(['history', '-h']),
      runCli(['replay', '--help']),
      runCli(['test-notification', '--help']),
      runCli(['--version']),
    ])
    expect(top.code).toBe(0)
    expect(top.stdout).toMatch(/Commands:\n {2}decode +verify and print.*\n {2}history .*\n {2}replay .*\n {2}test-notification /)
    for (const [run, usage] of [
      [decode, 'decode <file|->'],
      [history, 'history --since <when>'],
      [replay, 'replay --since <when> --to <url>'],
      [test, 'test-notification [options]'],
    ] as const) {
      expect(run.code).toBe(0)
      expect(run.stdout).toContain(`Usage: app-store-notifications ${usage}`)
    }
    expect(history.stdout).toContain('APP_STORE_PRIVATE_KEY_PATH')
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('exits 2 on an unknown command or none', async () => {
    const unknown = await runCli(['replya'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain('unknown command "replya"; the commands are decode, history, replay, test-notification')
    const none = await runCli([])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('Usage: app-store-notifications <command>')
  })
})
