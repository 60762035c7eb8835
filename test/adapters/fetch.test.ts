import { defineAdapterSuite } from './conformance.js'

defineAdapterSuite('handler.fetch (Web Request/Response)', async (handler) => ({
  request: ({ method = 'POST', body, contentType = 'application/json' }) =>
    handler.fetch(new Request('http://localhost/asn', {
      method,
      ...(body === undefined ? {} : { body: body as BodyInit }),
      headers: contentType === null ? {} : { 'content-type': contentType },
    })),
  close: async () => undefined,
}))
