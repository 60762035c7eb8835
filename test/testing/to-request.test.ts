import { describe, expect, it } from 'vitest'
import { createAsnHandler } from 'app-store-notifications'
import { createNotificationBuilders } from '../../src/testing/create-notification-builders.js'
import { createTestSigner } from '../../src/testing/create-test-signer.js'
import { toRequest } from '../../src/testing/to-request.js'

describe('toRequest', () => {
  it('builds the POST Apple sends, from a body or a built notification', async () => {
    const request = toRequest('{"signedPayload":"a.b.c"}')
    expect(request.method).toBe('POST')
    expect(request.url).toBe('http://localhost/apple/notifications')
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(await request.text()).toBe('{"signedPayload":"a.b.c"}')
    const custom = toRequest({ body: '{}' }, { url: 'https://example.test/hook', method: 'PUT', headers: { 'x-trace': '1' } })
    expect([custom.method, custom.url, custom.headers.get('x-trace'), custom.headers.get('content-type')]).toEqual(['PUT', 'https://example.test/hook', '1', 'application/json'])
    expect(() => toRequest({} as never)).toThrow(TypeError)
  })

  it('feeds handler.fetch directly', async () => {
    const signer = await createTestSigner()
    const handler = createAsnHandler({ verifier: { bundleId: 'com.example.app', environment: 'Sandbox', rootCertificates: [signer.rootCertificate] } })
    const seen: string[] = []
    handler.on('DID_RENEW', (notification) => void seen.push(notification.notificationUUID))
    const renewal = await createNotificationBuilders(signer).didRenew()
    expect((await handler.fetch(toRequest(renewal))).status).toBe(200)
    expect(seen).toEqual([renewal.payload.notificationUUID])
    expect((await handler.fetch(toRequest(renewal, { method: 'GET' }))).status).toBe(405)
  })
})
