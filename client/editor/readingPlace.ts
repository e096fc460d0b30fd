import * as Y from 'yjs'
import type { EditorView } from 'prosemirror-view'
import { paragraphAtTop } from './paragraphAtTop'

/**
 * Where the reader was in a document, kept across reloads (issue #21, point 2:
 * a book is read over many sittings). The place is the paragraph at the top of
 * the pane, as a Yjs relative position of that paragraph in the shared
 * fragment, so text others add or remove above it meanwhile does not move the
 * reader to another paragraph (an offset would), plus how far the pane had
 * scrolled into that paragraph.
 *
 * An address that names a place (`#/doc/<id>@<offset>`, as a search hit links)
 * goes there; reloading that same address returns to where the reader had
 * scrolled since, so the place remembers the address it was reached from.
 */
const STORAGE_KEY = 'variorum.readingPlaces'
/** Places kept, the most recently read first: enough for a working set of documents, bounded storage. */
const PLACES_KEPT = 100

interface StoredPlace {
  document: string
  /** Y.RelativePosition (JSON) of the paragraph at the top of the pane, in the document's fragment. */
  paragraph: unknown
  /** CSS pixels the pane had scrolled past that paragraph's top. */
  into: number
  /** The offset the address named when the reader got here, or null. */
  address: number | null
}

export interface ReadingPlace {
  /** Index of the paragraph to show at the top, now (others' edits above it move it), or null once it is gone. */
  paragraph(): number | null
  into: number
}

function readAll(): StoredPlace[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]')
    return Array.isArray(parsed) ? parsed.filter((p): p is StoredPlace => typeof p?.document === 'string' && typeof p?.into === 'number') : []
  } catch {
    return []
  }
}

/** Remembers the paragraph at the top of `scroller` (the pane showing `view`). */
export function recordReadingPlace(documentId: string, view: EditorView, scroller: HTMLElement, fragment: Y.XmlFragment, address: number | null): void {
  const top = paragraphAtTop(view, scroller)
  if (!top || top.index >= fragment.length) return
  const { index, element } = top
  const box = scroller.getBoundingClientRect()
  const place: StoredPlace = {
    document: documentId,
    paragraph: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(fragment, index)),
    into: Math.round(box.top - element.getBoundingClientRect().top),
    address,
  }
  const places = [place, ...readAll().filter((p) => p.document !== documentId)].slice(0, PLACES_KEPT)
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(places))
  } catch {
    // Storage full or denied: the place is a convenience, reading goes on.
  }
}

/**
 * The remembered place in `documentId`, when the reader arrives by the same
 * address as last time (`address` the offset it names, or null); null when
 * none is kept or its paragraph was deleted since.
 */
export function readingPlaceOf(documentId: string, ydoc: Y.Doc, fragment: Y.XmlFragment, address: number | null): ReadingPlace | null {
  const stored = readAll().find((p) => p.document === documentId)
  if (!stored || stored.address !== address) return null
  let relative: Y.RelativePosition
  try {
    relative = Y.createRelativePositionFromJSON(stored.paragraph)
  } catch {
    return null
  }
  const paragraph = (): number | null => {
    const absolute = Y.createAbsolutePositionFromRelativePosition(relative, ydoc)
    return absolute && absolute.type === fragment && absolute.index < fragment.length ? absolute.index : null
  }
  return paragraph() === null ? null : { paragraph, into: stored.into }
}
