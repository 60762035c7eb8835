// Entry for the runtimes with a command line (Bun, Deno, and Node as the control): reads the
// genuine vectors with the runtime's own file API, runs the suite, prints one result line.
// Usage: <runtime> cli-entry.mjs <vectors dir> <loopback URL or -> <forward secret>
import { runSuite } from './suite.mjs'

const args = globalThis.Deno !== undefined ? Deno.args : globalThis.Bun !== undefined ? Bun.argv.slice(2) : process.argv.slice(2)
const [vectorsDir, forwardUrl, forwardSecret] = args

const readText = (path) =>
  globalThis.Deno !== undefined
    ? Deno.readTextFile(path)
    : globalThis.Bun !== undefined
      ? Bun.file(path).text()
      : import('node:fs/promises').then((fs) => fs.readFile(path, 'utf8'))

const manifest = JSON.parse(await readText(`${vectorsDir}/manifest.json`))
const vectors = await Promise.all(
  manifest.genuine.map(async ({ file, kind, expected }) => ({ file, kind, expected, text: await readText(`${vectorsDir}/${file}`) })),
)
const result = await runSuite({ vectors, forwardUrl: forwardUrl === '-' ? null : forwardUrl, forwardSecret })
console.log(`@@RESULT ${JSON.stringify(result)}`)
