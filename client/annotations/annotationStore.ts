import * as Y from 'yjs'
import { KEPT_COPY_LABEL } from '../../core/export/typeInfo'
import type { Annotation, AnnotationType } from '../../core/annotations/annotation'
import type { TextOffset } from '../../core/text/projection'
import {
  addComment,
  anchorPoints,
  annotationsMap,
  compactRelativePosition,
  annotationTypesMap,
  createAnnotation,
  defineAnnotationType,
  deleteAnnotation,
  deleteComment,
  editComment,
  fragmentOf,
  listAnnotationTypes,
  readAnnotation,
  parseStoredAnchor,
  readStoredAnchor,
  removeAnnotationType,
  resolveAnchor,
  setStatus,
  storedAnchorJson,
  storedField,
  settleSuggestion,
  watchTextEdits,
  selectorChange,
  writeSelectorChange,
  ANNOTATION_REFRESH_ORIGIN,
  type AnchorPoints,
  type SelectorChange,
  type StoredAnchor,
  type NewAnnotation,
  type Resolution,
} from '../../doc'
import { FragmentText } from '../../doc'

/** Who waits for list() to be current (listWhenIdle); `cancel` cancels the idle period it is to be told in. */
interface ListWaiter {
  done: () => void
  cancel: (() => void) | null
}

/** One computation of list(), possibly spread over idle periods (listWhenIdle). */
interface ListingRun {
  /** The whole text's projection, to resolve anchors in; null when there is no annotation to resolve. */
  text: FragmentText | null
  entries: Y.Map<unknown>[]
  /** Index of the next entry to resolve. */
  next: number
  views: AnnotationView[]
  /** The caches as this run rebuilds them (see AnnotationStore's fields of the same names). */
  points: Map<Y.Map<unknown>, AnchorPoints>
  data: Map<Y.Map<unknown>, Annotation>
  anchors: Map<Y.Map<unknown>, StoredAnchor>
}

const sameResolution = (a: Resolution, b: Resolution): boolean => (a.status === 'orphaned' || b.status === 'orphaned'
  ? a.status === b.status
  : a.start === b.start && a.end === b.end && a.via === b.via)

/** Orders by a key computed once per item, not per comparison (60,000 comparisons for 5,000), then by id. */
function sortByKey<T extends { id: string }>(items: T[], keyOf: (item: T) => [number, number, number]): void {
  const keys = new Map<T, [number, number, number]>(items.map((item) => [item, keyOf(item)]))
  items.sort((a, b) => {
    const ka = keys.get(a)!
    const kb = keys.get(b)!
    return ka[0] - kb[0] || ka[1] - kb[1] || ka[2] - kb[2] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  })
}

/** list()'s order: anchored views by start, longer first, then id; then the orphans by their last position. */
function sortViews(views: AnnotationView[]): void {
  sortByKey(views, (v) => (v.resolution.status === 'anchored'
    ? [0, v.resolution.start, -v.resolution.end]
    : [1, v.anchor.position.start, -v.anchor.position.end]))
}

/** An annotation where its stored position selector puts it (provisional()). */
interface StoredPlace {
  id: string
  entry: Y.Map<unknown>
  start: TextOffset
  end: TextOffset
  /** The stored orphan flag. */
  orphaned: boolean
}

/** An annotation as the UI shows it: the stored data plus where it is now. */
export interface AnnotationView extends Annotation {
  /** Live: computed from the current text, not the stored orphan flag. */
  resolution: Resolution
  /** The covered text now, or the last quote of an orphan. */
  text: string
  /** The type's definition; an unknown type name gets a grey stand-in. */
  typeDef: AnnotationType
}

/** What changed: annotations / types (act at once) or only the text (may be batched). */
export type ChangeKind = 'annotations' | 'text'

/** What the store needs of requestIdleCallback's deadline. */
export interface IdleDeadlineLike {
  timeRemaining(): number
}

/** Runs `fn` when the main thread is idle; returns a cancel function. */
export type IdleScheduler = (fn: (deadline: IdleDeadlineLike) => void) => () => void

/**
 * requestIdleCallback where there is one (with a 1 s timeout, as the editor's
 * rebuild), else a timer with a short budget (Node, tests).
 */
