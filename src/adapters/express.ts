// Express adapter over the HTTP core (`handler.handle`): it only gets the body, calls the core and
// writes the answer back. Works on Express 4 and 5, with or without a body parser before it.
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express'
import type { AsnHandler } from 'app-store-notifications'
import { readNodeBody, writeNodeResponse } from './node-http.js'
import type { NodeRequestLike } from './node-http.js'

/** Errors body-parser raises for bodies it could not read; the core answers them itself. */
const BODY_PARSER_ERRORS = new Set(['entity.parse.failed', 'entity.too.large', 'encoding.unsupported', 'charset.unsupported'])

/**
 * Express middleware for App Store Server Notifications: a request handler plus an error handler
 * for failures of body parsers mounted before it (so malformed or oversized bodies still get the
 * core's coded answers). Mount the pair on your notification path. It works whether or not
 * `express.json()`, `express.raw()` or `express.text()` ran before it (the signature is inside the
 * JWS, so a parsed body still verifies; raw bytes are kept for forwarding when available), and it
 * never waits on a stream another middleware already consumed.
 *
 * @example
 * import express from 'express'
 * import { createAsnHandler } from 'app-store-notifications'
 * import { createExpressMiddleware } from 'app-store-notifications/express'
 *
 * const handler = createAsnHandler({ verifier: { bundleId: 'com.example.wallet', environment: 'Sandbox' } })
 * handler.on('REFUND', async ({ transaction }) => wallet.debit(transaction!.appAccountToken!))
 * express().post('/apple/notifications', createExpressMiddleware(handler)).listen(3000)
 *
 * Exported from `app-store-notifications/express`.
 */
export function createExpressMiddleware(handler: AsnHandler): [RequestHandler, ErrorRequestHandler] {
  const answer = (request: Request, response: Response, next: NextFunction, body: Promise<unknown>): void => {
    body
      .then((value) => handler.handle({ method: request.method, headers: request.headers, body: value }))
      .then((result) => writeNodeResponse(response, result))
      .catch(next)
  }
  return [
    (request, response, next) => answer(request, response, next, readNodeBody(request as unknown as NodeRequestLike, handler.maxBodyBytes)),
    (error: { type?: unknown; body?: unknown }, request, response, next) => {
      if (typeof error?.type !== 'string' || !BODY_PARSER_ERRORS.has(error.type)) return next(error)
      // The core decides: 413 from content-length, 400 for the unparsable text body-parser kept.
      answer(request, response, next, Promise.resolve(typeof error.body === 'string' ? error.body : ''))
    },
  ]
}
