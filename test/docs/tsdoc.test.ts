// The TSDoc rule, enforced: every public export has a summary, an @example, and names its entry.
// Reads the entries with the TypeScript compiler (no emit), so it sees what users import.
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))

/** Entry file → the specifier users import it by. */
const ENTRIES: Readonly<Record<string, string>> = {
  'src/index.ts': 'app-store-notifications',
  'src/testing/index.ts': 'app-store-notifications/testing',
  'src/adapters/express.ts': 'app-store-notifications/express',
  'src/adapters/fastify.ts': 'app-store-notifications/fastify',
  'src/adapters/next.ts': 'app-store-notifications/next',
  'src/redis/index.ts': 'app-store-notifications/redis',
}

interface Problem {
  readonly entry: string
  readonly name: string
  readonly file: string
  readonly missing: string[]
}

function readProgram(): ts.Program {
  const parsed = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, { noEmit: true, skipLibCheck: true }, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))
    },
  })
  if (parsed === undefined) throw new Error('tsconfig.json could not be read')
  return ts.createProgram(Object.keys(ENTRIES).map((entry) => `${root}${entry}`), parsed.options)
}

/** What the documentation of `symbol`'s declarations lacks; overloads and merged declarations count together. */
function missingDocs(symbol: ts.Symbol, checker: ts.TypeChecker, specifier: string): string[] {
  const declarations = symbol.getDeclarations() ?? []
  const docs = declarations.flatMap((declaration) => ts.getJSDocCommentsAndTags(declaration)).filter(ts.isJSDoc)
  const missing: string[] = []
  if (ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim() === '') missing.push('summary')
  if (!declarations.some((declaration) => ts.getJSDocTags(declaration).some((tag) => tag.tagName.text === 'example'))) {
    missing.push('@example')
  }
  if (!docs.some((doc) => doc.getText().includes(`Exported from \`${specifier}\``))) missing.push(`"Exported from \`${specifier}\`."`)
  return missing
}

describe('TSDoc of public exports', () => {
  it('gives every export of every entry a summary, an @example and the entry it ships from', () => {
    const program = readProgram()
    const checker = program.getTypeChecker()
    const problems: Problem[] = []
    let checked = 0
    for (const [entry, specifier] of Object.entries(ENTRIES)) {
      const source = program.getSourceFile(`${root}${entry}`)
      const module = source && checker.getSymbolAtLocation(source)
      expect(module, `${entry} should be a module with exports`).toBeDefined()
      for (const exported of checker.getExportsOfModule(module!)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
        const file = symbol.getDeclarations()?.[0]?.getSourceFile().fileName.slice(root.length) ?? '?'
        const missing = missingDocs(symbol, checker, specifier)
        checked += 1
        if (missing.length > 0) problems.push({ entry, name: exported.name, file, missing })
      }
    }
    const report = problems.map(({ entry, name, file, missing }) => `${entry}: ${name} (${file}) lacks ${missing.join(', ')}`)
    expect(problems.length, `public exports breaking the TSDoc rule:\n${report.join('\n')}\n`).toBe(0)
    // Guards against a resolution failure that would make every entry look empty.
    expect(checked).toBeGreaterThan(100)
  })
})
