import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { CLOSE_CODES } from '../../server/sync/closeCodes'
import { createTestDocument, paragraphText, projectDocument, rawSocket, startTestWorkspace, storedDoc, waitForDoc, type TestWorkspace } from './testWorkspace'

const TEXT = 'Rate limit.\n'

/** A y-websocket sync-update frame (messageSync 0, messageYjsUpdate 2). */
function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, 2)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/**
 * Issue 14: a connection sending document updates faster than its rate allows is
 * closed with 4430, and what overran the allowance is neither applied, stored nor
 * sent to anyone; what came within it stays. Real sockets, the real server.
 */
describe('document update rate per connection', () => {
  let ws: TestWorkspace

  afterEach(async () => {
    await ws?.dispose()
  })

  it('closes a burst beyond the allowance with 4430, keeping exactly a prefix within it and nothing after', async () => {
    // 20 at once, then one a second: the 200 sent at once overrun within a second.
    ws = await startTestWorkspace({ limits: { updatesPerSecond: 1, updateBurst: 20 } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const reader = ws.connect(id)
    await reader.synced

    // 200 one-character updates, each continuing the last, as a typing client would send them.
    const writer = new Y.Doc()
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(reader.doc))
    const updates: Uint8Array[] = []
    writer.on('update', (update: Uint8Array) => updates.push(update))
    const marks = Array.from({ length: 200 }, (_, i) => String.fromCharCode(0x4e00 + i))
    for (const mark of marks) paragraphText(writer, 0).insert(paragraphText(writer, 0).length, mark)
    expect(updates.length).toBe(200)

    const flooder = rawSocket(ws.syncUrl, id)
    await flooder.opened
    for (const update of updates) flooder.socket.send(updateFrame(update))
    const closed = await flooder.closed
    expect(closed).toEqual({ code: CLOSE_CODES.updateFlood, reason: 'too many document updates' })

    // What the server kept: the text plus the first k marks, for some 20 ≤ k < 200, and nothing later.
    const kept = (doc: Y.Doc) => projectDocument(doc).trimEnd().slice('Rate limit.'.length)
    await ws.restart()
    const stored = storedDoc(ws.dataDir, id)
    const k = kept(stored).length
    expect(k).toBeGreaterThanOrEqual(20)
    expect(k).toBeLessThan(200)
    expect(kept(stored)).toBe(marks.slice(0, k).join(''))
    // A client joining afterwards sees exactly the stored text.
    const joiner = ws.connect(id)
    await joiner.synced
    await waitForDoc(joiner.doc, (doc) => kept(doc).length === k)
    expect(projectDocument(joiner.doc)).toBe(projectDocument(stored))
    stored.destroy()
  })

  it('leaves a client within the rate alone', async () => {
    ws = await startTestWorkspace({ limits: { updatesPerSecond: 1, updateBurst: 20 } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const writer = ws.connect(id)
    const reader = ws.connect(id)
    await Promise.all([writer.synced, reader.synced])
    for (let i = 0; i < 15; i++) paragraphText(writer.doc, 0).insert(0, 'x')
    await waitForDoc(reader.doc, (doc) => projectDocument(doc).startsWith('x'.repeat(15)))
    expect(writer.provider.wsconnected).toBe(true)
  })
})
