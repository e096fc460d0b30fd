import * as Y from 'yjs'
import { reanchor } from '../../core/annotations/reanchor'
import type { TextOffset } from '../../core/text/projection'
import type { FragmentText } from '../text/FragmentText'
import { readStoredAnchor } from './storedAnchor'

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

/**
 * Where an annotation's two relative positions point in the Y.Doc now: a
 * paragraph's Y.XmlText and an index in it, or null when a position does not
 * resolve (its paragraph was removed, or the anchor has no positions). They
 * stay valid until that Y.XmlText is edited or paragraphs are added or
 * removed, so a caller may keep them across edits elsewhere (the client's
 * AnnotationStore re-resolves only annotations in edited paragraphs).
 */
export interface AnchorPoints {
  start: Y.AbsolutePosition | null
  end: Y.AbsolutePosition | null
}

function absolutePosition(ydoc: Y.Doc, json: unknown): Y.AbsolutePosition | null {
  if (!json || typeof json !== 'object') return null
  try {
    // followUndoneDeletions = false: which items an undo re-created is known only to
    // the client that undid (Item.redone is not synced), so following it would let
    // clients disagree. Restored text is found by the quote instead (resolveAnnotation).
    return Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), ydoc, false)
  } catch {
    return null
  }
}

/** The stored anchor's relative positions of annotation `entry`, resolved in `ydoc` (see AnchorPoints). */
export function anchorPoints(ydoc: Y.Doc, entry: Y.Map<unknown>): AnchorPoints {
  const anchor = readStoredAnchor(entry)
  return { start: absolutePosition(ydoc, anchor.start), end: absolutePosition(ydoc, anchor.end) }
}

function absoluteOffset(text: FragmentText, absolute: Y.AbsolutePosition | null): TextOffset | null {
  return absolute ? text.offsetOf(absolute.type, absolute.index) : null
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
 * `points`: the anchor's positions if the caller kept them (anchorPoints), else resolved here.
 */
export function resolveAnnotation(ydoc: Y.Doc, text: FragmentText, entry: Y.Map<unknown>, points: AnchorPoints = anchorPoints(ydoc, entry)): Resolution {
  const anchor = readStoredAnchor(entry)
  const start = absoluteOffset(text, points.start)
  const end = absoluteOffset(text, points.end)
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
