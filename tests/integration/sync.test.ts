import Database from 'better-sqlite3'
import { join } from 'node:path'
import * as encoding from 'lib0/encoding'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { DATABASE_FILE } from '../../server/persistence/openDatabase'
import { SqlitePersistence } from '../../server/persistence/SqlitePersistence'
import { CLOSE_CODES } from '../../server/sync/closeCodes'
import {
  closeOpenMode,
  principalWithRole,
  createTestDocument,
  paragraphText,
  projectDocument,
  rawSocket,
  startTestWorkspace,
  waitForConvergence,
  waitForDoc,
  type TestWorkspace,
} from './testWorkspace'

const TEXT = 'First paragraph.\n\nSecond paragraph.\nThird paragraph.\n'

/** A y-websocket sync-update frame carrying `update` as is. */
function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, 2)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** What is durably stored for `id`, read through a second connection to the database file. */
function storedProjection(dataDir: string, id: string): string {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true })
  try {
    const doc = new Y.Doc()
    const state = new SqlitePersistence(db).fetch(id)
    if (state) Y.applyUpdate(doc, state)
    return projectDocument(doc)
  } finally {
    db.close()
  }
}

describe('sync server', () => {
  let ws: TestWorkspace
  let id: string

  beforeEach(async () => {
    ws = await startTestWorkspace({ limits: { maxFrameBytes: 64 * 1024 } })
    id = await createTestDocument(ws.workspace.url, TEXT, 'Sync test')
  })
  afterEach(async () => {
    await ws.dispose()
  })

  it('gives a new client the document the server seeded, paragraph by paragraph', async () => {
    const a = ws.connect(id)
    await a.synced
    expect(projectDocument(a.doc)).toBe('First paragraph.\n\nSecond paragraph.\n\nThird paragraph.')
    expect(a.doc.getMap('meta').get('title')).toBe('Sync test')
  })

  it('converges two stock y-websocket clients editing concurrently', async () => {
    const a = ws.connect(id)
    const b = ws.connect(id)
    await Promise.all([a.synced, b.synced])
    // Both edit before either hears of the other's edit.
    paragraphText(a.doc, 0).insert(0, 'A:')
    paragraphText(b.doc, 0).insert(0, 'B:')
    paragraphText(b.doc, 2).delete(0, 6)
    await waitForConvergence([a.doc, b.doc])
    await waitForDoc(a.doc, (doc) => projectDocument(doc).includes('B:'))
    const text = projectDocument(a.doc)
    expect(text).toMatch(/^(A:B:|B:A:)First paragraph\.\n\nSecond paragraph\.\n\nparagraph\.$/)
    expect(projectDocument(b.doc)).toBe(text)
  })

  // Durability commit on SQLite sends a batch when it is cut and commits it in the same
  // turn of the event loop (CommitQueue, BroadcastOrder 'when-cut'): stored before any
  // socket is read again, so before this process's other client can receive it.
  it('has stored an update by the time another client receives it', async () => {
    const a = ws.connect(id)
    const b = ws.connect(id)
    await Promise.all([a.synced, b.synced])
    paragraphText(a.doc, 1).insert(0, 'durable ')
    await waitForDoc(b.doc, (doc) => projectDocument(doc).includes('durable'))
    // b has it, so it is already in the database file, read by another connection.
    expect(storedProjection(ws.dataDir, id)).toContain('durable Second paragraph.')
  })

  it('sends the whole document to a client joining later', async () => {
    const a = ws.connect(id)
    const b = ws.connect(id)
    await Promise.all([a.synced, b.synced])
    paragraphText(a.doc, 0).insert(0, 'one ')
    paragraphText(b.doc, 1).insert(0, 'two ')
    await waitForConvergence([a.doc, b.doc])
    await waitForDoc(a.doc, (doc) => projectDocument(doc).includes('two '))
    const c = ws.connect(id)
    await c.synced
    await waitForDoc(c.doc, (doc) => projectDocument(doc) === projectDocument(a.doc))
    expect(projectDocument(c.doc)).toBe('one First paragraph.\n\ntwo Second paragraph.\n\nThird paragraph.')
  })

  it('keeps every edit across a server restart', async () => {
    const a = ws.connect(id)
    const b = ws.connect(id)
    await Promise.all([a.synced, b.synced])
    paragraphText(a.doc, 0).insert(16, ' Edited by a.')
    paragraphText(b.doc, 2).insert(0, 'b says: ')
    await waitForDoc(a.doc, (doc) => projectDocument(doc).includes('b says'))
    await waitForDoc(b.doc, (doc) => projectDocument(doc).includes('Edited by a'))
    a.destroy()
    b.destroy()
    await ws.restart()
    const c = ws.connect(id)
    await c.synced
    expect(projectDocument(c.doc)).toBe('First paragraph. Edited by a.\n\nSecond paragraph.\n\nb says: Third paragraph.')
    const response = await fetch(`${ws.workspace.url}/api/documents/${id}/text`)
    expect(await response.text()).toBe(projectDocument(c.doc))
  })

  it('closes a connection sending garbage with 4400 and keeps the others syncing', async () => {
    const a = ws.connect(id)
    const b = ws.connect(id)
    await Promise.all([a.synced, b.synced])
    const raw = rawSocket(ws.syncUrl, id)
    await raw.opened
    raw.socket.send(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff))
    expect((await raw.closed).code).toBe(CLOSE_CODES.malformedMessage)

    const unknownType = rawSocket(ws.syncUrl, id)
    await unknownType.opened
    unknownType.socket.send(Uint8Array.of(42, 1, 2, 3))
    expect((await unknownType.closed).code).toBe(CLOSE_CODES.malformedMessage)

    paragraphText(a.doc, 0).insert(0, 'still ')
    await waitForDoc(b.doc, (doc) => projectDocument(doc).startsWith('still '))
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)
  })

  it('closes a connection sending an update Yjs cannot decode with 4400 and stores nothing of it', async () => {
    const a = ws.connect(id)
    await a.synced
    const evil = new Y.Doc()
    Y.applyUpdate(evil, Y.encodeStateAsUpdate(a.doc))
    const before = Y.encodeStateVector(evil)
    paragraphText(evil, 0).insert(0, 'EVIL '.repeat(20))
    const update = Y.encodeStateAsUpdate(evil, before)
    const raw = rawSocket(ws.syncUrl, id)
    await raw.opened
    raw.socket.send(updateFrame(update.subarray(0, update.length - 10)))
    expect((await raw.closed).code).toBe(CLOSE_CODES.malformedMessage)

    paragraphText(a.doc, 1).insert(0, 'fine ')
    const b = ws.connect(id)
    await b.synced
    await waitForDoc(b.doc, (doc) => projectDocument(doc).includes('fine '))
    expect(projectDocument(b.doc)).not.toContain('EVIL')
    expect(storedProjection(ws.dataDir, id)).not.toContain('EVIL')
  })

  it('closes a connection sending an oversized frame with 4413 and keeps the others syncing', async () => {
    const a = ws.connect(id)
    const b = ws.connect(id)
    await Promise.all([a.synced, b.synced])
    const raw = rawSocket(ws.syncUrl, id)
    await raw.opened
    raw.socket.send(new Uint8Array(100 * 1024))
    expect((await raw.closed).code).toBe(CLOSE_CODES.frameTooLarge)

    paragraphText(b.doc, 2).insert(0, 'after ')
    await waitForDoc(a.doc, (doc) => projectDocument(doc).includes('after Third'))
    expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true)
  })

  it('closes a connection to an unknown document with 4404', async () => {
    const raw = rawSocket(ws.syncUrl, 'no-such-document')
    expect((await raw.closed).code).toBe(CLOSE_CODES.unknownDocument)
  })

  it('relays awareness between clients', async () => {
    const a = ws.connect(id, { user: 'alice' })
    const b = ws.connect(id, { user: 'bob' })
    await Promise.all([a.synced, b.synced])
    a.provider.awareness.setLocalStateField('user', { name: 'Alice' })
    await new Promise<void>((resolve) => {
      const check = () => {
        const state = b.provider.awareness.getStates().get(a.doc.clientID) as { user?: { name: string } } | undefined
        if (state?.user?.name !== 'Alice') return
        b.provider.awareness.off('change', check)
        resolve()
      }
      b.provider.awareness.on('change', check)
      check()
    })
  })
})

