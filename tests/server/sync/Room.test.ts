import * as decoding from 'lib0/decoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { StoredUpdate } from '../../../server/persistence/DocumentPersistence'
import type { DocumentStore } from '../../../server/persistence/DocumentStore'
import { clockRanges } from '../../../server/persistence/clockRanges'
import { CommitQueue } from '../../../server/sync/CommitQueue'
import { FOLD_SNAPSHOT_BYTES } from '../../../server/sync/foldThreshold'
import { Room } from '../../../server/sync/Room'
import type { SyncConnection } from '../../../server/sync/SyncConnection'
import { MESSAGE, SYNC_MESSAGE } from '../../../server/sync/protocol'

/** Storage in memory: one snapshot, then the log (one document; the catalogue is not used here). */
class MemoryPersistence implements DocumentStore {
  readonly engine = 'sqlite'
  snapshot: Uint8Array | null = null
  log: Uint8Array[] = []
  /** Every entry stored, as given. */
  entries: StoredUpdate[] = []
  fetches = 0
  read(): Uint8Array | null {
    this.fetches++
    const parts = [...(this.snapshot ? [this.snapshot] : []), ...this.log]
    return parts.length === 0 ? null : Y.mergeUpdates(parts)
  }
  async fetch(): Promise<Uint8Array | null> {
    return this.read()
  }
  async storeMany(entries: readonly StoredUpdate[]): Promise<void> {
    for (const entry of entries) {
      this.log.push(entry.update)
      this.entries.push(entry)
    }
  }
  async logLength(): Promise<number> {
    return this.log.length
  }
  async documentsWithLog(): Promise<string[]> {
    throw new Error('not used by rooms')
  }
  async compact(_id: string, state: Uint8Array): Promise<void> {
    this.snapshot = state
    this.log = []
  }
  readOpening = unused
  createDocument = unused
  listDocuments = unused
  getDocument = unused
  findBySourceHash = unused
  setCharacters = unused
  documentIdTaken = unused
  renameDocument = unused
  trashDocument = unused
  trashedDocument = unused
  listTrashed = unused
  restoreDocument = unused
  purgeTrashed = unused
  setAsideSourceHash = unused
  close = unused
}

function unused(): never {
  throw new Error('not used by these tests')
}

/** A connection that records what it is sent. */
function fakeConnection(): SyncConnection & { sent: Uint8Array[] } {
  const sent: Uint8Array[] = []
  // The commit queue stores each update with its connection's principal (history).
  const principal = { id: 'someone', role: 'editor' }
  const send = (message: Uint8Array) => sent.push(message)
  return { sent, principal, send, sendUpdate: (_update: Uint8Array, message: Uint8Array) => send(message) } as unknown as SyncConnection & { sent: Uint8Array[] }
}

/** The update inside a sync-update frame. */
function updateOf(message: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(message)
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE.sync)
  expect(decoding.readVarUint(decoder)).toBe(SYNC_MESSAGE.update)
  return decoding.readVarUint8Array(decoder)
}

