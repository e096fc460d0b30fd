import pg from 'pg'
import * as Y from 'yjs'
import type { DocumentSummary } from '../../../core/api'
import { MAX_OPENING, openingParagraphs, type OpeningParagraphs } from '../../../doc'
import type { StoredUpdate } from '../DocumentPersistence'
import { PURGED_TABLES, SET_ASIDE_SOURCE_HASH, type DocumentStore } from '../DocumentStore'
import { clockRanges } from '../clockRanges'
import { decodeStoredOpening, encodeStoredOpening } from '../storedOpening'
import { advisoryKey, inPostgresTransaction, PostgresSql } from '../SqlDatabase'
import { migratePostgres } from './postgresMigrations'
import { toSummary, type DocumentRow } from '../../documents/documentRow'
import { toTrashed, type TrashedDocument } from '../../documents/DocumentCatalog'

/** node-postgres sends a Buffer as bytea; a Uint8Array is viewed as one without copying. */
const bytes = (data: Uint8Array): Buffer => Buffer.from(data.buffer, data.byteOffset, data.byteLength)

/**
 * DocumentStore on PostgreSQL (node-postgres pool): the same tables as SQLite in
 * PostgreSQL's dialect (postgresMigrations.ts). Transactions run on one pooled
 * client each; the update log's order comes from one identity sequence, so
 * several server instances can append to the same document. `sql` is the same
 * pool for the stores written over SqlDatabase (history, access).
 */
export class PostgresDocumentStore implements DocumentStore {
  readonly engine = 'postgres'
  readonly sql: PostgresSql
  /** Log folds (`foldLog`) finished so far. */
  folds = 0

  private constructor(private readonly pool: pg.Pool) {
    this.sql = PostgresSql.over(pool)
  }

  /**
   * Connects to `connectionString` (postgres://…) and migrates the database.
   * Rejects when the server cannot be reached or the schema is newer than this code.
   */
  static async open(connectionString: string, options: { maxConnections?: number } = {}): Promise<PostgresDocumentStore> {
    const pool = PostgresSql.pool(connectionString, options.maxConnections ?? 10)
    try {
      const client = await pool.connect()
      try {
        await migratePostgres(client)
      } finally {
        client.release()
      }
    } catch (error) {
      await pool.end()
      throw error
    }
    return new PostgresDocumentStore(pool)
  }

  async fetch(documentId: string): Promise<Uint8Array | null> {
    // One statement, so snapshot and log come from the same snapshot of the database.
    const { rows } = await this.pool.query<{ data: Buffer }>(
      `SELECT data FROM (SELECT state AS data, -1::bigint AS seq FROM snapshots WHERE document_id = $1
         UNION ALL SELECT data, seq FROM updates WHERE document_id = $1) parts ORDER BY seq`,
      [documentId],
    )
    if (rows.length === 0) return null
    return rows.length === 1 ? new Uint8Array(rows[0].data) : Y.mergeUpdates(rows.map((row) => row.data))
  }

  /**
   * One statement, so one round trip and one transaction (one WAL flush) for the
   * whole group commit, however many updates and authorship rows it holds: the
   * rows go as arrays, unnested, and the statement is prepared once per connection.
   * Inserted in the order given (WITH ORDINALITY, ORDER BY), so the log's identity
   * sequence keeps each document's order.
   */
  async storeMany(entries: readonly StoredUpdate[]): Promise<void> {
    if (entries.length === 0) return
    const rows = storedRows(entries)
    await this.pool.query({ name: 'variorum-store-many', text: STORE_MANY, values: rows })
  }

  async logLength(documentId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM updates WHERE document_id = $1', [documentId])
    return rows[0].n
  }

  async documentsWithLog(): Promise<string[]> {
    const { rows } = await this.pool.query<{ document_id: string }>('SELECT document_id FROM updates GROUP BY document_id ORDER BY document_id COLLATE "C"')
    return rows.map((row) => row.document_id)
  }

