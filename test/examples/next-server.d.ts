// Just the part of `next/server` that examples/next-app-router uses, for typechecking the example
// without installing Next.js (342 MB). The signature matches Next 15.1+: `after(task)`.
declare module 'next/server' {
  export function after<T>(task: Promise<T> | (() => T | Promise<T>)): void
}
