import type Database from 'better-sqlite3'
import type { SearchHit, SearchResponse } from '../../core/api'
import { findMatches, makeSnippet, type SearchEntry, type SearchEntryKind, type SearchQuery } from '../../core/search'
import { planReindex, planSize, type ReindexPlan, type StoredSearchRow } from './planReindex'
import { DROP_SEARCH_INDEX, SEARCH_INDEX_SCHEMA, SELECT_STORED_ROWS } from './searchIndexSchema'

/**
 * The documents a reader may search: every document, or only these ids. Today
 * every document is readable ('all'); the access issue will pass the set its
 * principal may read, and the query filters on it (see `SearchIndex.search`).
 */
export type ReadableDocuments = 'all' | ReadonlySet<string>

/**
 * Shortest query the trigram index answers as a phrase, in characters (code
 * points): FTS5's trigram tokenizer indexes every run of three characters, so a
 * query of one or two characters ("峰会": most Chinese words have two) is no
 * trigram. For those the index is read the other way round: every trigram that
 * STARTS with the query is listed from the vocabulary (a range over sorted
 * terms) and matched as alternatives. Two sentinel characters end every indexed
 * body (`INDEXED_SUFFIX`), so an occurrence at a body's end starts a trigram too.
 */
export const MIN_TRIGRAM_QUERY = 3

/**
 * Most trigrams a short query is expanded into. Beyond it the query is common
 * (e.g. "的" starts thousands of distinct trigrams), so a LIKE scan in index
 * order reaches the limit of hits after a few rows and is the faster plan.
 */
export const MAX_EXPANDED_TRIGRAMS = 500

/** Appended to every body given to FTS5 (never shown): see MIN_TRIGRAM_QUERY. */
const INDEXED_SUFFIX = '\u0001\u0001'

/** Above every character: the end of the range of terms that start with a prefix. */
const LAST_CHARACTER = '\u{10ffff}'

/** A row of `search_entries` with its document's title, as a search reads it. */
interface EntryRow extends StoredSearchRow {
  document_id: string
  title: string
}

const KIND_ORDER: Record<SearchEntryKind, number> = { text: 0, quote: 1, comment: 2 }

/**
 * The workspace search index in SQLite: `search_entries` holds each entry
 * (core/search SearchEntry) with its document, `search_offsets` its offsets (a
 * narrow row: typing moves them all, see searchIndexSchema.ts), `search_fts` an
 * FTS5 trigram index over their bodies (migrations 2 and 9). A re-index keeps the
 * rows whose text did not change (planReindex).
 */
export class SearchIndex {
  private readonly insertEntry: Database.Statement
  private readonly insertFts: Database.Statement<[number | bigint, string]>
  private readonly selectRows: Database.Statement<[string], StoredSearchRow>
  private readonly updateEntry: Database.Statement
  private readonly moveEntry: Database.Statement<[number | null, number | null, number]>
  private readonly insertOffsets: Database.Statement<[number | bigint, number | null, number | null]>
  private readonly deleteOffsets: Database.Statement<[number]>
  private readonly deleteEntry: Database.Statement<[number], { body: string }>
  private readonly deleteFtsRow: Database.Statement<[number, string]>
  private readonly markFresh: Database.Statement<[string, string]>
  private readonly markStaleRow: Database.Statement<[string]>
  private readonly selectStale: Database.Statement<[], { id: string }>
  private readonly replace: (documentId: string, entries: readonly SearchEntry[]) => void
  private readonly writeSlice: (documentId: string, plan: ReindexPlan, from: number, budgetMs: number) => number
  private readonly termsStartingWith: Database.Statement<[string, string, number], { term: string }>
  private readonly queries = new Map<string, Database.Statement<unknown[], EntryRow>>()

