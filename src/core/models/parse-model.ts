// Internal helpers shared by the model files: the compile-time check that a schema matches its
// hand-written interface, and the one parse routine that turns a zod failure into our error.
import type { z } from 'zod'
import { AppStoreNotificationError, type ErrorCode } from '../errors.js'

// Loose objects add `[k: string]: unknown`; interfaces have no implicit index signature, so the
// comparison strips index signatures at every depth first.
// (`string & {}` counts as an object to `extends object`, hence the primitive test first.)
type Stripped<T> = T extends string | number | boolean | bigint | symbol | null | undefined
  ? T
  : T extends readonly (infer E)[]
    ? Stripped<E>[]
    : T extends object
      ? { [K in keyof T as string extends K ? never : number extends K ? never : K]: Stripped<T[K]> }
      : T

/**
 * Resolves to `unknown` when the schema's output has exactly the interface's top-level fields,
 * with the same optionality and mutually assignable types (nested objects included); otherwise
 * to an object type naming the difference, so
 * `schema satisfies SchemaMatches<typeof schema, Model>` fails to compile on drift.
 *
 * @example
 * const schema = z.looseObject({ id: z.string() })
 * schema satisfies SchemaMatches<typeof schema, { id: string }>
 */
export type SchemaMatches<S extends z.ZodType, T> =
  Stripped<z.output<S>> extends infer O
    ? [Exclude<keyof O, keyof T>, Exclude<keyof T, keyof O>] extends [never, never]
      ? [O] extends [Stripped<T>]
        ? [Stripped<T>] extends [O]
          ? unknown
          : { interfaceNotAssignableToSchemaOutput: O }
        : { schemaOutputNotAssignableToInterface: O }
      : { onlyInSchema: Exclude<keyof O, keyof T>; onlyInInterface: Exclude<keyof T, keyof O> }
    : never

/** What a parse failure is reported as, and which object it concerns (for the message). */
export interface ParseContext {
  /** Human name of the object, e.g. `'transaction'` or `'notification payload'`. */
  readonly kind: string
  /** Error code to throw; default `ERR_PAYLOAD_INVALID`. */
  readonly code?: ErrorCode
}

/**
 * Parses `value` with `schema`, or throws an {@link AppStoreNotificationError} whose message names
 * the object kind, the field path, what was expected and what was found (never the whole value).
 *
 * @example
 * const transaction = parseModel(transactionSchema, decoded, { kind: 'transaction' })
 */
export function parseModel<T>(schema: z.ZodType<T>, value: unknown, context: ParseContext): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const issue = result.error.issues[0]
  const path = issue?.path ?? []
  const where = path.length === 0 ? '' : ` at "${formatPath(path)}"`
  const expected = issue?.code === 'invalid_type' ? `expected ${issue.expected}` : (issue?.message ?? 'invalid')
  const found = describe(valueAt(value, path))
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more issue(s))` : ''
  throw new AppStoreNotificationError(
    context.code ?? 'ERR_PAYLOAD_INVALID',
    `invalid ${context.kind}${where}: ${expected}, found ${found}${more}; ` +
      'this is not the shape Apple documents (a different object, or a format change by Apple worth reporting)',
    { cause: result.error },
  )
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = ''
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : out === '' ? String(key) : `.${String(key)}`
  }
  return out
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined
    current = (current as Record<PropertyKey, unknown>)[key]
  }
  return current
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 32 ? `${value.slice(0, 32)}…` : value)}`
    case 'number':
    case 'boolean':
      return `${typeof value} ${String(value)}`
    case 'object':
      return 'an object'
    default:
      return typeof value
  }
}
