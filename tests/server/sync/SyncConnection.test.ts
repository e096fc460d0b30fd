import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import type { WebSocket } from 'ws'
import * as Y from 'yjs'
import type { StoredUpdate } from '../../../server/persistence/DocumentPersistence'
import type { DocumentStore } from '../../../server/persistence/DocumentStore'
import { CommitQueue } from '../../../server/sync/CommitQueue'
import { MESSAGE, SYNC_MESSAGE } from '../../../server/sync/protocol'
import { Room } from '../../../server/sync/Room'
import { SyncConnection } from '../../../server/sync/SyncConnection'

/** Storage holding one snapshot with `text` in the 't' text. */
function storageWith(text: string): DocumentStore & { log: Uint8Array[] } {
  const doc = new Y.Doc()
  doc.getText('t').insert(0, text)
  const log: Uint8Array[] = [Y.encodeStateAsUpdate(doc)]
  const unused = (): never => {
    throw new Error('not used by these tests')
  }
  return {
    engine: 'sqlite',
    log,
    fetch: async () => Y.mergeUpdates(log),
    storeMany: async (entries: readonly StoredUpdate[]) => entries.forEach(({ update }) => log.push(update)),
    logLength: async () => 0,
    documentsWithLog: async () => [],
    compact: async () => {},
    readOpening: unused,
    createDocument: unused,
    listDocuments: unused,
    getDocument: unused,
    findBySourceHash: unused,
    setCharacters: unused,
    documentIdTaken: unused,
    renameDocument: unused,
    trashDocument: unused,
    trashedDocument: unused,
    listTrashed: unused,
    restoreDocument: unused,
    purgeTrashed: unused,
    setAsideSourceHash: unused,
    close: unused,
  }
}

/** A socket that is open and records what is sent, reporting each write done at once. */
function fakeSocket(): WebSocket & { sent: Uint8Array[] } {
  const sent: Uint8Array[] = []
  return {
    sent,
    OPEN: 1,
    readyState: 1,
    bufferedAmount: 0,
    send: (message: Uint8Array, cb?: (error?: Error) => void) => {
      sent.push(message)
      cb?.()
    },
  } as unknown as WebSocket & { sent: Uint8Array[] }
}

function step1Frame(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.sync)
  encoding.writeVarUint(encoder, SYNC_MESSAGE.step1)
  encoding.writeVarUint8Array(encoder, stateVector)
  return encoding.toUint8Array(encoder)
}

/** [sync message type, payload] of a sync frame. */
function syncMessage(frame: Uint8Array): [number, Uint8Array] {
  const decoder = decoding.createDecoder(frame)
  expect(decoding.readVarUint(decoder)).toBe(MESSAGE.sync)
  return [decoding.readVarUint(decoder), decoding.readVarUint8Array(decoder)]
}

function joined(): { room: Room; socket: WebSocket & { sent: Uint8Array[] }; connection: SyncConnection } {
  const persistence = storageWith('stored text')
  const queue = new CommitQueue(persistence, () => {})
  const room = new Room('d', persistence, queue, 1000, null, Y.mergeUpdates(persistence.log), 0)
  const socket = fakeSocket()
  const connection = new SyncConnection(socket, room, { id: 'p', role: 'editor' } as never, queue, () => {}, 1 << 20)
  room.join(connection)
  connection.start()
  return { room, socket, connection }
}

describe('SyncConnection joining a room whose doc is not loaded', () => {
  it('answers a client with nothing by the stored state alone: no step 1 of ours, no load', () => {
    const { room, socket, connection } = joined()
    expect(socket.sent).toHaveLength(0)
    connection.receive(step1Frame(Y.encodeStateVector(new Y.Doc())))

    expect(socket.sent).toHaveLength(1)
    const [type, update] = syncMessage(socket.sent[0])
    expect(type).toBe(SYNC_MESSAGE.step2)
    const client = new Y.Doc()
    Y.applyUpdate(client, update)
    expect(client.getText('t').toString()).toBe('stored text')
    expect(room.isLoaded).toBe(false)
    room.destroy()
  })

  it('sends our step 1 after step 2 to a client that has state, so it sends what it made offline', () => {
    const { room, socket, connection } = joined()
    const client = new Y.Doc()
    client.getText('t').insert(0, 'offline ')
    connection.receive(step1Frame(Y.encodeStateVector(client)))

    expect(socket.sent.map((frame) => syncMessage(frame)[0])).toEqual([SYNC_MESSAGE.step2, SYNC_MESSAGE.step1])
    const sent = syncMessage(socket.sent[1])[1]
    expect(room.isLoaded).toBe(false)
    expect([...sent]).toEqual([...Y.encodeStateVector(room.load())])
    room.destroy()
  })
})
