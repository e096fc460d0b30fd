import type { SearchEntry, SearchEntryKind } from '../../core/search'

/** A document's row in `search_entries` as the index holds it. */
export interface StoredSearchRow {
  id: number
  kind: SearchEntryKind
  body: string
  start: number | null
  end: number | null
  annotation_id: string | null
  comment_id: string | null
  type: string | null
  author: string | null
  status: 'open' | 'resolved' | null
  created: string | null
}

/**
 * What re-indexing a document changes in `search_entries`, worked out from the
 * rows it holds and the entries it should hold (`planReindex`). An entry whose
 * text is unchanged keeps its row and its FTS5 postings: writing the trigrams of
 * a 1 MB document anew costs far more than the few rows an edit changes. Typing
 * shifts the offsets of every later paragraph, so most kept rows are `moved`;
 * those go as columns (structured-cloning thousands of small objects out of the
 * worker thread would cost the event loop milliseconds).
 */
export interface ReindexPlan {
  /** Kept rows whose offsets alone changed: id, start and end at the same index (NaN for null). */
  moved: { ids: Float64Array; starts: Float64Array; ends: Float64Array }
  /** Kept rows whose annotation fields (type, author, status, created) changed, offsets included. */
  changed: { id: number; start: number | null; end: number | null; type: string | null; author: string | null; status: 'open' | 'resolved' | null; created: string | null }[]
  /** Entries with no row of the same text: new rows. */
  inserted: SearchEntry[]
  /** Ids of the rows no entry keeps. */
  deleted: number[]
}

/** What makes two entries the same row: where the text comes from, and the text. */
function entryKey(kind: SearchEntryKind, annotationId: string | null, commentId: string | null, body: string): string {
  return `${kind}\u0000${annotationId ?? ''}\u0000${commentId ?? ''}\u0000${body}`
}

/** The changes that turn `stored` (a document's rows) into `entries`; rows already equal are left out. */
export function planReindex(stored: readonly StoredSearchRow[], entries: readonly SearchEntry[]): ReindexPlan {
  const kept = new Map<string, StoredSearchRow[]>()
  for (const row of stored) {
    const key = entryKey(row.kind, row.annotation_id, row.comment_id, row.body)
    const rows = kept.get(key)
    if (rows) rows.push(row)
    else kept.set(key, [row])
  }
  const moved: { id: number; start: number | null; end: number | null }[] = []
  const changed: ReindexPlan['changed'] = []
  const inserted: SearchEntry[] = []
  for (const e of entries) {
    const row = kept.get(entryKey(e.kind, e.annotationId, e.commentId, e.body))?.pop()
    if (!row) {
      inserted.push(e)
      continue
    }
    const sameFields = row.type === e.type && row.author === e.author && row.status === e.status && row.created === e.created
    if (!sameFields) changed.push({ id: row.id, start: e.start, end: e.end, type: e.type, author: e.author, status: e.status, created: e.created })
    else if (row.start !== e.start || row.end !== e.end) moved.push({ id: row.id, start: e.start, end: e.end })
  }
  const deleted: number[] = []
  for (const rows of kept.values()) for (const row of rows) deleted.push(row.id)
  return {
    moved: {
      ids: Float64Array.from(moved, (m) => m.id),
      starts: Float64Array.from(moved, (m) => m.start ?? NaN),
      ends: Float64Array.from(moved, (m) => m.end ?? NaN),
    },
    changed,
    inserted,
    deleted,
  }
}

/** Rows a plan writes: what slicing it counts. */
export function planSize(plan: ReindexPlan): number {
  return plan.deleted.length + plan.changed.length + plan.moved.ids.length + plan.inserted.length
}