  constructor(private readonly db: Database.Database) {
    this.insertEntry = db.prepare(
      `INSERT INTO search_entries (document_id, kind, body, annotation_id, comment_id, type, author, status, created)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    this.insertOffsets = db.prepare('INSERT INTO search_offsets (entry_id, start, "end") VALUES (?, ?, ?)')
    this.insertFts = db.prepare('INSERT INTO search_fts (rowid, body) VALUES (?, ?)')
    this.markFresh = db.prepare(
      `INSERT INTO search_documents (document_id, indexed_at, stale) VALUES (?, ?, 0)
       ON CONFLICT(document_id) DO UPDATE SET indexed_at = excluded.indexed_at, stale = 0`,
    )
    this.markStaleRow = db.prepare(
      `INSERT INTO search_documents (document_id, indexed_at, stale) VALUES (?, NULL, 1)
       ON CONFLICT(document_id) DO UPDATE SET stale = 1`,
    )
    this.selectStale = db.prepare(
      `SELECT d.id AS id FROM documents d LEFT JOIN search_documents s ON s.document_id = d.id
       WHERE s.document_id IS NULL OR s.stale = 1 ORDER BY d.created_at, d.id`,
    )
    this.termsStartingWith = db.prepare('SELECT term FROM search_vocab WHERE term >= ? AND term < ? LIMIT ?')
    this.selectRows = db.prepare(SELECT_STORED_ROWS)
    this.updateEntry = db.prepare('UPDATE search_entries SET type = ?, author = ?, status = ?, created = ? WHERE id = ?')
    // Offsets only: a narrow row of search_offsets, the wide row with its body untouched.
    this.moveEntry = db.prepare('UPDATE search_offsets SET start = ?, "end" = ? WHERE entry_id = ?')
    this.deleteOffsets = db.prepare('DELETE FROM search_offsets WHERE entry_id = ?')
    // Only a row that is still there is forgotten by FTS5: telling it to delete postings
    // it does not hold (a row another re-index removed meanwhile) would corrupt the index.
    this.deleteEntry = db.prepare('DELETE FROM search_entries WHERE id = ? RETURNING body')
    this.deleteFtsRow = db.prepare("INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', ?, ?)")
    this.replace = db.transaction((documentId: string, entries: readonly SearchEntry[]) => {
      const plan = planReindex(this.selectRows.all(documentId), entries)
      this.writeRows(documentId, plan, 0, Infinity)
      this.markFresh.run(documentId, new Date().toISOString())
    })
    this.writeSlice = db.transaction((documentId: string, plan: ReindexPlan, from: number, budgetMs: number) =>
      this.writeRows(documentId, plan, from, budgetMs),
    )
  }

  /**
   * The index over `db`; when its tables are damaged or missing (they are
   * derived data), drops and recreates them, reports it through `log`, and
   * every document is indexed again by the indexer's catch-up.
   */
  static open(db: Database.Database, log: (line: string) => void): SearchIndex {
    try {
      const index = new SearchIndex(db)
      db.prepare('SELECT rowid FROM search_fts LIMIT 1').get()
      return index
    } catch (error) {
      log(`search: the index is damaged (${error instanceof Error ? error.message : String(error)}); rebuilding it`)
      db.transaction(() => db.exec(DROP_SEARCH_INDEX + SEARCH_INDEX_SCHEMA))()
      return new SearchIndex(db)
    }
  }

  /**
   * Makes `entries` the entries of `documentId` and marks it fresh, in one
   * transaction; rows whose text did not change are kept (see the constructor).
   */
  replaceDocument(documentId: string, entries: readonly SearchEntry[]): void {
    this.replace(documentId, entries)
  }

  /** The rows the index holds for `documentId` (what a re-index plan starts from). */
  storedRows(documentId: string): StoredSearchRow[] {
    return this.selectRows.all(documentId)
  }

  /**
   * Writes part of `plan` (see planReindex) in one transaction: its rows from index
   * `from` on, until about `budgetMs` have passed; returns where the next part starts
   * (`planSize(plan)` when done). The indexer writes a large plan a slice per turn of
   * the event loop, so a 1 MB document's re-index never holds sync messages for long.
   * A search meanwhile may see some rows of the document re-indexed and others not
   * yet: the index is derived data, always a little behind the text anyway.
   *
   * With durability `fsync` these commits do not fsync (synchronous NORMAL for the
   * slice): the next commit of a document update fsyncs the WAL, these frames
   * included, and should the machine crash first, the document is still marked
   * stale (`markIndexed` comes last) and re-indexed on start.
   */
  writePlan(documentId: string, plan: ReindexPlan, from: number, budgetMs: number): number {
    const full = this.db.pragma('synchronous', { simple: true }) === 2
    if (full) this.db.pragma('synchronous = NORMAL')
    try {
      return this.writeSlice(documentId, plan, from, budgetMs)
    } finally {
      if (full) this.db.pragma('synchronous = FULL')
    }
  }

  /** Marks `documentId` fresh: its rows are what its text was when its re-index was planned. */
  markIndexed(documentId: string): void {
    const full = this.db.pragma('synchronous', { simple: true }) === 2
    if (full) this.db.pragma('synchronous = NORMAL')
    try {
      this.markFresh.run(documentId, new Date().toISOString())
    } finally {
      if (full) this.db.pragma('synchronous = FULL')
    }
  }

  /**
   * Writes rows `from`… of `plan` (deleted, changed, moved, inserted, in that order)
   * until `budgetMs` have passed (checked every 32 rows); returns the next row's index.
   */
  private writeRows(documentId: string, plan: ReindexPlan, from: number, budgetMs: number): number {
    const started = performance.now()
    const total = planSize(plan)
    const { deleted, changed, moved, inserted } = plan
    let i = from
    for (; i < total; i++) {
      if (budgetMs !== Infinity && (i - from) % 32 === 31 && performance.now() - started > budgetMs) break
      let at = i
      if (at < deleted.length) {
        const gone = this.deleteEntry.get(deleted[at])
        this.deleteOffsets.run(deleted[at])
        // External content: FTS5 must be told the old body of each row it forgets.
        if (gone) this.deleteFtsRow.run(deleted[at], gone.body + INDEXED_SUFFIX)
        continue
      }
      at -= deleted.length
      if (at < changed.length) {
        const c = changed[at]
        this.updateEntry.run(c.type, c.author, c.status, c.created, c.id)
        this.moveEntry.run(c.start, c.end, c.id)
        continue
      }
      at -= changed.length
      if (at < moved.ids.length) {
        const start = moved.starts[at]
        const end = moved.ends[at]
        this.moveEntry.run(Number.isNaN(start) ? null : start, Number.isNaN(end) ? null : end, moved.ids[at])
        continue
      }
      at -= moved.ids.length
      const e = inserted[at]
      const { lastInsertRowid } = this.insertEntry.run(
        documentId, e.kind, e.body, e.annotationId, e.commentId, e.type, e.author, e.status, e.created,
      )
      this.insertOffsets.run(lastInsertRowid, e.start, e.end)
      this.insertFts.run(lastInsertRowid, e.body + INDEXED_SUFFIX)
    }
    return i
  }

  /** Records that `documentId` changed after it was last indexed (kept across restarts). */
  markStale(documentId: string): void {
    this.markStaleRow.run(documentId)
  }

  /** Ids of catalog documents never indexed or changed since, oldest document first. */
  staleDocuments(): string[] {
    return this.selectStale.all().map((row) => row.id)
  }

  /**
   * The FTS5 query for `text`: the phrase itself from three characters on;
   * for one or two, the trigrams that start with it as alternatives; '' when
   * no trigram does (nothing can match); null when too many do (scan instead).
   */
  private matchExpression(text: string): string | null {
    if ([...text].length >= MIN_TRIGRAM_QUERY) return quotePhrase(text)
    // The trigram tokenizer stores terms case-folded.
    const prefix = text.toLowerCase()
    const terms = this.termsStartingWith.all(prefix, prefix + LAST_CHARACTER, MAX_EXPANDED_TRIGRAMS + 1)
    if (terms.length > MAX_EXPANDED_TRIGRAMS) return null
    return terms.map((row) => quotePhrase(row.term)).join(' OR ')
  }

  /**
   * The entries of readable documents that contain `query.text` (a literal
   * substring, ignoring case) and pass its filters: the first `query.limit` in
   * index order, then sorted by document title, entry kind and offset. A filter
   * on an annotation's field (type, author, status, dates) leaves text out.
   * `readable` limits the documents searched; a `query.document` outside it
   * finds nothing.
   */
  search(query: SearchQuery, readable: ReadableDocuments = 'all'): SearchResponse {
    const where: string[] = []
    const params: unknown[] = []
    const match = this.matchExpression(query.text)
    if (match === '') return { query: query.text, hits: [], truncated: false }
    const trigram = match !== null
    if (trigram) {
      where.push('search_fts MATCH ?')
      params.push(match)
    } else {
      where.push("e.body LIKE ? ESCAPE '\\'")
      params.push(`%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
    }
    if (readable !== 'all') {
      where.push('e.document_id IN (SELECT value FROM json_each(?))')
      params.push(JSON.stringify([...readable]))
    }
    const equal = (column: string, value: string | null) => {
      if (value === null) return
      where.push(`e.${column} = ?`)
      params.push(value)
    }
    equal('document_id', query.document)
    equal('kind', query.kind)
    equal('type', query.type)
    equal('author', query.author)
    equal('status', query.status)
    if (query.from !== null) {
      where.push('e.created >= ?')
      params.push(query.from)
    }
    if (query.to !== null) {
      // '2025-06-17' + U+FFFF sorts after every time of that day: `to` is inclusive.
      where.push('e.created <= ?')
      params.push(`${query.to}\uffff`)
    }
    params.push(query.limit + 1)
    const from = trigram
      ? 'search_fts JOIN search_entries e ON e.id = search_fts.rowid'
      : 'search_entries e'
    // Index (rowid) order lets SQLite stop at the limit instead of sorting every
    // match; FTS5 yields rowid order itself only when asked for its own rowid.
    const order = trigram ? 'search_fts.rowid' : 'e.id'
    const sql = `SELECT e.id, e.document_id, d.title, e.kind, e.body, o.start, o."end", e.annotation_id, e.comment_id,
        e.type, e.author, e.status, e.created
      FROM ${from} JOIN search_offsets o ON o.entry_id = e.id JOIN documents d ON d.id = e.document_id
      WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ?`
    let statement = this.queries.get(sql)
    if (!statement) {
      statement = this.db.prepare<unknown[], EntryRow>(sql)
      this.queries.set(sql, statement)
    }
    const rows = statement.all(...params)
    const truncated = rows.length > query.limit
    const hits: SearchHit[] = []
    for (const row of rows.slice(0, query.limit)) {
      const hit = toHit(row, query.text)
      if (hit) hits.push(hit)
    }
    hits.sort(
      (a, b) =>
        compareText(a.documentTitle, b.documentTitle) ||
        compareText(a.documentId, b.documentId) ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        (a.start ?? -1) - (b.start ?? -1),
    )
    return { query: query.text, hits, truncated }
  }
}

function quotePhrase(text: string): string {
  return `"${text.replaceAll('"', '""')}"`
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/**
 * The hit of one matching row, or null when the row does not contain the query
 * after all: SQLite folds case a little differently from `findMatches` (FTS5
 * folds Unicode letters, LIKE only ASCII), and a row only one of them matches
 * has no occurrence to show.
 */
function toHit(row: EntryRow, text: string): SearchHit | null {
  const matches = findMatches(row.body, text)
  if (matches.length === 0) return null
  const first = matches[0]
  const placed = row.start !== null && row.end !== null
  return {
    documentId: row.document_id,
    documentTitle: row.title,
    kind: row.kind,
    start: !placed ? null : row.kind === 'comment' ? row.start : row.start! + first.start,
    end: !placed ? null : row.kind === 'comment' ? row.end : row.start! + first.end,
    snippet: makeSnippet(row.body, first.start, first.end),
    occurrences: matches.length,
    annotationId: row.annotation_id,
    commentId: row.comment_id,
    type: row.type,
    author: row.author,
    status: row.status,
    created: row.created,
  }
}