describe('sync server with durability fsync', () => {
  let ws: TestWorkspace

  afterEach(async () => {
    await ws.dispose()
  })

  // The fsync runs in the thread pool (persistence/walSync.ts); the broadcast still waits for the commit.
  it('stores an update before any other client receives it, and keeps it across a restart', async () => {
    ws = await startTestWorkspace({ durability: 'fsync' })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const a = ws.connect(id)
    const b = ws.connect(id)
    await Promise.all([a.synced, b.synced])
    for (const word of ['one ', 'two ', 'three ']) paragraphText(a.doc, 1).insert(0, word)
    await waitForDoc(b.doc, (doc) => projectDocument(doc).includes('three two one '))
    expect(storedProjection(ws.dataDir, id)).toContain('three two one Second paragraph.')
    a.destroy()
    b.destroy()
    await ws.restart()
    const c = ws.connect(id)
    await c.synced
    expect(projectDocument(c.doc)).toBe('First paragraph.\n\nthree two one Second paragraph.\n\nThird paragraph.')
  })
})

describe('sync server roles', () => {
  let ws: TestWorkspace

  afterEach(async () => {
    await ws.dispose()
  })

  it('lets a viewer read but closes it with 4403 when it writes, storing nothing', async () => {
    ws = await startTestWorkspace()
    const id = await createTestDocument(ws.workspace.url, TEXT)
    await closeOpenMode(ws)
    const editor = ws.connect(id, { token: (await principalWithRole(ws, 'editor', id)).token })
    const viewer = ws.connect(id, { token: (await principalWithRole(ws, 'viewer', id)).token })
    await Promise.all([editor.synced, viewer.synced])
    paragraphText(editor.doc, 0).insert(0, 'seen ')
    await waitForDoc(viewer.doc, (doc) => projectDocument(doc).startsWith('seen '))

    const closed = new Promise<number>((resolve) => viewer.provider.once('closed', ({ code }) => resolve(code)))
    paragraphText(viewer.doc, 1).insert(0, 'FORBIDDEN ')
    expect(await closed).toBe(CLOSE_CODES.forbidden)
    paragraphText(editor.doc, 2).insert(0, 'later ')
    const witness = ws.connect(id, { token: (await principalWithRole(ws, 'viewer', id, 'witness')).token })
    await witness.synced
    await waitForDoc(witness.doc, (doc) => projectDocument(doc).includes('later '))
    expect(projectDocument(witness.doc)).not.toContain('FORBIDDEN')
    expect(storedProjection(ws.dataDir, id)).not.toContain('FORBIDDEN')
  })
})