  /**
   * Folds the log into the snapshot. Other instances append to the same log, and
   * `state` holds only what this one has seen: so the new snapshot is `state`
   * merged with the snapshot and every log row read here, and only the rows read
   * are deleted (a row committed meanwhile stays for the next compaction). One
   * instance at a time per document (an advisory lock held by the transaction).
   * The opening kept beside it is read from that merged state (`opening`, of `state`
   * alone, may lack what other instances wrote).
   */
  async compact(documentId: string, state: Uint8Array, _opening?: OpeningParagraphs): Promise<void> {
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [advisoryKey(`compact:${documentId}`)])
      const snapshot = await client.query<{ state: Buffer }>('SELECT state FROM snapshots WHERE document_id = $1', [documentId])
      const log = await client.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE document_id = $1 ORDER BY seq', [documentId])
      const doc = new Y.Doc()
      try {
        doc.transact(() => {
          if (snapshot.rows[0]) Y.applyUpdate(doc, snapshot.rows[0].state)
          for (const row of log.rows) Y.applyUpdate(doc, row.data)
          Y.applyUpdate(doc, state)
        })
        await this.upsertSnapshot(client, documentId, Y.encodeStateAsUpdate(doc), openingParagraphs(doc, { at: 0, ...MAX_OPENING }))
      } finally {
        doc.destroy()
      }
      await client.query('DELETE FROM updates WHERE document_id = $1 AND seq = ANY($2::bigint[])', [documentId, log.rows.map((row) => row.seq)])
    })
  }

  /**
   * Folds the committed log into the snapshot without the room's state: the
   * snapshot and every log row read, merged, replace the snapshot, and only the
   * rows read are deleted. Everything it reads is committed, so it need not wait
   * for the commit queue (the sync server's compactor on PostgreSQL: commits go on
   * through other pooled connections meanwhile, where `compact`, chained after
   * the queue, held every commit of the instance up for its round trips). One
   * instance at a time per document (the same advisory lock as `compact`).
   * Resolves with the number of log rows folded.
   */
  async foldLog(documentId: string): Promise<number> {
    let folded = 0
    await this.transaction(async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [advisoryKey(`compact:${documentId}`)])
      const snapshot = await client.query<{ state: Buffer }>('SELECT state FROM snapshots WHERE document_id = $1', [documentId])
      const log = await client.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM updates WHERE document_id = $1 ORDER BY seq', [documentId])
      if (log.rows.length === 0) return
      const doc = new Y.Doc()
      try {
        doc.transact(() => {
          if (snapshot.rows[0]) Y.applyUpdate(doc, snapshot.rows[0].state)
          for (const row of log.rows) Y.applyUpdate(doc, row.data)
        })
        await this.upsertSnapshot(client, documentId, Y.encodeStateAsUpdate(doc), openingParagraphs(doc, { at: 0, ...MAX_OPENING }))
      } finally {
        doc.destroy()
      }
      await client.query('DELETE FROM updates WHERE document_id = $1 AND seq = ANY($2::bigint[])', [documentId, log.rows.map((row) => row.seq)])
      folded = log.rows.length
    })
    if (folded > 0) this.folds++
    return folded
  }

  async readOpening(documentId: string): Promise<OpeningParagraphs | null> {
    // One statement: the snapshot's row and the log's emptiness at one point in time.
    const { rows } = await this.pool.query<{ opening: string | null }>(
      'SELECT opening FROM snapshots WHERE document_id = $1 AND NOT EXISTS (SELECT 1 FROM updates WHERE document_id = $1)',
      [documentId],
    )
    return decodeStoredOpening(rows[0]?.opening)
  }

  async createDocument(summary: DocumentSummary, state: Uint8Array, opening?: OpeningParagraphs): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(
        'INSERT INTO documents (id, title, created_at, source_hash, characters, source_encoding, source_format) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [summary.id, summary.title, summary.createdAt, summary.sourceHash, summary.characters, summary.sourceEncoding ?? null, summary.sourceFormat ?? null],
      )
      await this.upsertSnapshot(client, summary.id, state, opening)
    })
  }

  async listDocuments(): Promise<DocumentSummary[]> {
    // COLLATE "C": the byte order SQLite uses, whatever the database's locale.
    const { rows } = await this.pool.query<DocumentRow>('SELECT * FROM documents WHERE trashed_at IS NULL ORDER BY created_at COLLATE "C", id COLLATE "C"')
    return rows.map(toSummary)
  }

  async getDocument(id: string): Promise<DocumentSummary | null> {
    const { rows } = await this.pool.query<DocumentRow>('SELECT * FROM documents WHERE id = $1 AND trashed_at IS NULL', [id])
    return rows[0] ? toSummary(rows[0]) : null
  }

  async documentIdTaken(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM documents WHERE id = $1', [id])
    return (rowCount ?? 0) > 0
  }

  async renameDocument(id: string, title: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE documents SET title = $1 WHERE id = $2 AND trashed_at IS NULL', [title, id])
    return (rowCount ?? 0) > 0
  }

  async purgeTrashed(trashedBefore: Date): Promise<string[]> {
    let ids: string[] = []
    await this.transaction(async (client) => {
      const { rows } = await client.query<{ id: string }>(
        'SELECT id FROM documents WHERE trashed_at IS NOT NULL AND trashed_at COLLATE "C" < $1 ORDER BY id COLLATE "C" FOR UPDATE',
        [trashedBefore.toISOString()],
      )
      ids = rows.map((row) => row.id)
      if (ids.length === 0) return
      for (const table of PURGED_TABLES) await client.query(`DELETE FROM ${table} WHERE document_id = ANY($1)`, [ids])
      await client.query('DELETE FROM documents WHERE id = ANY($1)', [ids])
    })
    return ids
  }

  async setAsideSourceHash(id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(SET_ASIDE_SOURCE_HASH, [id])
    return (rowCount ?? 0) > 0
  }

  async trashDocument(id: string, by: string, now: Date): Promise<boolean> {
    const { rowCount } = await this.pool.query('UPDATE documents SET trashed_at = $1, trashed_by = $2 WHERE id = $3 AND trashed_at IS NULL', [now.toISOString(), by, id])
    return (rowCount ?? 0) > 0
  }

  async trashedDocument(id: string): Promise<TrashedDocument | null> {
    const { rows } = await this.pool.query<TrashedRow>('SELECT * FROM documents WHERE id = $1 AND trashed_at IS NOT NULL', [id])
    return rows[0] ? toTrashed(rows[0]) : null
  }

  async listTrashed(): Promise<TrashedDocument[]> {
    const { rows } = await this.pool.query<TrashedRow>('SELECT * FROM documents WHERE trashed_at IS NOT NULL ORDER BY trashed_at COLLATE "C" DESC, id COLLATE "C"')
    return rows.map(toTrashed)
  }

  async restoreDocument(id: string, now: Date): Promise<'restored' | 'expired' | 'not-trashed'> {
    const found = await this.trashedDocument(id)
    if (!found) return 'not-trashed'
    if (now.toISOString() > found.restorableUntil) return 'expired'
    await this.pool.query('UPDATE documents SET trashed_at = NULL, trashed_by = NULL WHERE id = $1', [id])
    return 'restored'
  }

  async findBySourceHash(sourceHash: string): Promise<DocumentSummary | null> {
    const { rows } = await this.pool.query<DocumentRow>('SELECT * FROM documents WHERE source_hash = $1', [sourceHash])
    return rows[0] ? toSummary(rows[0]) : null
  }

  async setCharacters(id: string, characters: number): Promise<void> {
    await this.pool.query('UPDATE documents SET characters = $1 WHERE id = $2', [characters, id])
  }

  async close(): Promise<void> {
    await this.pool.end()
  }

  /** Writes the snapshot with the opening paragraphs of `state` (storedOpening.ts; none: NULL, so no older one outlives it). */
  private async upsertSnapshot(client: pg.PoolClient, documentId: string, state: Uint8Array, opening?: OpeningParagraphs): Promise<void> {
    await client.query(
      `INSERT INTO snapshots (document_id, state, opening, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (document_id) DO UPDATE SET state = excluded.state, opening = excluded.opening, updated_at = excluded.updated_at`,
      [documentId, bytes(state), encodeStoredOpening(opening), new Date().toISOString()],
    )
  }

  /** Runs `fn` in one transaction on one pooled client: committed when it resolves, rolled back when it throws. */
  private transaction(fn: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    return inPostgresTransaction(this.pool, fn)
  }
}

