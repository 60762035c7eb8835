// The probe check-package.mjs runs in a fresh Node process (its source is written to probe.cjs
// and probe.mjs in the consumer project, so it must stay self-contained): loads one entry by `require` or `import` and reports its
// export names plus every change to globalThis and to the intrinsics a library could patch.
// With `preload`, the package's runtime dependencies are loaded first, so that what remains is
// what our own modules do.

/**
 * @param {'require' | 'import'} format
 * @param {string} specifier
 * @param {readonly string[]} preload dependency names to load before the baseline
 */
export async function globalsProbe(format, specifier, preload) {
  const load = (name) => (format === 'require' ? require(name) : name.endsWith('.json') ? import(name, { with: { type: 'json' } }) : import(name))
  const INTRINSICS = {
    Reflect, Object, 'Object.prototype': Object.prototype, 'Function.prototype': Function.prototype, Array, 'Array.prototype': Array.prototype,
    'String.prototype': String.prototype, 'Number.prototype': Number.prototype, Promise, 'Promise.prototype': Promise.prototype, Symbol,
    JSON, Math, Error, 'Error.prototype': Error.prototype, 'Map.prototype': Map.prototype, 'Set.prototype': Set.prototype,
    'RegExp.prototype': RegExp.prototype, 'Date.prototype': Date.prototype, 'Uint8Array.prototype': Uint8Array.prototype,
    'ArrayBuffer.prototype': ArrayBuffer.prototype, crypto: globalThis.crypto, 'SubtleCrypto.prototype': Object.getPrototypeOf(globalThis.crypto.subtle),
    'Request.prototype': Request.prototype, 'Response.prototype': Response.prototype, 'Headers.prototype': Headers.prototype,
    'URL.prototype': URL.prototype, 'TextEncoder.prototype': TextEncoder.prototype, 'TextDecoder.prototype': TextDecoder.prototype,
  }
  const name = (key) => (key === String(process.pid) ? '<process.pid>' : String(key))
  const describe = (target) => {
    const entries = new Map()
    for (const key of Reflect.ownKeys(target)) {
      const descriptor = Object.getOwnPropertyDescriptor(target, key)
      entries.set(name(key), descriptor.get ?? descriptor.set ?? descriptor.value)
    }
    return entries
  }
  const snapshot = () => ({
    global: describe(globalThis),
    intrinsics: Object.entries(INTRINSICS).map(([label, target]) => [label, describe(target)]),
  })
  const diff = (before, after) => {
    const added = [...after.global.keys()].filter((key) => !before.global.has(key))
    const changed = [...before.global].filter(([key, value]) => !after.global.has(key) || !Object.is(after.global.get(key), value)).map(([key]) => `globalThis.${key}`)
    before.intrinsics.forEach(([label, entries], index) => {
      const now = after.intrinsics[index][1]
      for (const key of new Set([...entries.keys(), ...now.keys()])) if (!Object.is(entries.get(key), now.get(key)) || entries.has(key) !== now.has(key)) changed.push(`${label}.${key}`)
    })
    return { added, changed }
  }

  // Lazy globals (fetch, crypto, navigator…) materialise on first read; read them all first.
  for (const key of Reflect.ownKeys(globalThis)) {
    try {
      void globalThis[key]
    } catch {}
  }
  for (const dependency of preload) await load(dependency)
  const before = snapshot()
  const module = await load(specifier)
  const { added, changed } = diff(before, snapshot())
  const keys = Object.keys(module).filter((key) => key !== 'module.exports' && key !== '__esModule')
  console.log(JSON.stringify({ keys: format === 'import' && specifier.endsWith('.json') ? Object.keys(module.default) : keys, added, changed }))
}