describe('sync server keep-alive', () => {
  let ws: TestWorkspace

  afterEach(async () => {
    await ws.dispose()
  })

  it('drops a connection that stops answering pings and keeps the live ones', async () => {
    ws = await startTestWorkspace({ keepAliveMs: 50 })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const live = ws.connect(id)
    await live.synced
    const dead = new WebSocket(`${ws.syncUrl}/${id}`, { autoPong: false })
    const closed = new Promise<number>((resolve) => dead.once('close', (code) => resolve(code)))
    // 1006: the server cut the TCP connection without a closing handshake.
    expect(await closed).toBe(1006)
    expect(live.provider.wsconnected).toBe(true)
    const other = ws.connect(id)
    await other.synced
    paragraphText(other.doc, 0).insert(0, 'alive ')
    await waitForDoc(live.doc, (doc) => projectDocument(doc).startsWith('alive '))
  })
})

describe('sync server compaction', () => {
  let ws: TestWorkspace

  afterEach(async () => {
    await ws.dispose()
  })

  it('folds the update log into a snapshot and keeps the document identical', async () => {
    ws = await startTestWorkspace({ compactAfterUpdates: 5 })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const a = ws.connect(id)
    const b = ws.connect(id)
    await Promise.all([a.synced, b.synced])
    for (let i = 0; i < 23; i++) {
      paragraphText(a.doc, i % 3).insert(0, `${i} `)
      // One update per round trip, so the log really grows by one each time.
      await waitForDoc(b.doc, (doc) => projectDocument(doc).includes(`${i} `))
    }
    const expected = JSON.stringify(a.doc.getXmlFragment('prosemirror').toJSON())
    const logLength = () => {
      const db = new Database(join(ws.dataDir, DATABASE_FILE), { readonly: true })
      try {
        return new SqlitePersistence(db).logLength(id)
      } finally {
        db.close()
      }
    }
    // Folded in the compactor's worker thread, so it lands a moment after the commit.
    await expect.poll(logLength, { timeout: 10_000 }).toBeLessThan(5)
    expect(ws.workspace.compactions()).toBeGreaterThan(0)
    expect(storedProjection(ws.dataDir, id)).toBe(projectDocument(a.doc))
    a.destroy()
    b.destroy()
    await ws.restart()
    const c = ws.connect(id)
    await c.synced
    expect(JSON.stringify(c.doc.getXmlFragment('prosemirror').toJSON())).toBe(expected)
  })
})
