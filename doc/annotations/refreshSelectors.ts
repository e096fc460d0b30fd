import * as Y from 'yjs'
import { createAnchor } from '../../core/annotations/createAnchor'
import { annotationsMap, fragmentOf } from '../model'
import { FragmentText } from '../text/FragmentText'
import { resolveAnnotation, type Resolution } from './resolveAnnotation'
import { readStoredAnchor, relativeRange, writeStoredAnchor, type StoredAnchor } from './storedAnchor'
import { storedField } from './storedFields'

/** Transaction origin of selector refreshes, so observers can tell them from user writes. */
export const ANNOTATION_REFRESH_ORIGIN = 'variorum:annotation-refresh'

/**
 * How far (code units, start and end drift summed) the stored position selector
 * may lag behind the text before a refresh rewrites it when the quote itself is
 * unchanged. It is a hint for `reanchor`, whose exact matching ranks candidates
 * by context first; without this slack every keystroke near the top of a
 * document would rewrite the anchors of all annotations below it.
 * Worked example: typing 20 characters before 3,000 annotations rewrites none
 * of them (drift 40); typing 40 rewrites each once (drift 80), in one
 * transaction. That is the limit of a short text; a long one allows more
 * (`positionDriftLimit`).
 */
export const POSITION_DRIFT_LIMIT = 64

/**
 * Drift allowed in a long text: one code unit per 256 of its length, from
 * POSITION_DRIFT_LIMIT up to 256. A drift rewrite touches every annotation
 * below the edit, and its size grows with the document: in a 70,000-character
 * text with 5,000 annotations, every 32 characters typed near the top rewrote
 * ~2,500 anchors (a ~750 KB update to store, send and apply everywhere, and
 * ~250 ms of encoding in the typist's tab). 256 keeps the hint within 128 units
 * at each end, an error of at most 0.13 in reanchor's fuzzy score (distance /
 * FUZZY_DISTANCE, threshold 0.4). Worked example: 20,000 characters → 78;
 * 70,000 → 256, so typing ~128 characters above an annotation rewrites it once.
 */
export function positionDriftLimit(textLength: number): number {
  return Math.min(256, Math.max(POSITION_DRIFT_LIMIT, Math.floor(textLength / 256)))
}

/** What a refresh writes for one annotation: its new stored anchor and/or orphan flag. */
export interface SelectorChange {
  anchor?: StoredAnchor
  orphaned?: boolean
}

/**
 * What a refresh must write for annotation `entry` given where it is now
 * (`resolution`, from resolveAnnotation), or null when its stored selectors and
 * orphan flag are current (within positionDriftLimit for the position).
 * `stored`: the entry's anchor if the caller has it parsed already (the
 * client's store does: parsing 5,000 anchors again was half of each refresh).
 */
export function selectorChange(text: FragmentText, entry: Y.Map<unknown>, resolution: Resolution, stored: StoredAnchor = readStoredAnchor(entry)): SelectorChange | null {
  if (resolution.status === 'orphaned') return storedField(entry, 'orphaned') !== true ? { orphaned: true } : null
  const selectors = createAnchor(text.projection, resolution.start, resolution.end)
  let next: StoredAnchor = { ...stored, quote: selectors.quote, position: selectors.position }
  if (resolution.via === 'reanchored') {
    const range = relativeRange(text, resolution.start, resolution.end)
    if (range) next = { ...next, start: Y.relativePositionToJSON(range.start), end: Y.relativePositionToJSON(range.end) }
  }
  const drift = Math.abs(stored.position.start - resolution.start) + Math.abs(stored.position.end - resolution.end)
  // The relative positions change only when reanchored: `next` is otherwise `stored`
  // with new selectors, so comparing the two as JSON (as this once did) never found more.
  const changed = resolution.via === 'reanchored'
    || !sameQuote(next.quote, stored.quote)
    || drift > positionDriftLimit(text.length)
  // A missing flag is false (readAnnotation): entries are written without it while anchored.
  const wasOrphaned = storedField(entry, 'orphaned') === true
  if (!changed && !wasOrphaned) return null
  return { ...(changed ? { anchor: next } : {}), ...(wasOrphaned ? { orphaned: false } : {}) }
}

const sameQuote = (a: StoredAnchor['quote'], b: StoredAnchor['quote']): boolean =>
  a.exact === b.exact && a.prefix === b.prefix && a.suffix === b.suffix && a.type === b.type

/** Writes one SelectorChange (inside the caller's transaction). */
export function writeSelectorChange(entry: Y.Map<unknown>, change: SelectorChange): void {
  if (change.anchor) writeStoredAnchor(entry, change.anchor)
  if (change.orphaned !== undefined) entry.set('orphaned', change.orphaned)
}

/**
 * Brings the stored selectors, positions and orphan flag of every annotation in
 * line with the text, writing only what changed, in one transaction with origin
 * ANNOTATION_REFRESH_ORIGIN. Returns how many annotations were written.
 *
 * Why lazily and by the editor only: readers never need the stored selectors
 * (they resolve the relative positions on read), so they are kept for clients
 * that cannot (an export, a CLI, an import). Only the client whose own edit
 * changed the text refreshes, some time after its last keystroke
 * (`watchTextEdits`), so N readers never write and one typist writes one small
 * transaction per pause instead of one per keystroke per client. (The browser
 * client does the same work in idle-time chunks from the resolutions it already
 * holds: client/annotations/annotationStore.)
 * An orphaned annotation keeps its last quote and position: that is what the
 * orphan list shows and what a later re-anchoring searches for.
 */
export function refreshSelectors(ydoc: Y.Doc): number {
  const text = new FragmentText(fragmentOf(ydoc))
  let written = 0
  ydoc.transact(() => {
    annotationsMap(ydoc).forEach((entry) => {
      if (!(entry instanceof Y.Map)) return
      const change = selectorChange(text, entry, resolveAnnotation(ydoc, text, entry))
      if (!change) return
      writeSelectorChange(entry, change)
      written++
    })
  }, ANNOTATION_REFRESH_ORIGIN)
  return written
}

/**
 * Refreshes the stored selectors `delayMs` after this client's last own edit of
 * the text (remote edits are refreshed by their authors), with `refresh`
 * (default: refreshSelectors, all at once). Returns the stop function, which
 * also flushes a pending refresh.
 */
export function watchTextEdits(ydoc: Y.Doc, delayMs = 1500, refresh: () => void = () => refreshSelectors(ydoc)): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const run = () => {
    timer = null
    refresh()
  }
  const onChange = (_events: unknown, transaction: Y.Transaction) => {
    if (!transaction.local) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(run, delayMs)
  }
  const fragment = fragmentOf(ydoc)
  fragment.observeDeep(onChange)
  return () => {
    fragment.unobserveDeep(onChange)
    if (timer) {
      clearTimeout(timer)
      run()
    }
  }
}
