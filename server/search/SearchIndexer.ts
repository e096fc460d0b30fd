import type * as Y from 'yjs'
import type { SearchEntry } from '../../core/search'
import type { DocumentSummary } from '../../core/api'
import { planSize } from './planReindex'
import { readSearchEntries } from './readSearchEntries'
import type { SearchIndex } from './SearchIndex'
import type { SearchPlanner } from './SearchPlanner'

export interface SearchIndexerOptions {
  index: SearchIndex
  /** The catalogue entry of a document (DocumentStore.getDocument); null when there is none. */
  getDocument: (documentId: string) => Promise<DocumentSummary | null>
  /** Runs `fn` on the document's current Y.Doc (SyncServer.readDocument); null when nothing is stored. */
  readDocument: <T>(documentId: string, fn: (doc: Y.Doc) => T) => Promise<T | null>
  /**
   * Plans each re-index off the event loop (SQLite: startSearchPlanner, a worker
   * thread reading the stored document); the plan is then written a slice per turn
   * of the event loop. Without one (PostgreSQL, whose index is in memory, and tests),
   * the document is read through `readDocument` and its rows written at once.
   */
  planner?: SearchPlanner['plan']
  /** Longest a slice of a planned re-index writes before the event loop runs again, in ms; default 2. */
  sliceMs?: number
  /** Quiet time after a document's last change before it is re-indexed, in ms; default 500. */
  debounceMs?: number
  /** Longest a changing document waits, in ms, however often it changes; default 5 000. */
  maxDelayMs?: number
  /** Called after a document was re-indexed (tests and logs). */
  onIndexed?: (documentId: string) => void
  log: (line: string) => void
}

interface Pending {
  timer: NodeJS.Timeout
  /** Time (ms) of the first change not yet indexed. */
  since: number
}

/**
 * Keeps the search index current, off the update path: the sync server calls
 * `documentChanged` after a group commit has stored and broadcast a document's
 * updates, and the document is re-indexed from its Y.Doc once it has been quiet
 * for `debounceMs` (at the latest `maxDelayMs` after its first change, so a
 * document typed in without pause is still found). Re-indexing a 100 KB
 * document costs some tens of milliseconds of this thread, once per burst of
 * edits rather than per keystroke.
 *
 * The first change of a burst is recorded in the database (`markStale`), so a
 * document changed and not re-indexed before a restart is re-indexed on start
 * (`catchUp`). A failing re-index is logged and never reaches the caller: the
 * document stays stale and is tried again on its next change or start.
 */
export class SearchIndexer {
  private readonly pending = new Map<string, Pending>()
  private readonly debounceMs: number
  private readonly maxDelayMs: number
  private readonly sliceMs: number
  /** Changes seen per document: a planned re-index marks the document fresh only if none came while it ran. */
  private readonly changes = new Map<string, number>()
  /** Re-indexes run one after the other: a plan is made from the rows the previous one left. */
  private running: Promise<unknown> = Promise.resolve()
  private catchUpQueue: string[] = []
  private catchUpRunning: NodeJS.Immediate | null = null
  private closed = false

  constructor(private readonly options: SearchIndexerOptions) {
    this.debounceMs = options.debounceMs ?? 500
    this.maxDelayMs = options.maxDelayMs ?? 5_000
    this.sliceMs = options.sliceMs ?? 2
  }

  /** Schedules a re-index of `documentId`; never throws. */
  documentChanged(documentId: string): void {
    if (this.closed) return
    this.changes.set(documentId, (this.changes.get(documentId) ?? 0) + 1)
    const now = Date.now()
    const previous = this.pending.get(documentId)
    if (previous) clearTimeout(previous.timer)
    else this.guard(documentId, 'mark as changed', () => this.options.index.markStale(documentId))
    const since = previous?.since ?? now
    const delay = Math.max(0, Math.min(this.debounceMs, since + this.maxDelayMs - now))
    const timer = setTimeout(() => {
      this.pending.delete(documentId)
      void this.reindex(documentId)
    }, delay)
    timer.unref()
    this.pending.set(documentId, { timer, since })
  }

