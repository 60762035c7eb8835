// Regenerates fixtures/ from the committed test chain in fixtures/test-chain/.
// Usage: npm run build && node scripts/generate-fixtures.mjs [--new-chain]
//   --new-chain  issue a new test chain (only when the old one must be replaced; every file changes).
// Unchanged fixtures keep their bytes: a JWS whose header and payload did not change keeps its
// committed signature, so the git diff shows only what really changed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateFixtures } from '../dist/testing.js'

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url))
const read = (path) => {
  const file = join(fixtures, path)
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined
}
const newChain = process.argv.includes('--new-chain') || read('test-chain/chain.json') === undefined

const files = await generateFixtures({ read, newChain })

let written = 0
for (const [path, text] of Object.entries(files)) {
  if (read(path) === text) continue
  mkdirSync(dirname(join(fixtures, path)), { recursive: true })
  writeFileSync(join(fixtures, path), text)
  written += 1
}

// Generated folders hold generated files only: drop what the generator no longer produces.
const walk = (dir) =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]) : []
let removed = 0
for (const folder of ['notifications', 'negative', 'test-chain']) {
  for (const file of walk(join(fixtures, folder))) {
    const path = relative(fixtures, file).split(sep).join('/')
    if (!(path in files)) {
      rmSync(file)
      removed += 1
    }
  }
}

const total = Object.keys(files).length
console.log(`fixtures: ${total} files, ${written} written, ${total - written} unchanged, ${removed} removed${newChain ? ' (new test chain)' : ''}`)
