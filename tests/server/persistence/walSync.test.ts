import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DocumentCatalog } from '../../../server/documents/DocumentCatalog'
import { DATABASE_FILE, openDatabase } from '../../../server/persistence/openDatabase'
import { SqliteDocumentStore } from '../../../server/persistence/SqliteDocumentStore'
import { SqlitePersistence } from '../../../server/persistence/SqlitePersistence'
import { openWalSync, type WalSync } from '../../../server/persistence/walSync'

/** A WalSync whose syncs resolve or fail when the test says, counting them. */
function heldWalSync(): WalSync & { calls: number; release(error?: Error): void } {
  let finish: ((error?: Error) => void) | null = null
  const held = {
    calls: 0,
    sync: () =>
      new Promise<void>((resolve, reject) => {
        held.calls++
        finish = (error) => (error ? reject(error) : resolve())
      }),
    release(error?: Error) {
      finish?.(error)
    },
    close() {},
  }
  return held
}

function typed(word: string): Uint8Array {
  const doc = new Y.Doc()
  let update: Uint8Array = new Uint8Array()
  doc.on('update', (u: Uint8Array) => (update = u))
  doc.getText('t').insert(0, word)
  return update
}

const textOf = (state: Uint8Array | null): string => {
  const doc = new Y.Doc()
  if (state) Y.applyUpdate(doc, state)
  return doc.getText('t').toString()
}

describe('SqliteDocumentStore with durability fsync', () => {
  let dir: string
  let db: Database.Database

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'variorum-walsync-'))
    db = openDatabase(dir, 'fsync')
    new DocumentCatalog(db).insert({ id: 'd', title: 'D', createdAt: '2025-01-01T00:00:00.000Z', sourceHash: 'h', characters: 0 })
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('resolves storeMany only once the WAL is synced, the rows committed meanwhile and the connection FULL again', async () => {
    const walSync = heldWalSync()
    const store = new SqliteDocumentStore(db, walSync)
    let stored = false
    const storing = store.storeMany([{ documentId: 'd', update: typed('held') }]).then(() => (stored = true))
    await new Promise((resolve) => setImmediate(resolve))
    expect(walSync.calls).toBe(1)
    expect(stored).toBe(false)
    // Committed (another connection reads it) though not yet reported stored.
    const reader = new Database(join(dir, DATABASE_FILE), { readonly: true })
    expect(textOf(new SqlitePersistence(reader).fetch('d'))).toBe('held')
    reader.close()
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    walSync.release()
    await storing
    expect(stored).toBe(true)
  })

  it('commits the updates at synchronous NORMAL (the WAL sync is their fsync) and leaves the connection FULL', async () => {
    // Regression (issue #20): SQLite applies `PRAGMA synchronous = X` when the statement
    // is prepared; preparing NORMAL and FULL up front left the connection FULL for good,
    // so every update commit fsynced on the event loop before the WAL sync ran.
    const store = new SqliteDocumentStore(db, heldWalSync())
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
    expect(store.persistence.unsynced(() => db.pragma('synchronous', { simple: true }))).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(2)
  })

  it('rejects storeMany when the WAL sync fails', async () => {
    const walSync = heldWalSync()
    const store = new SqliteDocumentStore(db, walSync)
    const storing = store.storeMany([{ documentId: 'd', update: typed('lost') }])
    await new Promise((resolve) => setImmediate(resolve))
    walSync.release(new Error('EIO'))
    await expect(storing).rejects.toThrow('EIO')
  })

  it('syncs nothing for an empty batch', async () => {
    const walSync = heldWalSync()
    await new SqliteDocumentStore(db, walSync).storeMany([])
    expect(walSync.calls).toBe(0)
  })
})

describe('openWalSync', () => {
  let dir: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'variorum-walsync-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('is null when the database has no WAL file', () => {
    expect(openWalSync(join(dir, DATABASE_FILE))).toBeNull()
  })

  it('syncs the WAL of an open database, and refuses once closed', async () => {
    const db = openDatabase(dir, 'fsync')
    try {
      const walSync = openWalSync(join(dir, DATABASE_FILE))
      expect(walSync).not.toBeNull()
      await expect(walSync!.sync()).resolves.toBeUndefined()
      walSync!.close()
      await expect(walSync!.sync()).rejects.toThrow('closed')
    } finally {
      db.close()
    }
  })
})