export const idleScheduler: IdleScheduler = (fn) => {
  if (typeof requestIdleCallback === 'function') {
    const handle = requestIdleCallback(fn, { timeout: 1000 })
    return () => cancelIdleCallback(handle)
  }
  const started = Date.now()
  const timer = setTimeout(() => fn({ timeRemaining: () => Math.max(0, 8 - (Date.now() - started)) }), 0)
  return () => clearTimeout(timer)
}

/**
 * Annotations a selector-refresh chunk looks at even with no idle time left, so
 * that a refresh always moves on: e.g. 5,000 annotations in chunks of ≥ 50 take
 * at most 100 idle periods. 200 made chunks of 40-70 ms on a loaded machine (each
 * writes what drifted, which Yjs observers, IndexedDB and the socket then handle).
 */
const REFRESH_MIN_CHUNK = 50
/** Longest a chunk runs on, even when the browser reports more idle time (up to 50 ms): a keystroke may come. */
const REFRESH_CHUNK_MS = 8
/**
 * Most selectors a refresh chunk writes (it stops looking once it has this many):
 * the write, not the looking, is what costs, and the time budget cannot see it
 * coming (one transaction, then the Yjs observers, IndexedDB and the socket). In
 * the annotation bench a chunk that looked at its 50 annotations after typing
 * above them wrote nearly all of them: tasks of 60–85 ms CPU after a pause (issue #20).
 */
const REFRESH_MAX_WRITES = 20

/**
 * Annotations without resolved points from which list() counts as cold (see
 * AnnotationStore.cold): callers then show provisional() and compute the list in
 * idle time. Worked example: a document with 5,000 annotations has none resolved
 * when it arrives, and list() then took 0.5–0.8 s in one task (inside the sync's
 * Yjs observer, before the first screen; load ~20, issue #20); 500 cold ones are
 * about a tenth of that, a task that may stay.
 */
export const COLD_LIST_MIN = 500

/** A stretch of the projection [start, end] (offsets, both ends included) that provisional() covers. */
export interface OffsetRange {
  start: TextOffset
  end: TextOffset
}

/** Keys of an annotation entry a selector refresh writes; a change of only these moves no anchor when start/end stay. */
const SELECTOR_KEYS = new Set(['anchor', 'orphaned'])

/**
 * The annotations of one Y.Doc, read and written for the UI (no Vue). `list()`
 * is cached and recomputed on the first read after a change: O(annotations +
 * paragraphs). Writes go through the annotationDoc functions, so any Yjs client
 * writing the same structure (docs/DATA-MODEL.md) shows up here.
 *
 * After text edits that only change characters inside paragraphs, only the
 * annotations anchored in an edited paragraph resolve their Yjs relative
 * positions again; the others keep their (paragraph, index) points and only
 * their offsets are recomputed. Resolving all 5,000 anchors of a large
 * document took ~100 ms on every pause in typing (issue #20).
 *
 * The stored selectors are refreshed after this client's own edits (watchTextEdits)
 * from these resolutions, in chunks in idle time, never all at once (another
 * ~100 ms task per pause); a refresh that rewrites only selectors (quote,
 * position, orphan flag: nothing the views show) invalidates nothing here.
 */
