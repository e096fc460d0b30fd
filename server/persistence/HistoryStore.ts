import * as Y from 'yjs'
import type { VersionAuthor, VersionSummary } from '../../core/api'
import type { SqlDatabase } from './SqlDatabase'

/** One checkpoint as stored (see the history migration). */
interface CheckpointRow {
  id: number
  document_id: string
  created_at: number
  name: string | null
  kind: 'full' | 'delta'
  state: Buffer
  state_vector: Buffer
  authorship_upto: number
  authors: string
}

/**
 * `document_id = ?` written so that no index on it is used: the authorship queries of a
 * checkpoint read the rows after the previous checkpoint's, a short range of the primary
 * key, but SQLite's planner (no statistics) picked the (document_id, client, clock) index
 * and read every row of the document instead, 1 ms per 6,000 rows, at every checkpoint.
 * The cast is a no-op on both engines.
 */
const BY_KEY_RANGE = 'CAST(document_id AS TEXT) = ?'

/** Where one item's clock falls: the authorship row that inserted it. */
export interface AuthorshipRange {
  client: number
  start: number
  end: number
  author: VersionAuthor
  /** ms since the epoch. */
  at: number
}

/**
 * The document states history keeps (docs/HISTORY.md): checkpoints, each the
 * encoded Yjs state of the document at one moment, stored either whole ('full')
 * or as what changed since the previous checkpoint ('delta':
 * `Y.encodeStateAsUpdate(doc, previous state vector)`, the new structs plus the
 * whole delete set). Encoded states rebuild exactly with the server's gc on,
 * where Yjs snapshots would need gc off and so keep every deleted character in
 * memory forever. A full state is written again once the deltas since the last
 * one outweigh it, so rebuilding any checkpoint reads at most about twice the
 * document's size.
 *
 * Compaction of the update log never touches these rows; only `prune` drops
 * automatic checkpoints, folding each dropped one into the next so that every
 * checkpoint left still rebuilds exactly.
 *
 * Written once over SqlDatabase: the same code on SQLite and on PostgreSQL. A
 * checkpoint is one transaction under the document's lock, so instances sharing a
 * PostgreSQL database never interleave two checkpoints of one document.
 */
export class HistoryStore {
  /**
   * Per document, the size of the latest full state and of the deltas since, as of
   * checkpoint `latest` (what `checkpoint` weighs a delta against). Kept as this store
   * writes them; read again from the table when another writer (an instance sharing
   * PostgreSQL) added a checkpoint since, and forgotten by `prune`.
   */
  private readonly sizes = new Map<string, { latest: number; full: number; deltas: number }>()

  constructor(private readonly sql: SqlDatabase) {}

  /**
   * The size of the latest full state up to checkpoint `latest` and the sum of the
   * deltas after it: summed by SQLite when not known here (a row each brought into
   * JavaScript cost milliseconds at every checkpoint of a busy document).
   */
  private async chainSizes(sql: SqlDatabase, documentId: string, latest: number): Promise<{ full: number; deltas: number }> {
    const known = this.sizes.get(documentId)
    if (known?.latest === latest) return known
    const [row] = await sql.query<{ full: number | null; deltas: number | null }>(
      `SELECT (SELECT length(state) FROM checkpoints WHERE id = f.id) AS full,
         (SELECT sum(length(state)) FROM checkpoints WHERE document_id = ? AND id > f.id AND id <= ?) AS deltas
       FROM (SELECT coalesce(max(id), 0) AS id FROM checkpoints WHERE document_id = ? AND id <= ? AND kind = 'full') f`,
      [documentId, latest, documentId, latest],
    )
    const sizes = { latest, full: row?.full ?? 0, deltas: row?.deltas ?? 0 }
    this.sizes.set(documentId, sizes)
    return sizes
  }

