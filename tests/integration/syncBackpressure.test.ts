import type { Socket } from 'node:net'
import { afterEach, expect, it } from 'vitest'
import { createTestDocument, paragraphText, projectDocument, startTestWorkspace, waitForDoc, type TestWorkspace } from './testWorkspace'

let ws: TestWorkspace
afterEach(async () => {
  await ws?.dispose()
})

/** The TCP socket under a stock provider's `ws` WebSocket: pausing it stops the client reading. */
function tcpSocket(provider: { ws: unknown }): Socket {
  return (provider.ws as { _socket: Socket })._socket
}

it('holds updates for a peer that stops reading and sends them merged once it reads again, without closing it or delaying the others', async () => {
  // maxFrameBytes 256 KB: a peer is closed as too slow beyond 1 MB unread (4 × the frame limit).
  // Keep-alive pings every 10 min: the paused peer cannot answer one, and the server rightly drops a
  // peer that missed a pong; at load 20 the paused phase outlasted two 30 s intervals. Backpressure,
  // not liveness, is what this test is about.
  ws = await startTestWorkspace({ limits: { maxFrameBytes: 256 * 1024 }, keepAliveMs: 600_000 })
  const id = await createTestDocument(ws.workspace.url, 'First paragraph.\n\nSecond paragraph.\n')
  const writer = ws.connect(id)
  const reader = ws.connect(id)
  const slow = ws.connect(id)
  await Promise.all([writer.synced, reader.synced, slow.synced])
  let slowClosed = false
  slow.provider.on('connection-close', () => (slowClosed = true))
  let slowFrames = 0
  ;(slow.provider.ws as unknown as { addEventListener: (type: string, fn: () => void) => void }).addEventListener('message', () => slowFrames++)

  tcpSocket(slow.provider).pause()
  // The stock provider closes its own socket after 30 s without a message (y-websocket's
  // messageReconnectTimeout): this client reads nothing on purpose, and on a loaded machine
  // the paused phase took over 30 s, so its own timer (not the server) closed it. What is
  // tested is that the server does not: keep the provider's timer quiet while it is paused.
  const keepAlive = setInterval(() => ((slow.provider as unknown as { wsLastMessageReceived: number }).wsLastMessageReceived = Date.now()), 1000)
  // 600 updates of 24 KB (~14 MB): far more than the loopback socket buffers and the 1 MB limit.
  const UPDATES = 600
  const chunk = 'x'.repeat(24 * 1024 - 8)
  for (let i = 0; i < UPDATES; i++) {
    paragraphText(writer.doc, 1).insert(0, `${String(i).padStart(6, '0')}:${chunk}`)
    // A steady stream, as typing is: the next update once the reader has this one.
    if (i % 50 === 49) await waitForDoc(reader.doc, (doc) => projectDocument(doc).includes(`${String(i).padStart(6, '0')}:`))
  }
  const expected = projectDocument(writer.doc)
  // The peer that reads got everything while the slow one still reads nothing.
  await waitForDoc(reader.doc, (doc) => projectDocument(doc) === expected)
  expect(slowClosed).toBe(false)
  const framesWhilePaused = slowFrames

  tcpSocket(slow.provider).resume()
  clearInterval(keepAlive)
  await waitForDoc(slow.doc, (doc) => projectDocument(doc) === expected)
  expect(slowClosed).toBe(false)
  // Merged while held: far fewer frames than updates reached the slow peer.
  expect(slowFrames - framesWhilePaused).toBeLessThan(UPDATES / 2)
}, 120_000)