/** An update typing `text` at the end of a fresh client's 't' text. */
function typed(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

function textOf(...updates: Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc.getText('t').toString()
}

/** Makes `persistence` store nothing until the returned function is called. */
function holdStorage(persistence: MemoryPersistence): () => void {
  let release = () => {}
  const stored = new Promise<void>((resolve) => (release = resolve))
  const storeMany = persistence.storeMany.bind(persistence)
  persistence.storeMany = async (entries) => {
    await stored
    return storeMany(entries)
  }
  return release
}

function setup(): { room: Room; queue: CommitQueue; persistence: MemoryPersistence } {
  const persistence = new MemoryPersistence()
  const queue = new CommitQueue(persistence, () => {
    throw new Error('storage failed')
  })
  return { room: new Room('d', persistence, queue, 1000), queue, persistence }
}

describe('Room', () => {
  it('sends the updates of one group commit written by several peers as one message to every peer, its authors included', async () => {
    // Each author gets its own updates back (Yjs ignores them, as with the reference server):
    // cutting them out cost one merge per author (issue #20).
    const { room, queue, persistence } = setup()
    const [a, b, c] = [fakeConnection(), fakeConnection(), fakeConnection()]
    for (const connection of [a, b, c]) room.join(connection)
    room.applyUpdate(typed('x'), { kind: 'connection', connection: a })
    room.applyUpdate(typed('y'), { kind: 'connection', connection: b })
    room.applyUpdate(typed('z'), { kind: 'connection', connection: a })
    await queue.idle()

    expect(persistence.log).toHaveLength(3)
    for (const peer of [a, b, c]) {
      expect(peer.sent).toHaveLength(1)
      expect(textOf(updateOf(peer.sent[0])).split('').sort().join('')).toBe('xyz')
    }
  })

  it('sends nothing to a peer that wrote every update of the batch', async () => {
    const { room, queue } = setup()
    const [a, b] = [fakeConnection(), fakeConnection()]
    room.join(a)
    room.join(b)
    room.applyUpdate(typed('x'), { kind: 'connection', connection: a })
    room.applyUpdate(typed('y'), { kind: 'connection', connection: a })
    await queue.idle()

    expect(a.sent).toHaveLength(0)
    expect(b.sent).toHaveLength(1)
    expect(textOf(updateOf(b.sent[0])).split('').sort().join('')).toBe('xy')
  })

  it('stores each update with the clock ranges its transaction inserted, as clockRanges reads them from it', async () => {
    const { room, queue, persistence } = setup()
    const a = fakeConnection()
    room.join(a)
    const origin = { kind: 'connection' as const, connection: a }
    const one = new Y.Doc()
    const two = new Y.Doc()
    one.getText('t').insert(0, 'abc')
    two.getText('t').insert(0, 'xy')
    // Two clients in one update, then more typing, then a deletion only.
    room.applyUpdate(Y.mergeUpdates([Y.encodeStateAsUpdate(one), Y.encodeStateAsUpdate(two)]), origin)
    const before = Y.encodeStateVector(one)
    one.getText('t').insert(3, 'd')
    room.applyUpdate(Y.encodeStateAsUpdate(one, before), origin)
    const deletion = new Y.Doc()
    Y.applyUpdate(deletion, Y.encodeStateAsUpdate(room.doc))
    let deleted: Uint8Array = new Uint8Array()
    deletion.on('update', (update: Uint8Array) => (deleted = update))
    deletion.getText('t').delete(0, 2)
    room.applyUpdate(deleted, origin)
    await queue.idle()

    expect(persistence.entries).toHaveLength(3)
    for (const entry of persistence.entries) expect(entry.inserted).toEqual(clockRanges(entry.update))
    expect(persistence.entries.map((entry) => entry.inserted?.length)).toEqual([2, 1, 0])
  })

  it('broadcasts nothing before the batch is stored', async () => {
    const { room, queue, persistence } = setup()
    const [a, b] = [fakeConnection(), fakeConnection()]
    room.join(a)
    room.join(b)
    const release = holdStorage(persistence)
    room.applyUpdate(typed('x'), { kind: 'connection', connection: a })
    queue.flush()
    await new Promise((resolve) => setImmediate(resolve))
    expect(b.sent).toHaveLength(0)
    release()
    await queue.idle()
    expect(b.sent).toHaveLength(1)
  })
})

describe('CommitQueue', () => {
  it('sends a batch when it is cut and stores it after, when told to (SQLite with durability commit)', async () => {
    const persistence = new MemoryPersistence()
    const queue = new CommitQueue(persistence, () => {
      throw new Error('storage failed')
    }, undefined, undefined, undefined, 'when-cut')
    const room = new Room('d', persistence, queue, 1000)
    const [a, b] = [fakeConnection(), fakeConnection()]
    room.join(a)
    room.join(b)
    const release = holdStorage(persistence)
    room.applyUpdate(typed('x'), { kind: 'connection', connection: a })
    room.applyUpdate(typed('y'), { kind: 'connection', connection: a })
    queue.flush()
    expect(a.sent).toHaveLength(0)
    expect(b.sent).toHaveLength(1)
    expect(textOf(updateOf(b.sent[0])).split('').sort().join('')).toBe('xy')
    expect(persistence.log).toHaveLength(0)
    release()
    await queue.idle()
    expect(persistence.log.map((update) => textOf(update))).toEqual(['x', 'y'])
    expect(b.sent).toHaveLength(1)
  })

  it('stores what arrives over several turns while a batch is being stored as ONE next batch, in order, broadcast only once stored', async () => {
    const { room, queue, persistence } = setup()
    const [a, b] = [fakeConnection(), fakeConnection()]
    room.join(a)
    room.join(b)
    const batches: string[][] = []
    const releases: (() => void)[] = []
    const storeMany = persistence.storeMany.bind(persistence)
    persistence.storeMany = async (entries) => {
      batches.push(entries.map(({ update }) => textOf(update)))
      await new Promise<void>((resolve) => releases.push(resolve))
      return storeMany(entries)
    }
    const turn = () => new Promise((resolve) => setImmediate(resolve))
    room.applyUpdate(typed('1'), { kind: 'connection', connection: a })
    await turn()
    expect(batches).toEqual([['1']])
    for (const text of ['2', '3', '4']) {
      room.applyUpdate(typed(text), { kind: 'connection', connection: a })
      await turn()
    }
    // The first batch is still being stored: the three wait, uncut, unsent.
    expect(batches).toEqual([['1']])
    expect(b.sent).toHaveLength(0)
    releases[0]()
    await turn()
    expect(batches).toEqual([['1'], ['2', '3', '4']])
    expect(b.sent.map((message) => textOf(updateOf(message)))).toEqual(['1'])
    releases[1]()
    await queue.idle()
    expect(persistence.log.map((update) => textOf(update))).toEqual(['1', '2', '3', '4'])
    expect(b.sent).toHaveLength(2)
    expect(textOf(updateOf(b.sent[1])).split('').sort().join('')).toBe('234')
  })
})

describe('Room before its doc is loaded', () => {
  function opened(...texts: string[]): { room: Room; persistence: MemoryPersistence; source: Y.Doc } {
    const source = new Y.Doc()
    for (const text of texts) source.getText('t').insert(source.getText('t').length, text)
    const { room, persistence } = setupWith(Y.encodeStateAsUpdate(source))
    return { room, persistence, source }
  }
  function setupWith(snapshot: Uint8Array): { room: Room; persistence: MemoryPersistence } {
    const persistence = new MemoryPersistence()
    persistence.snapshot = snapshot
    const queue = new CommitQueue(persistence, () => {
      throw new Error('storage failed')
    })
    return { room: new Room('d', persistence, queue, 1000, null, persistence.read(), persistence.log.length), persistence }
  }

  it('answers a client with nothing from the stored bytes, without loading the doc', () => {
    const { room, persistence } = opened('stored text')
    expect(textOf(room.missingFor(Y.encodeStateVector(new Y.Doc())))).toBe('stored text')
    expect(room.isLoaded).toBe(false)
    expect(persistence.fetches).toBe(1)
  })

  it('cuts what a client lacks from the stored bytes and gives the same state vector as the loaded doc', () => {
    const client = new Y.Doc()
    const source = new Y.Doc()
    source.getText('t').insert(0, 'abc'.repeat(100))
    Y.applyUpdate(client, Y.encodeStateAsUpdate(source))
    source.getText('t').insert(300, 'def')
    const { room } = setupWith(Y.encodeStateAsUpdate(source))

    const missing = room.missingFor(Y.encodeStateVector(client))
    expect(missing.length).toBeLessThan(100)
    Y.applyUpdate(client, missing)
    expect(client.getText('t').toString()).toBe(`${'abc'.repeat(100)}def`)
    const unloaded = room.stateVector()
    expect(room.isLoaded).toBe(false)
    room.load()
    expect(room.isLoaded).toBe(true)
    expect([...unloaded]).toEqual([...room.stateVector()])
  })

  it('ignores an empty update without loading, and loads for the first real one', () => {
    const { room } = opened('stored')
    const other = fakeConnection()
    room.join(other)
    expect(room.applyUpdate(new Uint8Array([0, 0]), { kind: 'server' })).toBe(true)
    expect(room.isLoaded).toBe(false)

    const edit = new Y.Doc()
    Y.applyUpdate(edit, room.missingFor(new Uint8Array([0])))
    const updates: Uint8Array[] = []
    edit.on('update', (update: Uint8Array) => updates.push(update))
    edit.getText('t').insert(6, '!')
    expect(room.applyUpdate(updates[0], { kind: 'server' })).toBe(true)
    expect(room.isLoaded).toBe(true)
    expect(room.doc.getText('t').toString()).toBe('stored!')
  })

  it('loads the doc once the delay after a join has passed', () => {
    vi.useFakeTimers()
    try {
      const { room } = opened('stored')
      room.loadSoon(1000)
      vi.advanceTimersByTime(999)
      expect(room.isLoaded).toBe(false)
      vi.advanceTimersByTime(1)
      expect(room.isLoaded).toBe(true)
      expect(room.doc.getText('t').toString()).toBe('stored')
    } finally {
      vi.useRealTimers()
    }
  })

  it('waits with the load while a joining socket\'s state is being written (issue #20)', () => {
    vi.useFakeTimers()
    try {
      const { room } = opened('stored')
      room.loadSoon(1000)
      const first = room.sendingState()
      const second = room.sendingState()
      vi.advanceTimersByTime(1000)
      expect(room.isLoaded).toBe(false)
      first()
      first() // told twice (written, then the socket closes): counted once
      vi.advanceTimersByTime(1000)
      expect(room.isLoaded).toBe(false)
      second()
      vi.advanceTimersByTime(999)
      expect(room.isLoaded).toBe(false)
      vi.advanceTimersByTime(1)
      expect(room.isLoaded).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })

  it('loads after ten waits even when a state is never written', () => {
    vi.useFakeTimers()
    try {
      const { room } = opened('stored')
      room.sendingState()
      room.loadSoon(1000)
      vi.advanceTimersByTime(10_000)
      expect(room.isLoaded).toBe(false)
      vi.advanceTimersByTime(1000)
      expect(room.isLoaded).toBe(true)
    } finally {
      vi.useRealTimers()
    }
  })
})

describe('Room awareness', () => {
  it('relays the awareness changes of one turn of the event loop as one message to every connection', async () => {
    const { room } = setup()
    const [a, b] = [fakeConnection(), fakeConnection()]
    room.join(a)
    room.join(b)
    const remotes = [new Y.Doc(), new Y.Doc()].map((doc, index) => {
      const awareness = new awarenessProtocol.Awareness(doc)
      awareness.setLocalState({ name: `user ${index}` })
      return awareness
    })
    awarenessProtocol.applyAwarenessUpdate(room.awareness, awarenessProtocol.encodeAwarenessUpdate(remotes[0], [remotes[0].clientID]), a)
    awarenessProtocol.applyAwarenessUpdate(room.awareness, awarenessProtocol.encodeAwarenessUpdate(remotes[1], [remotes[1].clientID]), b)
    expect(a.sent).toHaveLength(0)
    await new Promise((resolve) => setImmediate(resolve))

    for (const connection of [a, b]) {
      expect(connection.sent).toHaveLength(1)
      const decoder = decoding.createDecoder(connection.sent[0])
      expect(decoding.readVarUint(decoder)).toBe(MESSAGE.awareness)
      const listener = new awarenessProtocol.Awareness(new Y.Doc())
      awarenessProtocol.applyAwarenessUpdate(listener, decoding.readVarUint8Array(decoder), null)
      expect(listener.getStates().get(remotes[0].clientID)).toEqual({ name: 'user 0' })
      expect(listener.getStates().get(remotes[1].clientID)).toEqual({ name: 'user 1' })
      listener.destroy()
    }
    for (const remote of remotes) remote.destroy()
    room.destroy()
  })
})

describe('Room fold threshold', () => {
  const EVERY = 5
  /** A stored state of `bytes` bytes give or take Yjs's few bytes of framing (under 64). */
  function storedOf(bytes: number): Uint8Array {
    const source = new Y.Doc()
    source.getText('t').insert(0, 'x'.repeat(bytes - 64))
    return Y.encodeStateAsUpdate(source)
  }
  /** A room over `stored` with `logLength` rows already in the log, and a compactor that folds them all. */
  function opened(stored: Uint8Array | null, logLength = 0): { room: Room; folds: () => number } {
    const persistence = new MemoryPersistence()
    const queue = new CommitQueue(persistence, () => {
      throw new Error('storage failed')
    })
    let folds = 0
    let room: Room | null = null
    const compactor = async (): Promise<number> => {
      folds++
      return room?.unfoldedUpdates ?? 0
    }
    room = new Room('d', persistence, queue, EVERY, null, stored, logLength, compactor)
    return { room, folds: () => folds }
  }
  /** Commits one update at a time until the room asks for a fold; the log length it asked at. */
  async function commitsUntilFold(room: Room, folds: () => number): Promise<number> {
    const before = folds()
    for (let commits = 1; commits <= 1000; commits++) {
      room.committed(1)
      if (folds() > before) {
        const asked = room.unfoldedUpdates
        await Promise.resolve()
        return asked
      }
    }
    throw new Error('no fold after 1,000 commits')
  }

  it('folds a small document every compactAfterUpdates updates, as before', async () => {
    const { room, folds } = opened(storedOf(10_000))
    expect(room.foldThreshold).toBe(EVERY)
    expect(await commitsUntilFold(room, folds)).toBe(EVERY)
    expect(await commitsUntilFold(room, folds)).toBe(EVERY)
    expect(folds()).toBe(2)
  })

  it('folds an empty document every compactAfterUpdates updates', async () => {
    const { room, folds } = opened(null)
    expect(await commitsUntilFold(room, folds)).toBe(EVERY)
  })

  it('lets a larger document log updates in proportion to its size before a fold: four times the bytes, four times the updates', async () => {
    const { room, folds } = opened(storedOf(4 * FOLD_SNAPSHOT_BYTES))
    expect(room.foldThreshold).toBe(4 * EVERY)
    expect(await commitsUntilFold(room, folds)).toBe(4 * EVERY)
    // The compactor folded the log: counting starts again from nothing.
    expect(room.unfoldedUpdates).toBe(0)
    expect(await commitsUntilFold(room, folds)).toBe(4 * EVERY)
    expect(folds()).toBe(2)
  })

  it('counts the rows a restart finds in the log towards the same threshold', async () => {
    const { room, folds } = opened(storedOf(4 * FOLD_SNAPSHOT_BYTES), 3 * EVERY)
    expect(room.foldThreshold).toBe(4 * EVERY)
    for (let i = 0; i < EVERY - 1; i++) room.committed(1)
    expect(folds()).toBe(0)
    room.committed(1)
    expect(folds()).toBe(1)
  })

  it('folds at once a larger document that reopens with a full log', () => {
    const { room, folds } = opened(storedOf(4 * FOLD_SNAPSHOT_BYTES), 4 * EVERY)
    room.committed(1)
    expect(folds()).toBe(1)
  })

  it('compacting inline, sets the threshold from the snapshot it writes', async () => {
    const persistence = new MemoryPersistence()
    const queue = new CommitQueue(persistence, () => {
      throw new Error('storage failed')
    })
    const room = new Room('d', persistence, queue, EVERY, null, storedOf(10_000), 0)
    const grown = new Y.Doc()
    Y.applyUpdate(grown, Y.encodeStateAsUpdate(room.doc))
    // Twice FOLD_SNAPSHOT_BYTES in all, less a little for Yjs's framing.
    grown.getText('t').insert(0, 'y'.repeat(2 * FOLD_SNAPSHOT_BYTES - 10_000 - 128))
    room.applyRemote(Y.encodeStateAsUpdate(grown))
    for (let i = 0; i < EVERY; i++) room.committed(1)
    await queue.afterStored(async () => undefined)
    expect(persistence.snapshot?.byteLength).toBeGreaterThan(2 * FOLD_SNAPSHOT_BYTES - 1024)
    expect(persistence.snapshot?.byteLength).toBeLessThanOrEqual(2 * FOLD_SNAPSHOT_BYTES)
    expect(room.unfoldedUpdates).toBe(0)
    expect(room.foldThreshold).toBe(2 * EVERY)
  })
})
