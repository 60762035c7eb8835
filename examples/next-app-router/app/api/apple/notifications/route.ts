// app/api/apple/notifications/route.ts: the URL to enter in App Store Connect is
// https://<your domain>/api/apple/notifications (Production and Sandbox alike).
import { after } from 'next/server'
import { createNextRouteHandler } from 'app-store-notifications/next'
import { handler } from '@/lib/asn'

// `after` lets background work (the win-back, forwarding) finish after Apple has its answer.
export const { POST } = createNextRouteHandler(handler, { after })