type TrashedRow = DocumentRow & { trashed_at: string; trashed_by: string | null }

/**
 * storeMany's statement: the updates ($1–$5, one array per column) and their
 * authorship rows ($6–$12) inserted by one statement, atomic on its own.
 */
const STORE_MANY = `
  WITH logged AS (
    INSERT INTO updates (document_id, data, principal_id, principal_name, created_at)
    SELECT document_id, data, principal_id, principal_name, created_at
    FROM unnest($1::text[], $2::bytea[], $3::text[], $4::text[], $5::bigint[])
      WITH ORDINALITY AS given (document_id, data, principal_id, principal_name, created_at, position)
    ORDER BY position
    RETURNING 1
  ), authored AS (
    INSERT INTO authorship (document_id, client_id, clock_start, clock_end, principal_id, principal_name, created_at)
    SELECT * FROM unnest($6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::text[], $11::text[], $12::bigint[])
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM logged) AS updates, (SELECT count(*) FROM authored) AS authorship`

/**
 * STORE_MANY's twelve arrays: one row per update, and its authorship rows as
 * SqlitePersistence.insert writes them (one per clock range it inserts, or one
 * without a range for an update that only deletes; none without an author).
 */
function storedRows(entries: readonly StoredUpdate[]): unknown[][] {
  const updates: unknown[][] = [[], [], [], [], []]
  const authorship: unknown[][] = [[], [], [], [], [], [], []]
  const now = Date.now()
  for (const { documentId, update, author, at = now, inserted } of entries) {
    updates[0].push(documentId)
    updates[1].push(bytes(update))
    updates[2].push(author?.id ?? null)
    updates[3].push(author?.name ?? null)
    updates[4].push(at)
    if (!author) continue
    const ranges = inserted ?? clockRanges(update)
    for (const range of ranges.length === 0 ? [{ client: null, start: null, end: null }] : ranges) {
      authorship[0].push(documentId)
      authorship[1].push(range.client)
      authorship[2].push(range.start)
      authorship[3].push(range.end)
      authorship[4].push(author.id)
      authorship[5].push(author.name)
      authorship[6].push(at)
    }
  }
  return [...updates, ...authorship]
}
