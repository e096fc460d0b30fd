import * as Y from 'yjs'
import { reanchor } from '../../core/annotations/reanchor'
import { PARAGRAPH_SEPARATOR, type TextOffset } from '../../core/text/projection'
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
  return anchorPointsOf(ydoc, readStoredAnchor(entry))
}

/** A stored anchor's relative positions resolved in `ydoc`. */
function anchorPointsOf(ydoc: Y.Doc, anchor: StoredAnchor): AnchorPoints {
  return { start: absolutePosition(ydoc, anchor.start), end: absolutePosition(ydoc, anchor.end) }
}

function absoluteOffset(text: FragmentText, absolute: Y.AbsolutePosition | null): TextOffset | null {
  return absolute ? text.offsetOf(absolute.type, absolute.index) : null
}

const withoutBreaks = (value: string): string => value.split(PARAGRAPH_SEPARATOR).join('')

/**
 * The end of an annotation cut short by Enter (#18): y-prosemirror splits a paragraph
 * by deleting its tail and inserting a new paragraph with the same characters as new
 * items, so the end's relative position, on a deleted item, falls back to the split
 * point. When the live text [start, end) is the beginning of the quote and the rest
 * of the quote follows after one or more paragraph breaks, the annotation goes on
 * there: returns the end of that rest, or null when the text does not read so (the
 * tail was deleted, not moved). Worked example: "brave new world" split after
 * "brave " reads "brave " live, then "\n\n" and "new world": the end moves past it.
 */
function continuedAfterSplit(projection: string, start: TextOffset, end: TextOffset, exact: string): TextOffset | null {
  const live = projection.slice(start, end)
  if (!exact || live.length >= exact.length || !exact.startsWith(withoutBreaks(live))) return null
  const rest = exact.slice(withoutBreaks(live).length)
  let at = end
  let matched = 0
  let breaks = 0
  while (matched < rest.length) {
    if (projection.startsWith(PARAGRAPH_SEPARATOR, at)) {
      at += PARAGRAPH_SEPARATOR.length
      breaks++
    } else if (projection[at] === rest[matched]) {
      at++
      matched++
    } else return null
  }
  return breaks > 0 ? at : null
}

/**
 * Where the quote stands whole around a live range that shrank inside it, or null.
 * An end (or start) on a character that was deleted and put back as a new one (an
 * undo re-creates deleted text as new items, and only the client that undid knows
 * which; see absoluteOffset) falls next to the restored character, not on it: the
 * live range is then a part of the quote, and the quote's text is still there around
 * it. Worked example: after undoing the acceptance of 自已→自己, a note on "已的事"
 * reads "的事" live while "已的事" stands around it: the note covers "已的事" again.
 * A range shrunk because its words were deleted has no whole quote around it.
 */
function quoteAround(projection: string, start: TextOffset, end: TextOffset, exact: string): TextOffset | null {
  if (!exact || end - start >= exact.length || !exact.includes(projection.slice(start, end))) return null
  // Only a window of the quote's length either side is read: this runs for every shrunk range on each resolve.
  const from = Math.max(0, end - exact.length)
  const found = projection.slice(from, start + exact.length).indexOf(exact)
  return found >= 0 && from + found <= start ? from + found : null
}

/**
 * True when the text between where an annotation's positions collapsed and where its
 * quote is now is only words that stood before it (the end of the quote's prefix),
 * paragraph breaks aside: Enter was pressed, perhaps more than once, before the
 * annotated words, moving them into new paragraphs.
 */
function movedBySplits(between: string, prefix: string): boolean {
  const words = withoutBreaks(between)
  return between.includes(PARAGRAPH_SEPARATOR) && words.length > 0 && withoutBreaks(prefix).endsWith(words)
}

/**
 * Where an annotation is now, computed from the document alone (so every client
 * with the same document state gets the same answer):
 * 1. Both relative positions resolve into live paragraphs: the range between
 *    them, carried on past a paragraph split when the rest of its quote follows
 *    the breaks (continuedAfterSplit: Enter inside an annotation keeps it whole),
 *    or widened to its quote when it shrank inside a quote that stands whole
 *    around it (quoteAround: text deleted and put back by an undo).
 *    If it is empty, the annotated characters were deleted: orphaned, unless the
 *    quote's exact text sits right at that point, or after paragraph breaks and the
 *    words that stood before it (movedBySplits): y-prosemirror splits a paragraph
 *    by deleting its tail and inserting a new paragraph, and an undo re-creates
 *    deleted text as new characters; both put the same words back where the old
 *    ones were.
 * 2. A position does not resolve (the paragraph was removed, or the anchor came
 *    from an import and has no positions): `reanchor` from core on the quote and
 *    position selectors; exact or fuzzy → anchored, else orphaned.
 * `points`: the anchor's positions if the caller kept them (anchorPoints), else resolved here.
 */
export function resolveAnnotation(ydoc: Y.Doc, text: FragmentText, entry: Y.Map<unknown>, points: AnchorPoints = anchorPoints(ydoc, entry)): Resolution {
  return resolveAnchor(ydoc, text, readStoredAnchor(entry), points)
}

/** Where a stored anchor is now, by the rules of resolveAnnotation (which reads the anchor from an annotation's entry). */
export function resolveAnchor(ydoc: Y.Doc, text: FragmentText, anchor: StoredAnchor, points: AnchorPoints = anchorPointsOf(ydoc, anchor)): Resolution {
  const start = absoluteOffset(text, points.start)
  const end = absoluteOffset(text, points.end)
  if (start !== null && end !== null) {
    const exact = anchor.quote.exact
    if (start < end) {
      const split = continuedAfterSplit(text.projection, start, end, exact)
      if (split !== null) return { status: 'anchored', start, end: split, via: 'reanchored' }
      const around = quoteAround(text.projection, start, end, exact)
      if (around !== null) return { status: 'anchored', start: around, end: around + exact.length, via: 'reanchored' }
      return { status: 'anchored', start, end, via: 'live' }
    }
    if (exact) {
      // Slack of 2 = the paragraph separator a split inserts before the moved text.
      const at = text.projection.indexOf(exact, Math.max(0, start - exact.length - 2))
      if (at !== -1 && (at <= start + 2 || movedBySplits(text.projection.slice(start, at), anchor.quote.prefix))) {
        return { status: 'anchored', start: at, end: at + exact.length, via: 'reanchored' }
      }
    }
    return { status: 'orphaned' }
  }
  const found = reanchor(text.projection, { quote: anchor.quote, position: anchor.position })
  if (found.status === 'orphaned' || found.start >= found.end) return { status: 'orphaned' }
  return { status: 'anchored', start: found.start, end: found.end, via: 'reanchored' }
}
