import type Database from 'better-sqlite3'
import * as Y from 'yjs'
import type { VersionAuthor, VersionSummary } from '../../core/api'

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
 */
export class HistoryStore {
  private readonly latest: Database.Statement<[string], CheckpointRow>
  private readonly byId: Database.Statement<[string, number], CheckpointRow>
  private readonly chainTo: Database.Statement<[string, number], CheckpointRow>
  private readonly fullSince: Database.Statement<[string, number], { kind: string; size: number }>
  private readonly list: Database.Statement<[string], CheckpointRow>
  private readonly insert: Database.Statement<[string, number, string | null, string, Uint8Array, Uint8Array, number, string]>
  private readonly authorsBetween: Database.Statement<[string, number, number], { principal_id: string; principal_name: string }>
  private readonly maxAuthorship: Database.Statement<[string], { id: number | null }>
  private readonly rename: Database.Statement<[string, string, number]>
  private readonly ranges: Database.Statement<[string], { client_id: number; clock_start: number; clock_end: number; principal_id: string; principal_name: string; created_at: number }>

  constructor(private readonly db: Database.Database) {
    this.latest = db.prepare('SELECT * FROM checkpoints WHERE document_id = ? ORDER BY id DESC LIMIT 1')
    this.byId = db.prepare('SELECT * FROM checkpoints WHERE document_id = ? AND id = ?')
    this.chainTo = db.prepare('SELECT * FROM checkpoints WHERE document_id = ? AND id <= ? ORDER BY id DESC')
    this.fullSince = db.prepare('SELECT kind, length(state) AS size FROM checkpoints WHERE document_id = ? AND id <= ? ORDER BY id DESC')
    this.list = db.prepare('SELECT id, document_id, created_at, name, kind, authorship_upto, authors FROM checkpoints WHERE document_id = ? ORDER BY id DESC')
    this.insert = db.prepare(
      `INSERT INTO checkpoints (document_id, created_at, name, kind, state, state_vector, authorship_upto, authors)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.authorsBetween = db.prepare(
      `SELECT principal_id, principal_name FROM authorship WHERE document_id = ? AND id > ? AND id <= ?
       GROUP BY principal_id ORDER BY min(id)`,
    )
    this.maxAuthorship = db.prepare('SELECT max(id) AS id FROM authorship WHERE document_id = ?')
    this.rename = db.prepare('UPDATE checkpoints SET name = ? WHERE document_id = ? AND id = ?')
    this.ranges = db.prepare(
      `SELECT client_id, clock_start, clock_end, principal_id, principal_name, created_at FROM authorship
       WHERE document_id = ? AND client_id IS NOT NULL ORDER BY client_id, clock_start`,
    )
  }

  /**
   * Records `doc`'s state (which must equal what is stored) as a checkpoint at
   * `at` (ms) and returns its id. When nothing was stored since the latest
   * checkpoint, that one is returned instead (and named, if `name` is given and
   * it has none), so an idle document does not pile up identical versions.
   */
  checkpoint(documentId: string, doc: Y.Doc, at: number, name: string | null = null): number {
    return this.db.transaction(() => {
      const last = this.latest.get(documentId)
      const upto = this.maxAuthorship.get(documentId)?.id ?? 0
      const stateVector = Y.encodeStateVector(doc)
      if (last && last.authorship_upto === upto && Buffer.compare(last.state_vector, stateVector) === 0) {
        if (name !== null && last.name === null) this.rename.run(name, documentId, last.id)
        return last.id
      }
      const authors = last ? this.authorsOf(documentId, last.authorship_upto, upto) : this.authorsOf(documentId, 0, upto)
      let kind: 'full' | 'delta' = 'full'
      let state: Uint8Array
      if (last) {
        const delta = Y.encodeStateAsUpdate(doc, last.state_vector)
        let deltas = delta.length
        let full = 0
        for (const row of this.fullSince.iterate(documentId, last.id)) {
          if (row.kind === 'full') {
            full = row.size
            break
          }
          deltas += row.size
        }
        if (deltas <= full) {
          kind = 'delta'
          state = delta
        } else state = Y.encodeStateAsUpdate(doc)
      } else state = Y.encodeStateAsUpdate(doc)
      const result = this.insert.run(documentId, at, name, kind, state, stateVector, upto, JSON.stringify(authors))
      return Number(result.lastInsertRowid)
    })()
  }

  /** The document's versions, newest first. */
  versions(documentId: string): VersionSummary[] {
    return this.list.all(documentId).map(toSummary)
  }

  /** One version, or null when the document has no checkpoint `id`. */
  version(documentId: string, id: number): VersionSummary | null {
    const row = this.byId.get(documentId, id)
    return row ? toSummary(row) : null
  }

  /**
   * Gives checkpoint `id` a name (replacing any). Returns false when the
   * document has no such checkpoint.
   */
  name(documentId: string, id: number, name: string): boolean {
    return this.rename.run(name, documentId, id).changes > 0
  }

  /**
   * The document's state at checkpoint `id` as one Yjs update (apply it to an
   * empty Y.Doc), or null when there is no such checkpoint.
   */
  stateAt(documentId: string, id: number): Uint8Array | null {
    const chain = this.chain(documentId, id)
    if (!chain) return null
    return chain.length === 1 ? new Uint8Array(chain[0]) : Y.mergeUpdates(chain)
  }

  /**
   * A Y.Doc holding the document's state at checkpoint `id` (the caller destroys
   * it), or null when there is no such checkpoint. Applies the full state and
   * the deltas after it one by one, which costs less than merging them first.
   */
  docAt(documentId: string, id: number): Y.Doc | null {
    const chain = this.chain(documentId, id)
    if (!chain) return null
    const doc = new Y.Doc()
    for (const update of chain) Y.applyUpdate(doc, update)
    return doc
  }

  /** The states to apply in order to rebuild checkpoint `id`: its last full state and the deltas since; null when there is no such checkpoint. */
  private chain(documentId: string, id: number): Uint8Array[] | null {
    const chain: Uint8Array[] = []
    for (const row of this.chainTo.iterate(documentId, id)) {
      if (chain.length === 0 && row.id !== id) return null
      chain.push(row.state)
      if (row.kind === 'full') break
    }
    return chain.length === 0 ? null : chain.reverse()
  }

  /** Every authorship range of the document, by client then clock: what blame maps items through. */
  authorship(documentId: string): AuthorshipRange[] {
    return this.ranges.all(documentId).map((row) => ({
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
   * full), so every checkpoint left rebuilds exactly as before. Returns how many
   * were dropped.
   */
  prune(before: number): number {
    const candidates = this.db
      .prepare<[number], { id: number; document_id: string }>(
        `SELECT c.id, c.document_id FROM checkpoints c WHERE c.name IS NULL AND c.created_at < ?
         AND c.id < (SELECT max(id) FROM checkpoints WHERE document_id = c.document_id) ORDER BY c.id`,
      )
      .all(before)
    const next = this.db.prepare<[string, number], CheckpointRow>(
      'SELECT * FROM checkpoints WHERE document_id = ? AND id > ? ORDER BY id LIMIT 1',
    )
    const update = this.db.prepare<[string, Uint8Array, string, number]>('UPDATE checkpoints SET kind = ?, state = ?, authors = ? WHERE id = ?')
    const remove = this.db.prepare<[number]>('DELETE FROM checkpoints WHERE id = ?')
    return this.db.transaction(() => {
      for (const { id, document_id: documentId } of candidates) {
        const dropped = this.byId.get(documentId, id)
        const after = next.get(documentId, id)
        if (!dropped || !after) continue
        const authors = mergeAuthors(JSON.parse(dropped.authors) as VersionAuthor[], JSON.parse(after.authors) as VersionAuthor[])
        if (after.kind === 'delta') {
          if (dropped.kind === 'full') {
            // The next one must now stand alone: rebuild it while the dropped base still exists.
            const doc = this.docAt(documentId, after.id)!
            update.run('full', Y.encodeStateAsUpdate(doc), JSON.stringify(authors), after.id)
            doc.destroy()
          } else {
            update.run('delta', Y.mergeUpdates([dropped.state, after.state]), JSON.stringify(authors), after.id)
          }
        } else {
          update.run('full', after.state, JSON.stringify(authors), after.id)
        }
        remove.run(id)
      }
      return candidates.length
    })()
  }

  /** Bytes the document's checkpoints take (their states), for the storage figures. */
  storedBytes(documentId: string): number {
    const row = this.db
      .prepare<[string], { bytes: number | null }>('SELECT sum(length(state) + length(state_vector)) AS bytes FROM checkpoints WHERE document_id = ?')
      .get(documentId)
    return row?.bytes ?? 0
  }

  private authorsOf(documentId: string, after: number, upto: number): VersionAuthor[] {
    return this.authorsBetween.all(documentId, after, upto).map((row) => ({ id: row.principal_id, name: row.principal_name }))
  }
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