  /**
   * Re-indexes now every document never indexed or changed since it was, one
   * per turn of the event loop so that a start-up with many does not hold up
   * the first connections.
   */
  catchUp(): void {
    let stale: string[]
    try {
      stale = this.options.index.staleDocuments()
    } catch (error) {
      this.options.log(`search: cannot list stale documents: ${describe(error)}`)
      return
    }
    this.catchUpQueue.push(...stale.filter((id) => !this.catchUpQueue.includes(id)))
    this.catchUpRunning ??= setImmediate(this.catchUpOne)
  }

  /**
   * Re-indexes `documentId` now (after any re-index already running) from its
   * current state; false (logged) when that failed.
   */
  reindex(documentId: string): Promise<boolean> {
    const run = this.running.then(() => (this.options.planner ? this.reindexPlanned(documentId, this.options.planner) : this.reindexHere(documentId)))
    this.running = run.catch(() => {})
    return run
  }

  /**
   * The re-index planned in the worker, written a slice (`sliceMs`) per turn of the
   * event loop. The document is marked fresh only if it did not change meanwhile (a
   * later change has its own re-index scheduled; until it runs, a restart re-indexes).
   */
  private async reindexPlanned(documentId: string, planner: SearchPlanner['plan']): Promise<boolean> {
    if (this.closed) return false
    const changesBefore = this.changes.get(documentId) ?? 0
    let plan
    try {
      const summary = await this.options.getDocument(documentId)
      // A document gone from the catalogue, or with nothing stored, has no entries.
      plan = summary ? await planner(documentId, summary) : null
    } catch (error) {
      this.options.log(`search: could not re-index ${documentId}: ${describe(error)}`)
      return false
    }
    if (this.closed) return false
    if (!plan) return this.guard(documentId, 're-index', () => this.indexed(documentId, () => this.options.index.replaceDocument(documentId, [])))
    const total = planSize(plan)
    let next = 0
    for (;;) {
      const from = next
      if (!this.guard(documentId, 're-index', () => (next = this.options.index.writePlan(documentId, plan, from, this.sliceMs)))) return false
      if (next >= total) break
      await new Promise((resolve) => setImmediate(resolve))
      if (this.closed) return false
    }
    return this.guard(documentId, 're-index', () =>
      this.indexed(documentId, () => {
        if ((this.changes.get(documentId) ?? 0) === changesBefore) this.options.index.markIndexed(documentId)
      }),
    )
  }

  private indexed(documentId: string, write: () => void): void {
    write()
    this.options.onIndexed?.(documentId)
  }

  /** Reads the document through `readDocument` and rewrites its rows in one transaction. */
  private async reindexHere(documentId: string): Promise<boolean> {
    if (this.closed) return false
    let entries: SearchEntry[] | null
    try {
      const summary = await this.options.getDocument(documentId)
      entries = summary ? await this.options.readDocument(documentId, (doc) => readSearchEntries(doc, summary)) : null
    } catch (error) {
      this.options.log(`search: could not re-index ${documentId}: ${describe(error)}`)
      return false
    }
    if (this.closed) return false
    return this.guard(documentId, 're-index', () => {
      this.options.index.replaceDocument(documentId, entries ?? [])
      this.options.onIndexed?.(documentId)
    })
  }

  /** Drops scheduled work; documents left stale are re-indexed on the next start. */
  close(): void {
    this.closed = true
    for (const { timer } of this.pending.values()) clearTimeout(timer)
    this.pending.clear()
    if (this.catchUpRunning) clearImmediate(this.catchUpRunning)
    this.catchUpRunning = null
    this.catchUpQueue = []
  }

  private readonly catchUpOne = (): void => {
    this.catchUpRunning = null
    const next = this.catchUpQueue.shift()
    if (next === undefined || this.closed) return
    void (this.pending.has(next) ? Promise.resolve() : this.reindex(next)).then(() => {
      if (this.catchUpQueue.length > 0 && !this.closed) this.catchUpRunning = setImmediate(this.catchUpOne)
    })
  }

  private guard(documentId: string, what: string, fn: () => void): boolean {
    try {
      fn()
      return true
    } catch (error) {
      this.options.log(`search: could not ${what} ${documentId}: ${describe(error)}`)
      return false
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
