import * as Y from 'yjs'
import { reanchor } from '../../core/annotations/reanchor'
import type { TextOffset } from '../../core/text/projection'
import type { FragmentText } from '../text/FragmentText'
import { readStoredAnchor, type StoredAnchor } from './storedAnchor'

/** Where an annotation is now. */
export type Resolution =
  | {
      status: 'anchored'
      start: TextOffset
      end: TextOffset
      /** 'live': from the relative positions; 'reanchored': recovered from the quote. */
      via: 'live' | 'reanchored'
    }
  | { status: 'orphaned' }

function absoluteOffset(ydoc: Y.Doc, text: FragmentText, json: unknown): TextOffset | null {
  if (!json || typeof json !== 'object') return null
  let absolute: Y.AbsolutePosition | null
  try {
    // followUndoneDeletions = false: which items an undo re-created is known only to
    // the client that undid (Item.redone is not synced), so following it would let
    // clients disagree. Restored text is found by the quote instead (resolveAnnotation).
    absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), ydoc, false)
  } catch {
    return null
  }
  if (!absolute) return null
  return text.offsetOf(absolute.type, absolute.index)
}

/**
 * Where an annotation is now, computed from the document alone (so every client
 * with the same document state gets the same answer):
 * 1. Both relative positions resolve into live paragraphs: the range between
 *    them. If it is empty, the annotated characters were deleted: orphaned, unless
 *    the quote's exact text sits right at that point: y-prosemirror splits a
 *    paragraph by deleting its tail and inserting a new paragraph, and an undo
 *    re-creates deleted text as new characters; both put the same words back
 *    where the old ones were.
 * 2. A position does not resolve (the paragraph was removed, or the anchor came
 *    from an import and has no positions): `reanchor` from core on the quote and
 *    position selectors; exact or fuzzy → anchored, else orphaned.
 */
export function resolveAnnotation(ydoc: Y.Doc, text: FragmentText, entry: Y.Map<unknown>): Resolution {
  return resolveAnchor(ydoc, text, readStoredAnchor(entry))
}

/** Where a stored anchor is now, by the rules of resolveAnnotation (which reads the anchor from an annotation's entry). */
export function resolveAnchor(ydoc: Y.Doc, text: FragmentText, anchor: StoredAnchor): Resolution {
  const start = absoluteOffset(ydoc, text, anchor.start)
  const end = absoluteOffset(ydoc, text, anchor.end)
  if (start !== null && end !== null) {
    if (start < end) return { status: 'anchored', start, end, via: 'live' }
    const exact = anchor.quote.exact
    if (exact) {
      // Slack of 2 = the paragraph separator a split inserts before the moved text.
      const at = text.projection.indexOf(exact, Math.max(0, start - exact.length - 2))
      if (at !== -1 && at <= start + 2) return { status: 'anchored', start: at, end: at + exact.length, via: 'reanchored' }
    }
    return { status: 'orphaned' }
  }
  const found = reanchor(text.projection, { quote: anchor.quote, position: anchor.position })
  if (found.status === 'orphaned' || found.start >= found.end) return { status: 'orphaned' }
  return { status: 'anchored', start: found.start, end: found.end, via: 'reanchored' }
}
