// The `express4` devDependency is Express 4 installed under an alias, for adapter tests; its API
// is what the Express typings describe.
declare module 'express4' {
  import express from 'express'
  export default express
}
