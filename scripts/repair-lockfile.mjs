// `npm run lock:repair`, after any `npm install` that changes package-lock.json.
//
// Packages such as bun, deno, workerd and rollup list one optional dependency per platform
// (@deno/darwin-arm64, @cloudflare/workerd-windows-64, …). The registry this project's machines
// reach serves only the Linux ones, so `npm install` leaves the others out of the lockfile, and
// `npm ci` (CI's install) then refuses the lockfile: "Missing: @deno/darwin-arm64@ from lock
// file". This adds an entry for every optional dependency a locked package declares but the
// lockfile lacks, marked optional: `npm ci` accepts the lockfile, skips what cannot be fetched,
// and installs the Linux binaries as before. It reads and writes the lockfile only.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const file = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'package-lock.json')
const lock = JSON.parse(readFileSync(file, 'utf8'))
const packages = lock.packages

/** Where Node would find `name` from the package at `from`: its own node_modules, then each parent's. */
function locate(from, name) {
  let base = from
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`
    if (candidate in packages) return candidate
    if (base === '') return null
    const index = base.lastIndexOf('/node_modules/')
    base = index === -1 ? '' : base.slice(0, index)
  }
}

const added = []
for (const [key, entry] of Object.entries(packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    if (locate(key, name) !== null) continue
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) throw new Error(`${key} wants ${name}@${spec}: not an exact version, cannot add a stub`)
    const stub = `node_modules/${name}`
    packages[stub] = { version: spec, ...(entry.dev ? { dev: true } : {}), optional: true }
    added.push(`${name}@${spec}`)
  }
}

if (added.length === 0) {
  console.log('package-lock.json: every optional platform dependency has an entry')
} else {
  // The order npm itself writes: the root first, then paths in English locale order.
  const keys = Object.keys(packages).filter((key) => key !== '').sort((a, b) => a.localeCompare(b, 'en'))
  lock.packages = Object.fromEntries([['', packages['']], ...keys.map((key) => [key, packages[key]])])
  writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`)
  console.log(`package-lock.json: added ${added.length} optional entries: ${added.join(', ')}`)
}