export class AnnotationStore {
  private cache: AnnotationView[] | null = null
  /** The cached views by id, and the text they were resolved in. */
  private byId = new Map<string, AnnotationView>()
  private cacheText: FragmentText | null = null
  /** The selector refresh under way: the ids it still has to look at, and its scheduled chunk. */
  private refreshRun: { ids: string[]; next: number; cancel: (() => void) | null } | null = null
  private typeCache: AnnotationType[] | null = null
  /** Bumped by every change a cached list() may depend on: a computation in chunks started before it is stale. */
  private version = 0
  /** The computation of list() in idle-time chunks under way (listWhenIdle), and who waits for it. */
  private listRun: { run: ListingRun; cancel: (() => void) | null } | null = null
  private readonly listWaiters = new Set<ListWaiter>()
  private readonly listeners = new Set<(kind: ChangeKind) => void>()
  private readonly stopWatching: () => void
  /** Each annotation's resolved points, valid while their paragraphs are not edited (see list()). */
  private points = new Map<Y.Map<unknown>, AnchorPoints>()
  /**
   * Each annotation's stored anchor as last parsed, valid until its entry changes:
   * parsing 5,000 anchors out of their Y.Maps on every pause in typing was ~2/3 of
   * list()'s ~110 ms (issue #20, CPU profile of the annotation bench).
   */
  private anchors = new Map<Y.Map<unknown>, StoredAnchor>()
  /** Each annotation's stored data as last read (readAnnotation), valid until its entry changes. */
  private data = new Map<Y.Map<unknown>, Annotation>()
  /** Paragraph texts edited since the last list(). */
  private readonly editedTexts = new Set<object>()
  /** Bumped by every text change: `projection` is current while its version is this. */
  private textVersion = 0
  /**
   * Bumped by every change of the annotations' entries (not of the text, which moves
   * no stored selector): storedOrder() is current while its version is this.
   */
  private entriesVersion = 0
  /** storedOrder() as last computed. */
  private stored: { version: number; places: StoredPlace[] } | null = null
  /** The last projection built, shared by provisional() and the next listing while the text is unchanged. */
  private projection: { text: FragmentText; version: number } | null = null
  private readonly onAnnotations = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    this.entriesVersion++
    if (this.selectorsOnly(events)) return
    // Only an edited entry (its anchor rewritten by a selector refresh, a comment
    // added) resolves again; the others keep their points. Added entries have none yet.
    const annotations: unknown = annotationsMap(this.ydoc)
    for (const event of events) {
      let at: unknown = event.target
      while (at instanceof Y.AbstractType && at.parent !== annotations) at = at.parent
      if (at instanceof Y.Map) {
        this.points.delete(at)
        this.data.delete(at)
        this.anchors.delete(at)
      }
    }
    this.changed('annotations')
  }
  /** Type definitions move no anchor. */
  private readonly onTypes = () => this.changed('annotations')
  private readonly onText = (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
    for (const event of events) {
      // Characters typed into a paragraph: its Y.XmlText is the target. Anything
      // else (paragraphs added, removed, split or merged) moves points between
      // paragraphs, so every annotation resolves again.
      if (event.target instanceof Y.XmlText) this.editedTexts.add(event.target)
      else this.points.clear()
    }
    this.textVersion++
    this.changed('text')
  }

  /**
   * `refreshDelayMs`: delay of the selector refresh after this client's own edits (see
   * watchTextEdits); null: never. `idle`: when its chunks run (default requestIdleCallback).
   */
  constructor(readonly ydoc: Y.Doc, refreshDelayMs: number | null = 1500, private readonly idle: IdleScheduler = idleScheduler) {
    annotationsMap(ydoc).observeDeep(this.onAnnotations)
    annotationTypesMap(ydoc).observe(this.onTypes)
    fragmentOf(ydoc).observeDeep(this.onText)
    const stopWatching = refreshDelayMs === null ? () => {} : watchTextEdits(ydoc, refreshDelayMs, () => this.refreshSelectors())
    this.stopWatching = () => {
      stopWatching()
      this.refreshRun?.cancel?.()
      this.refreshRun = null
    }
  }

  /**
   * True when `events` only rewrote stored selectors of existing annotations (a
   * selector refresh, ours or another client's) without moving their relative
   * positions: nothing any view shows changes, so the cached views are patched
   * (their stored anchor and flag) and no listener is told. E.g. a refresh after
   * typing 80 characters near the top of 5,000 annotations rewrites every position
   * below: without this, each of those would resolve its anchor again and the
   * editor and side panel would rebuild.
   */
  private selectorsOnly(events: Y.YEvent<Y.AbstractType<unknown>>[]): boolean {
    const annotations: unknown = annotationsMap(this.ydoc)
    for (const event of events) {
      if (!(event instanceof Y.YMapEvent) || !(event.target instanceof Y.Map) || event.target.parent !== annotations) return false
      for (const key of event.keysChanged) if (!SELECTOR_KEYS.has(key)) return false
      const anchorChange = event.changes.keys.get('anchor')
      if (anchorChange) {
        if (anchorChange.action !== 'update') return false
        // Either stored form (an object, or its text: storedAnchor.ts).
        const before = anchorChange.oldValue === undefined ? null : parseStoredAnchor(anchorChange.oldValue)
        const after = event.target.has('anchor') ? readStoredAnchor(event.target as Y.Map<unknown>) : null
        // Compared as written now: a refresh rewrites an older, longer form of the same positions.
        const positions = (anchor: { start?: unknown; end?: unknown }) => JSON.stringify([compactRelativePosition(anchor.start), compactRelativePosition(anchor.end)])
        if (!before || !after || positions(before) !== positions(after)) return false
      }
    }
    // A computation of list() in chunks read some of these entries before: it starts over.
    this.version++
    for (const event of events) {
      const entry = event.target as Y.Map<unknown>
      const annotation = readAnnotation(entry)
      if (this.data.has(entry)) this.data.set(entry, annotation)
      // The selectors were rewritten (same relative positions): parse them again when next needed.
      this.anchors.delete(entry)
      // Patched even while the cache is stale: a listing under way (or provisional()) reuses these views.
      const view = this.byId.get(annotation.id)
      if (!view) continue
      view.anchor = annotation.anchor
      view.orphaned = annotation.orphaned
    }
    return true
  }

  /**
   * Brings the stored selectors in line with the text (doc/refreshSelectors'
   * rules), from the resolutions `list()` holds, a chunk per idle period, each
   * chunk's writes (at most REFRESH_MAX_WRITES) one transaction. A refresh already under way starts over.
   * Should the text change between chunks, the run stops there (watchTextEdits
   * starts a new one after the next pause in this client's typing).
   */
  refreshSelectors(): void {
    this.refreshRun?.cancel?.()
    const run: { ids: string[]; next: number; cancel: (() => void) | null } = { ids: this.list().map((v) => v.id), next: 0, cancel: null }
    this.refreshRun = run
    const step = (deadline: IdleDeadlineLike) => {
      run.cancel = null
      if (this.refreshRun !== run) return
      if (!this.cache || !this.cacheText) {
        // The text changed since the run began (the user typed on): resolving all
        // annotations again here would put a long task between two keystrokes. The
        // run is dropped; the next pause after this client's own edit starts another.
        this.refreshRun = null
        return
      }
      const text = this.cacheText
      const map = annotationsMap(this.ydoc)
      const changes: [Y.Map<unknown>, SelectorChange][] = []
      let looked = 0
      const until = performance.now() + Math.min(REFRESH_CHUNK_MS, deadline.timeRemaining())
      while (run.next < run.ids.length && changes.length < REFRESH_MAX_WRITES && (looked < REFRESH_MIN_CHUNK || performance.now() < until)) {
        const id = run.ids[run.next++]
        looked++
        const view = this.byId.get(id)
        const entry = map.get(id)
        if (!view || !(entry instanceof Y.Map)) continue
        const change = selectorChange(text, entry, view.resolution, this.anchors.get(entry))
        if (change) changes.push([entry, change])
      }
      if (changes.length > 0) {
        this.ydoc.transact(() => {
          for (const [entry, change] of changes) writeSelectorChange(entry, change)
        }, ANNOTATION_REFRESH_ORIGIN)
      }
      if (run.next < run.ids.length) run.cancel = this.idle(step)
      else if (this.refreshRun === run) this.refreshRun = null
    }
    run.cancel = this.idle(step)
  }

  /** Whether a selector refresh is under way (tests wait for it to end). */
  get refreshing(): boolean {
    return this.refreshRun !== null
  }

  private changed(kind: ChangeKind): void {
    this.cache = null
    this.version++
    if (kind === 'annotations') this.typeCache = null
    for (const listener of this.listeners) listener(kind)
  }

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: (kind: ChangeKind) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  types(): AnnotationType[] {
    this.typeCache ??= listAnnotationTypes(this.ydoc)
    return this.typeCache
  }

  typeDef(name: string): AnnotationType {
    return this.types().find((t) => t.name === name) ?? { name, color: '#555555', label: name, builtIn: false }
  }

  /**
   * Every annotation: anchored ones in document order (by start, then longer
   * first, then id, so every client lists them alike), then the orphans by
   * their last position.
   */
  list(): AnnotationView[] {
    if (this.cache) return this.cache
    const run = this.beginListing()
    this.resolveEntries(run, Infinity)
    return this.finishListing(run)
  }

  /**
   * Calls `done` once list() is current (at once if it is), computing it in
   * chunks in idle time rather than in one task: with 5,000 annotations list()
   * after a pause in typing was one task of 25 ms on an idle machine and up to
   * 160 ms on a loaded one (issue #20), run by whichever of the side panel and
   * the editor came first. A change while the chunks run starts them over.
   * Returns the cancel function (a caller cancels when its own wait starts over).
   */
  listWhenIdle(done: () => void): () => void {
    if (this.cache) {
      done()
      return () => {}
    }
    const waiter: ListWaiter = { done, cancel: null }
    this.listWaiters.add(waiter)
    if (!this.listRun) this.startListRun()
    return () => {
      waiter.cancel?.()
      waiter.cancel = null
      if (this.listWaiters.delete(waiter) && this.listWaiters.size === 0) this.stopListRun()
    }
  }

  /**
   * Tells `waiter` in an idle period of its own: the side panel's cards and the
   * editor's decorations each redraw in their own task, not in the last chunk's.
   * Should the list be stale again by then, the waiter waits for the next run.
   */
  private tell(waiter: ListWaiter): void {
    waiter.cancel = this.idle(() => {
      waiter.cancel = null
      if (!this.listWaiters.has(waiter)) return
      if (!this.cache) {
        if (!this.listRun) this.startListRun()
        return
      }
      this.listWaiters.delete(waiter)
      waiter.done()
    })
  }

  private startListRun(): void {
    const run = this.beginListing()
    const version = this.version
    const state: { run: ListingRun; cancel: (() => void) | null } = { run, cancel: null }
    const step = (deadline: IdleDeadlineLike) => {
      state.cancel = null
      if (this.listRun !== state) return
      if (!this.cache) {
        if (this.version !== version) {
          // Changed since the run began: its text is stale. Start over.
          this.listRun = null
          if (this.listWaiters.size) this.startListRun()
          return
        }
        const until = performance.now() + Math.min(REFRESH_CHUNK_MS, deadline.timeRemaining())
        if (!this.resolveEntries(run, until)) {
          state.cancel = this.idle(step)
          return
        }
        this.finishListing(run)
      }
      // Current (finished here, or by a list() called meanwhile): tell the waiters.
      this.listRun = null
      for (const waiter of this.listWaiters) if (!waiter.cancel) this.tell(waiter)
    }
    this.listRun = state
    state.cancel = this.idle(step)
  }

  private stopListRun(): void {
    this.listRun?.cancel?.()
    this.listRun = null
  }

  /** The state of one computation of list(): what it starts from and what it has made so far. */
  private beginListing(): ListingRun {
    const map = annotationsMap(this.ydoc)
    const entries = [...map.values()].filter((entry): entry is Y.Map<unknown> => entry instanceof Y.Map)
    return {
      // Only when there is an annotation to resolve: built after every pause in typing, it
      // took ~100 ms at 30,000 paragraphs (issue #21).
      text: entries.length > 0 ? this.currentText() : null,
      entries,
      next: 0,
      views: [],
      points: new Map(),
      data: new Map(),
      anchors: new Map(),
    }
  }

  /** Resolves the run's next entries until `until` (performance.now()); true when none are left. */
  private resolveEntries(run: ListingRun, until: number): boolean {
    const { text } = run
    // No projection: the run has no entries (beginListing).
    if (!text) return true
    let looked = 0
    while (run.next < run.entries.length) {
      // The clock read every 64 entries only.
      if ((++looked & 63) === 0 && performance.now() >= until) return false
      run.views.push(this.viewOf(run.entries[run.next++], text, run))
    }
    return true
  }

  /**
   * Annotation `entry`'s view in `text`, from the kept caches where they are still
   * valid; records its data, anchor and points in `into` (a run's, or the store's own).
   */
  private viewOf(entry: Y.Map<unknown>, text: FragmentText, into: Pick<ListingRun, 'data' | 'anchors' | 'points'>): AnnotationView {
    // Read again only when the entry changed (onAnnotations): reading 5,000 entries'
    // fields and comment arrays on every pause in typing cost tens of ms.
    const kept = this.data.get(entry)
    const annotation = kept ?? readAnnotation(entry)
    into.data.set(entry, annotation)
    const anchor = this.anchors.get(entry) ?? readStoredAnchor(entry)
    into.anchors.set(entry, anchor)
    let points = this.points.get(entry)
    const edited = this.editedTexts
    if (!points || !points.start || !points.end || edited.has(points.start.type) || edited.has(points.end.type)) points = anchorPoints(this.ydoc, entry)
    into.points.set(entry, points)
    const resolution = resolveAnchor(this.ydoc, text, anchor, points)
    const covered = resolution.status === 'anchored' ? text.projection.slice(resolution.start, resolution.end) : annotation.anchor.quote.exact
    const known = this.typeDef(annotation.type)
    // The copy a flagged cluster keeps is the edition's text, not a duplicate (#18 point 5), as in the exports.
    const typeDef = annotation.type === 'duplicate' && annotation.keep === true ? { ...known, label: KEPT_COPY_LABEL } : known
    // The view as last listed when nothing it shows changed: the same object, so the
    // side panel's cards (Vue compares props by identity) and the editor redraw nothing
    // for it after a pause in typing elsewhere (issue #20).
    const before = kept ? this.byId.get(annotation.id) : undefined
    if (before && before.text === covered && before.typeDef.name === typeDef.name
      && before.typeDef.color === typeDef.color && before.typeDef.label === typeDef.label) {
      if (sameResolution(before.resolution, resolution)) return before
      // Only moved (text typed before it): the same object with its new offsets. No card
      // shows offsets, and a new object for each of the thousands of annotations after the
      // place typed in redrew the side panel's cards after every pause (issue #20).
      if (before.resolution.status === 'anchored' && resolution.status === 'anchored' && before.resolution.via === resolution.via) {
        before.resolution = resolution
        return before
      }
    }
    return { ...annotation, resolution, text: covered, typeDef }
  }

  /** Sorts a finished run's views and makes them (and its caches) current. */
  private finishListing(run: ListingRun): AnnotationView[] {
    const { views } = run
    sortViews(views)
    this.editedTexts.clear()
    this.points = run.points
    this.data = run.data
    this.anchors = run.anchors
    this.cache = views
    this.cacheText = run.text
    this.byId = new Map(views.map((v) => [v.id, v]))
    return views
  }

  /** Whether list() is current: reading it costs nothing. */
  get listed(): boolean {
    return this.cache !== null
  }

  /**
   * Whether list() would resolve most anchors from scratch: it is not current and at
   * least COLD_LIST_MIN annotations have no resolved points, as when a large document
   * has just arrived (or paragraphs were added or removed). A caller that must not
   * hold the main thread that long shows provisional() and waits in idle time (listWhenIdle).
   */
  get cold(): boolean {
    return !this.cache && annotationsMap(this.ydoc).size - this.points.size >= COLD_LIST_MIN
  }

  /**
   * A provisional list() for the first screen, while the whole list is computed in
   * idle time (listWhenIdle): the first `first` annotations in the order of their
   * stored position selectors (the stored orphan flag last, as list() puts the
   * orphans), and every annotation whose stored position, or position when last
   * listed, meets one of `ranges` (ends included); each resolved exactly as list()
   * resolves it (the same view objects list() then gives), in list()'s order. The
   * selectors are refreshed after edits, so the stored order is list()'s order
   * unless another client's edit has not been refreshed yet; the caller replaces
   * this list with list() once that is current. Returns list() when it is current.
   * Worked example: 5,000 annotations just arrived, `first` 50: 5,000 stored
   * positions read and sorted, 50 anchors resolved, not 5,000.
   */
  provisional(first: number, ranges: readonly OffsetRange[] = []): AnnotationView[] {
    if (this.cache) return this.cache
    const candidates = this.storedOrder()
    if (candidates.length === 0) return []
    const meets = (start: number, end: number) => ranges.some((range) => start <= range.end && end >= range.start)
    const chosen = new Set<Y.Map<unknown>>()
    if (ranges.length > 0) for (const c of candidates) {
      const last = this.byId.get(c.id)?.resolution
      if (meets(c.start, c.end) || (last?.status === 'anchored' && meets(last.start, last.end))) chosen.add(c.entry)
    }
    for (const c of candidates.slice(0, first)) chosen.add(c.entry)
    const text = this.currentText()
    // Into the store's own caches: the listing that follows reuses these points and views.
    const own = { data: this.data, anchors: this.anchors, points: this.points }
    const views = [...chosen].map((entry) => this.viewOf(entry, text, own))
    for (const view of views) this.byId.set(view.id, view)
    sortViews(views)
    return views
  }

  /**
   * Every annotation with its stored position, in the order of the stored
   * selectors (the stored orphans last); kept until an annotation changes, as the
   * side panel's and the editor's provisional() come one after the other (the text's
   * observers run between them when the document arrives).
   */
  private storedOrder(): StoredPlace[] {
    if (this.stored?.version === this.entriesVersion) return this.stored.places
    const places: StoredPlace[] = []
    annotationsMap(this.ydoc).forEach((entry) => {
      if (!(entry instanceof Y.Map)) return
      // Only the position selector, as parseStoredAnchor reads it (0, 0 when malformed):
      // parsing the whole anchor of 5,000 was half of this before the first screen.
      const position = (storedAnchorJson(entry) as { position?: { start?: unknown; end?: unknown } } | null)?.position
      const valid = Number.isInteger(position?.start) && Number.isInteger(position?.end)
      const id = storedField(entry, 'id')
      places.push({
        id: typeof id === 'string' ? id : '',
        entry,
        start: valid ? position!.start as number : 0,
        end: valid ? position!.end as number : 0,
        orphaned: storedField(entry, 'orphaned') === true,
      })
    })
    sortByKey(places, (c) => [c.orphaned ? 1 : 0, c.start, -c.end])
    this.stored = { version: this.entriesVersion, places }
    return places
  }

  /** The projection of the text as it is now, built again only after a text change. */
  private currentText(): FragmentText {
    if (this.projection?.version !== this.textVersion) this.projection = { text: new FragmentText(fragmentOf(this.ydoc)), version: this.textVersion }
    return this.projection.text
  }

  get(id: string): AnnotationView | undefined {
    this.list()
    return this.byId.get(id)
  }

  /** Anchored annotations covering projection offset `offset` (start ≤ offset < end), outermost first. */
  at(offset: TextOffset): AnnotationView[] {
    return this.list().filter((v) => v.resolution.status === 'anchored' && v.resolution.start <= offset && offset < v.resolution.end)
  }

  create(input: NewAnnotation): string {
    return createAnnotation(this.ydoc, input)
  }

  addComment(id: string, author: string, text: string): string {
    return addComment(this.ydoc, id, author, text)
  }

  editComment(id: string, commentId: string, author: string, text: string): void {
    editComment(this.ydoc, id, commentId, author, text)
  }

  deleteComment(id: string, commentId: string, author: string): void {
    deleteComment(this.ydoc, id, commentId, author)
  }

  setStatus(id: string, status: 'open' | 'resolved'): void {
    setStatus(this.ydoc, id, status)
  }

  settleSuggestion(id: string, state: 'accepted' | 'rejected'): void {
    settleSuggestion(this.ydoc, id, state)
  }

  delete(id: string): void {
    deleteAnnotation(this.ydoc, id)
  }

  defineType(type: { name: string; color: string; label?: string }): void {
    defineAnnotationType(this.ydoc, type)
  }

  removeType(name: string): void {
    removeAnnotationType(this.ydoc, name)
  }

  destroy(): void {
    this.stopListRun()
    for (const waiter of this.listWaiters) waiter.cancel?.()
    this.listWaiters.clear()
    this.stopWatching()
    annotationsMap(this.ydoc).unobserveDeep(this.onAnnotations)
    annotationTypesMap(this.ydoc).unobserve(this.onTypes)
    fragmentOf(this.ydoc).unobserveDeep(this.onText)
    this.listeners.clear()
  }
}
