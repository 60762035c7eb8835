// `npm run demo` runs scripts/demo.mjs after the build: it must pass every step and say what happened.
import { expect, it } from 'vitest'
import { runNode } from './example-process.js'

it('npm run demo: credits, answers the consumption request, debits, ignores the duplicate, exits 0', async () => {
  const { code, stdout, stderr } = await runNode(['scripts/demo.mjs'])
  expect(stderr).toBe('')
  expect(code).toBe(0)
  expect(stdout).toContain('✓ credited 500 coins to 7e3fb20b…')
  expect(stdout).toMatch(/✓ sent consumption information: PUT \/inApps\/v2\/transactions\/consumption\/\d+ \{"customerConsented":true,"deliveryStatus":"DELIVERED"/)
  expect(stdout).toContain('"consumptionPercentage":40000')
  expect(stdout).toContain('✓ debited 500 coins')
  expect(stdout).toContain('✓ duplicate delivery ignored (200, outcome duplicate)')
  expect(stdout).toContain('✓ refused: 401 ERR_CHAIN_UNTRUSTED_ROOT')
  expect(stdout).not.toContain('✗')
  expect(stdout.trim().endsWith('Every step behaved as expected.')).toBe(true)
})
