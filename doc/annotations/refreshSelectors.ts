import * as Y from 'yjs'
import { createAnchor } from '../../core/annotations/createAnchor'
import { annotationsMap, fragmentOf } from '../model'
import { FragmentText } from '../text/FragmentText'
import { resolveAnnotation } from './resolveAnnotation'
import { readStoredAnchor, relativeRange, type StoredAnchor } from './storedAnchor'

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
 * transaction.
 */
export const POSITION_DRIFT_LIMIT = 64

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
 * transaction per pause instead of one per keystroke per client.
 * An orphaned annotation keeps its last quote and position: that is what the
 * orphan list shows and what a later re-anchoring searches for.
 */
export function refreshSelectors(ydoc: Y.Doc): number {
  const text = new FragmentText(fragmentOf(ydoc))
  let written = 0
  ydoc.transact(() => {
    annotationsMap(ydoc).forEach((entry) => {
      if (!(entry instanceof Y.Map)) return
      const stored = readStoredAnchor(entry)
      const resolution = resolveAnnotation(ydoc, text, entry)
      if (resolution.status === 'orphaned') {
        if (entry.get('orphaned') !== true) {
          entry.set('orphaned', true)
          written++
        }
        return
      }
      const selectors = createAnchor(text.projection, resolution.start, resolution.end)
      let next: StoredAnchor = { ...stored, quote: selectors.quote, position: selectors.position }
      if (resolution.via === 'reanchored') {
        const range = relativeRange(text, resolution.start, resolution.end)
        if (range) next = { ...next, start: Y.relativePositionToJSON(range.start), end: Y.relativePositionToJSON(range.end) }
      }
      const drift = Math.abs(stored.position.start - resolution.start) + Math.abs(stored.position.end - resolution.end)
      const changed = resolution.via === 'reanchored'
        || JSON.stringify(next.quote) !== JSON.stringify(stored.quote)
        || drift > POSITION_DRIFT_LIMIT
        || JSON.stringify(next) !== JSON.stringify({ ...readStoredAnchor(entry), quote: next.quote, position: next.position })
      const wasOrphaned = entry.get('orphaned') !== false
      if (changed) entry.set('anchor', next)
      if (wasOrphaned) entry.set('orphaned', false)
      if (changed || wasOrphaned) written++
    })
  }, ANNOTATION_REFRESH_ORIGIN)
  return written
}

/**
 * Refreshes the stored selectors `delayMs` after this client's last own edit of
 * the text (remote edits are refreshed by their authors). Returns the stop
 * function, which also flushes a pending refresh.
 */
export function watchTextEdits(ydoc: Y.Doc, delayMs = 1500): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const run = () => {
    timer = null
    refreshSelectors(ydoc)
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
