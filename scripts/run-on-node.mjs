// Runs a command of this repository on another Node version, taken from the npm registry's `node`
// package (the real binary, cached by npx after the first run; nothing is downloaded elsewhere).
// Usage: node scripts/run-on-node.mjs <version> [script.js args...]   (default: vitest run)
// Example: node scripts/run-on-node.mjs 22.23.3
import { execFileSync, spawnSync } from 'node:child_process'
import { delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const [version, ...command] = process.argv.slice(2)
if (version === undefined || !/^\d+\.\d+\.\d+$/.test(version)) {
  console.error('usage: node scripts/run-on-node.mjs <exact version, e.g. 22.23.3> [script args...]')
  process.exit(2)
}

// Ask the registry package's binary for its own version and path, so the run below uses exactly it.
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'
const probe = execFileSync(npx, ['--yes', '--package', `node@${version}`, '--', 'node', '-p', 'JSON.stringify([process.version, process.execPath])'], {
  cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'],
})
const [reported, binary] = JSON.parse(probe.trim().split('\n').pop())
if (reported !== `v${version}`) {
  console.error(`expected Node v${version} from the npm package, but it reports ${reported} (${binary})`)
  process.exit(1)
}
console.log(`Node ${reported} from the npm package node@${version}: ${binary}`)

const args = command.length > 0 ? command : [join(root, 'node_modules/vitest/vitest.mjs'), 'run']
// Child processes (vitest workers, tsc, redis helpers) find this same binary first on PATH.
const env = { ...process.env, PATH: `${dirname(binary)}${delimiter}${process.env.PATH ?? ''}` }
const run = spawnSync(binary, args, { cwd: root, env, stdio: 'inherit' })
if (run.error !== undefined) throw run.error
process.exit(run.status ?? 1)
