import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import type { IndexeddbPersistence } from 'y-indexeddb'
import * as Y from 'yjs'
import { storeReceivedUpdatesAsReceived, type WriteLater } from '../../../client/sync/storeReceivedUpdates'
import { createAnnotation, fragmentOf, FragmentText, annotationsMap } from '../../../doc'
import { createTestDocument, projectDocument, startTestWorkspace, waitForDoc, type TestWorkspace } from '../../integration/testWorkspace'

/** What y-indexeddb's update listener was handed: the local copy's rows. */
function recordingCopy(): { copy: IndexeddbPersistence; stored: { update: Uint8Array; origin: unknown }[] } {
  const stored: { update: Uint8Array; origin: unknown }[] = []
  const copy = { _storeUpdate: (update: Uint8Array, origin: unknown) => stored.push({ update, origin }) } as unknown as IndexeddbPersistence
  return { copy, stored }
}

/**
 * A new doc joining `id` through a stock provider, its updates recorded as y-indexeddb's
 * listener would store them; `asReceived`: with storeReceivedUpdatesAsReceived installed,
 * its first write to the copy made by `later` (at once unless given).
 */
function joinRecording(ws: TestWorkspace, id: string, asReceived: boolean, later: WriteLater = (write) => write()) {
  const doc = new Y.Doc()
  const { copy, stored } = recordingCopy()
  doc.on('update', copy._storeUpdate)
  const provider = new WebsocketProvider(ws.syncUrl, id, doc, { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true })
  const stop = asReceived ? storeReceivedUpdatesAsReceived(provider, () => copy, later) : () => {}
  const synced = new Promise<void>((resolve) => provider.once('sync', () => resolve()))
  return {
    doc,
    stored,
    provider,
    synced,
    leave() {
      stop()
      provider.destroy()
    },
  }
}

describe('storeReceivedUpdatesAsReceived', () => {
  let ws: TestWorkspace
  let id: string

  beforeEach(async () => {
    ws = await startTestWorkspace()
    id = await createTestDocument(ws.workspace.url, 'First paragraph.\n\nSecond paragraph.\n', 'Stored as received')
    const writer = ws.connect(id)
    await writer.synced
    for (let i = 0; i < 20; i++) createAnnotation(writer.doc, { type: 'note', author: 'Ana', start: i, end: i + 3, comment: `note ${i}` })
    await waitForDoc(writer.doc, () => true)
    writer.destroy()
  })
  afterEach(async () => {
    await ws.dispose()
  })

  it('stores the server state as received and rebuilds the same document from it', async () => {
    const { doc, stored, provider, synced, leave } = joinRecording(ws, id, true)
    try {
      await synced
      expect(annotationsMap(doc).size).toBe(20)
      // One row, the bytes of sync step 2, with the provider as origin (y-indexeddb's own rows for server updates).
      expect(stored).toHaveLength(1)
      expect(stored[0].origin).toBe(provider)
      const replayed = new Y.Doc()
      Y.applyUpdate(replayed, stored[0].update)
      expect(replayed.getMap('annotations').toJSON()).toEqual(doc.getMap('annotations').toJSON())
      expect(projectDocument(replayed)).toBe(projectDocument(doc))
    } finally {
      leave()
    }
  })

  it('still sends and stores what an observer writes while the server state is applied', async () => {
    const { doc, stored, provider, synced, leave } = joinRecording(ws, id, true)
    // On the first sight of the annotations, this client writes one of its own in a new transaction.
    let wrote = false
    annotationsMap(doc).observe(() => {
      if (wrote) return
      wrote = true
      doc.transact(() => createAnnotation(doc, { type: 'typo', author: 'Observer', start: 20, end: 26, id: 'observer-note' }, new FragmentText(fragmentOf(doc))))
    })
    try {
      await synced
      expect(wrote).toBe(true)
      // The observer's transaction was encoded for the listeners as usual: stored as a row
      // of its own, after the server's bytes it builds on.
      expect(stored).toHaveLength(2)
      expect(stored[0].origin).toBe(provider)
      expect(stored[1].origin).toBe(null)
      const observerRow = new Y.Doc()
      Y.applyUpdate(observerRow, stored[0].update)
      Y.applyUpdate(observerRow, stored[1].update)
      expect(observerRow.getMap('annotations').has('observer-note')).toBe(true)
      // And sent to the server: a second client sees it.
      const witness = ws.connect(id)
      await waitForDoc(witness.doc, (d) => annotationsMap(d).has('observer-note'))
      expect(annotationsMap(witness.doc).size).toBe(21)
      witness.destroy()
    } finally {
      leave()
    }
  })

  it('makes the first write later, then writes what came meanwhile after it, in order', async () => {
    const scheduled: (() => void)[] = []
    const { doc, stored, provider, synced, leave } = joinRecording(ws, id, true, (write) => scheduled.push(write))
    try {
      await synced
      expect(annotationsMap(doc).size).toBe(20)
      expect(scheduled).toHaveLength(1)
      expect(stored).toHaveLength(0)
      // Typing while the first write waits: queued behind it, not stored before it.
      createAnnotation(doc, { type: 'note', author: 'Typist', start: 0, end: 5, id: 'typed-meanwhile' })
      expect(stored).toHaveLength(0)
      scheduled[0]()
      expect(stored.map((row) => row.origin)).toEqual([provider, null])
      const replayed = new Y.Doc()
      for (const row of stored) Y.applyUpdate(replayed, row.update)
      expect(replayed.getMap('annotations').toJSON()).toEqual(doc.getMap('annotations').toJSON())
      expect(annotationsMap(replayed).has('typed-meanwhile')).toBe(true)
      expect(projectDocument(replayed)).toBe(projectDocument(doc))
      // From then on each transaction is stored as it happens.
      createAnnotation(doc, { type: 'note', author: 'Typist', start: 6, end: 9, id: 'typed-after' })
      expect(stored).toHaveLength(3)
      Y.applyUpdate(replayed, stored[2].update)
      expect(annotationsMap(replayed).has('typed-after')).toBe(true)
    } finally {
      leave()
    }
  })

  it('writes the waiting rows at once when the session stops, and only once', async () => {
    const scheduled: (() => void)[] = []
    const { doc, stored, provider, synced, leave } = joinRecording(ws, id, true, (write) => scheduled.push(write))
    await synced
    createAnnotation(doc, { type: 'note', author: 'Typist', start: 0, end: 5, id: 'typed-meanwhile' })
    expect(stored).toHaveLength(0)
    leave()
    expect(stored.map((row) => row.origin)).toEqual([provider, null])
    scheduled[0]()
    expect(stored).toHaveLength(2)
    const replayed = new Y.Doc()
    for (const row of stored) Y.applyUpdate(replayed, row.update)
    expect(replayed.getMap('annotations').toJSON()).toEqual(doc.getMap('annotations').toJSON())
  })

  it('leaves updates of other providers on the stock path', async () => {
    const { doc, stored, provider, synced, leave } = joinRecording(ws, id, false)
    try {
      await synced
      // Re-encoded by Yjs for the listener: the same content, origin the provider.
      expect(stored).toHaveLength(1)
      expect(stored[0].origin).toBe(provider)
      expect(annotationsMap(doc).size).toBe(20)
    } finally {
      leave()
    }
  })
})