  /**
   * Records `state` (which must equal what is stored: every authorship row so far
   * is in it) as a checkpoint at `at` (ms) and returns its id. When nothing was
   * stored since the latest checkpoint, that one is returned instead (and named,
   * if `name` is given and it has none), so an idle document does not pile up
   * identical versions.
   */
  checkpoint(documentId: string, state: DocState, at: number, name: string | null = null): Promise<number> {
    return this.sql.transaction(async (tx) => {
      const [last] = await tx.query<Omit<CheckpointRow, 'state'>>(
        'SELECT id, document_id, created_at, name, kind, state_vector, authorship_upto, authors FROM checkpoints WHERE document_id = ? ORDER BY id DESC LIMIT 1',
        [documentId],
      )
      // Only the rows after the latest checkpoint's are read (a range of the primary key):
      // the document's max over all its rows cost a scan of its whole authorship, at every
      // checkpoint, and with several authors typing there is a checkpoint per update.
      const after = last ? last.authorship_upto : 0
      const [max] = await tx.query<{ id: number | null }>(`SELECT max(id) AS id FROM authorship WHERE ${BY_KEY_RANGE} AND id > ?`, [documentId, after])
      const upto = max?.id ?? after
      const stateVector = state.stateVector
      if (last && last.authorship_upto === upto && Buffer.compare(last.state_vector, stateVector) === 0) {
        if (name !== null && last.name === null) await tx.run('UPDATE checkpoints SET name = ? WHERE document_id = ? AND id = ?', [name, documentId, last.id])
        return last.id
      }
      if (state.since && !(last && covers(last.state_vector, state.since))) {
        throw new Error(`checkpoint of ${documentId}: the state is given since a state the latest checkpoint does not hold`)
      }
      const authors = await this.authorsOf(tx, documentId, last ? last.authorship_upto : 0, upto)
      let kind: 'full' | 'delta' = 'full'
      let encoded = state.update
      if (last) {
        // Given since the latest checkpoint's own state vector, the update is that delta already.
        const delta = state.since && Buffer.compare(last.state_vector, state.since) === 0 ? state.update : Y.diffUpdate(state.update, last.state_vector)
        const sizes = await this.chainSizes(tx, documentId, last.id)
        const deltas = delta.length + sizes.deltas
        const full = sizes.full
        if (deltas <= full) {
          kind = 'delta'
          encoded = delta
        } else if (state.since) {
          // A full state is due: the latest checkpoint's state with what came since (the two may overlap).
          encoded = Y.mergeUpdates([...(await this.chain(tx, documentId, last.id))!, state.update])
        }
      }
      const [row] = await tx.query<{ id: number }>(
        `INSERT INTO checkpoints (document_id, created_at, name, kind, state, state_vector, authorship_upto, authors)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        [documentId, at, name, kind, encoded, stateVector, upto, JSON.stringify(authors)],
      )
      const before = this.sizes.get(documentId)
      this.sizes.set(documentId, {
        latest: row.id,
        full: kind === 'full' ? encoded.length : (before?.full ?? 0),
        deltas: kind === 'full' ? 0 : (before?.deltas ?? 0) + encoded.length,
      })
      return row.id
    }, `checkpoints:${documentId}`)
  }

  /** The document's versions, newest first. */
  async versions(documentId: string): Promise<VersionSummary[]> {
    const rows = await this.sql.query<CheckpointRow>(
      'SELECT id, document_id, created_at, name, kind, authorship_upto, authors FROM checkpoints WHERE document_id = ? ORDER BY id DESC',
      [documentId],
    )
    return rows.map(toSummary)
  }

  /** One version, or null when the document has no checkpoint `id`. */
  async version(documentId: string, id: number): Promise<VersionSummary | null> {
    const [row] = await this.sql.query<CheckpointRow>('SELECT * FROM checkpoints WHERE document_id = ? AND id = ?', [documentId, id])
    return row ? toSummary(row) : null
  }

  /**
   * Gives checkpoint `id` a name (replacing any). Resolves false when the
   * document has no such checkpoint.
   */
  async name(documentId: string, id: number, name: string): Promise<boolean> {
    return (await this.sql.run('UPDATE checkpoints SET name = ? WHERE document_id = ? AND id = ?', [name, documentId, id])) > 0
  }

  /**
   * The document's state at checkpoint `id` as one Yjs update (apply it to an
   * empty Y.Doc), or null when there is no such checkpoint.
   */
  async stateAt(documentId: string, id: number): Promise<Uint8Array | null> {
    const chain = await this.chain(this.sql, documentId, id)
    if (!chain) return null
    return chain.length === 1 ? new Uint8Array(chain[0]) : Y.mergeUpdates(chain)
  }

  /**
   * A Y.Doc holding the document's state at checkpoint `id` (the caller destroys
   * it), or null when there is no such checkpoint. Applies the full state and
   * the deltas after it one by one, which costs less than merging them first.
   */
  async docAt(documentId: string, id: number): Promise<Y.Doc | null> {
    return this.docFrom(this.sql, documentId, id)
  }

  /** Every authorship range of the document, by client then clock: what blame maps items through. */
  async authorship(documentId: string): Promise<AuthorshipRange[]> {
    const rows = await this.sql.query<{ client_id: number; clock_start: number; clock_end: number; principal_id: string; principal_name: string; created_at: number }>(
      `SELECT client_id, clock_start, clock_end, principal_id, principal_name, created_at FROM authorship
       WHERE document_id = ? AND client_id IS NOT NULL ORDER BY client_id, clock_start`,
      [documentId],
    )
    return rows.map((row) => ({
      client: row.client_id,
      start: row.clock_start,
      end: row.clock_end,
      author: { id: row.principal_id, name: row.principal_name },
      at: row.created_at,
    }))
  }

  /**
   * Drops the automatic checkpoints created before `before` (ms), keeping every
   * named one and each document's latest. A dropped checkpoint is folded into
   * the one after it: its authors join that one's, and if that one is a delta it
   * becomes the two deltas merged (or a full state, when the dropped one was
   * full), so every checkpoint left rebuilds exactly as before. Resolves with how
   * many were dropped.
   */
  async prune(before: number): Promise<number> {
    const candidates = await this.sql.query<{ id: number; document_id: string }>(
      `SELECT c.id, c.document_id FROM checkpoints c WHERE c.name IS NULL AND c.created_at < ?
       AND c.id < (SELECT max(id) FROM checkpoints WHERE document_id = c.document_id) ORDER BY c.id`,
      [before],
    )
    const documents = [...new Set(candidates.map((c) => c.document_id))]
    // Folding changes the sizes of the deltas left.
    this.sizes.clear()
    let dropped = 0
    for (const documentId of documents) {
      dropped += await this.sql.transaction(async (tx) => {
        let count = 0
        for (const { id } of candidates.filter((c) => c.document_id === documentId)) {
          const [gone] = await tx.query<CheckpointRow>('SELECT * FROM checkpoints WHERE document_id = ? AND id = ?', [documentId, id])
          const [after] = await tx.query<CheckpointRow>('SELECT * FROM checkpoints WHERE document_id = ? AND id > ? ORDER BY id LIMIT 1', [documentId, id])
          if (!gone || !after) continue
          const authors = JSON.stringify(mergeAuthors(JSON.parse(gone.authors) as VersionAuthor[], JSON.parse(after.authors) as VersionAuthor[]))
          const update = 'UPDATE checkpoints SET kind = ?, state = ?, authors = ? WHERE id = ?'
          if (after.kind === 'delta') {
            if (gone.kind === 'full') {
              // The next one must now stand alone: rebuild it while the dropped base still exists.
              const doc = (await this.docFrom(tx, documentId, after.id))!
              await tx.run(update, ['full', Y.encodeStateAsUpdate(doc), authors, after.id])
              doc.destroy()
            } else {
              await tx.run(update, ['delta', Y.mergeUpdates([gone.state, after.state]), authors, after.id])
            }
          } else {
            await tx.run(update, ['full', after.state, authors, after.id])
          }
          await tx.run('DELETE FROM checkpoints WHERE id = ?', [id])
          count++
        }
        return count
      }, `checkpoints:${documentId}`)
    }
    return dropped
  }

  /** Bytes the document's checkpoints take (their states), for the storage figures. */
  async storedBytes(documentId: string): Promise<number> {
    const [row] = await this.sql.query<{ bytes: number | null }>(
      'SELECT sum(length(state) + length(state_vector)) AS bytes FROM checkpoints WHERE document_id = ?',
      [documentId],
    )
    return row?.bytes ?? 0
  }

  private async docFrom(sql: SqlDatabase, documentId: string, id: number): Promise<Y.Doc | null> {
    const chain = await this.chain(sql, documentId, id)
    if (!chain) return null
    const doc = new Y.Doc()
    for (const update of chain) Y.applyUpdate(doc, update)
    return doc
  }

  /** The states to apply in order to rebuild checkpoint `id`: its last full state and the deltas since; null when there is no such checkpoint. */
  private async chain(sql: SqlDatabase, documentId: string, id: number): Promise<Uint8Array[] | null> {
    // The latest full checkpoint at or before `id`, and every one after it up to `id`.
    const rows = await sql.query<{ id: number; kind: string; state: Buffer }>(
      `SELECT id, kind, state FROM checkpoints WHERE document_id = ? AND id <= ?
       AND id >= coalesce((SELECT max(id) FROM checkpoints WHERE document_id = ? AND id <= ? AND kind = 'full'), 0)
       ORDER BY id`,
      [documentId, id, documentId, id],
    )
    if (rows.length === 0 || rows[rows.length - 1].id !== id) return null
    return rows.map((row) => row.state)
  }

  private async authorsOf(sql: SqlDatabase, documentId: string, after: number, upto: number): Promise<VersionAuthor[]> {
    const rows = await sql.query<{ principal_id: string; principal_name: string }>(
      `SELECT principal_id, min(principal_name) AS principal_name FROM authorship WHERE ${BY_KEY_RANGE} AND id > ? AND id <= ?
       GROUP BY principal_id ORDER BY min(id)`,
      [documentId, after, upto],
    )
    return rows.map((row) => ({ id: row.principal_id, name: row.principal_name }))
  }
}

/**
 * A document's state as a checkpoint takes it: the whole state as one update, and
 * its state vector; or, with `since`, only what the document holds beyond the
 * state vector `since` (`Y.encodeStateAsUpdate(doc, since)`: the new structs and the
 * whole delete set), which the latest checkpoint must hold (HistoryRecorder gives the
 * state vector of a checkpoint it wrote). Encoding a 1 MB document whole costs
 * 30-70 ms of the event loop; what changed since the last checkpoint, next to nothing.
 */
export interface DocState {
  update: Uint8Array
  stateVector: Uint8Array
  since?: Uint8Array
}

/** Whether state vector `outer` holds every clock of state vector `inner`. */
function covers(outer: Uint8Array, inner: Uint8Array): boolean {
  const have = Y.decodeStateVector(outer)
  for (const [client, clock] of Y.decodeStateVector(inner)) if ((have.get(client) ?? 0) < clock) return false
  return true
}

/** `doc`'s state now (copied: later edits of `doc` do not change it). */
export function docState(doc: Y.Doc): DocState {
  return { update: Y.encodeStateAsUpdate(doc), stateVector: Y.encodeStateVector(doc) }
}

function toSummary(row: Pick<CheckpointRow, 'id' | 'created_at' | 'name' | 'authors'>): VersionSummary {
  const summary: VersionSummary = { id: row.id, createdAt: new Date(row.created_at).toISOString(), authors: JSON.parse(row.authors) as VersionAuthor[] }
  if (row.name !== null) summary.name = row.name
  return summary
}

function mergeAuthors(first: VersionAuthor[], second: VersionAuthor[]): VersionAuthor[] {
  const seen = new Set(first.map((a) => a.id))
  return [...first, ...second.filter((a) => !seen.has(a.id))]
}
