import { reanchor, type Annotation } from '../annotations'
import type { EditionInput } from './editionInput'
import type { TextOffset } from '../text'

/** An annotation with its range in the projection being exported. */
export interface PlacedAnnotation {
  annotation: Annotation
  start: TextOffset
  end: TextOffset
}

/** Annotations split into those with a range in the text and the orphans. */
export interface ResolvedAnnotations {
  /** Sorted by start, then longest first, then id. */
  placed: PlacedAnnotation[]
  /** Flagged orphaned, or whose quote could not be found: kept, never dropped. */
  orphans: Annotation[]
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff
/** Widens a range that splits a surrogate pair so exports never cut a character (e.g. an emoji) in two. */
function wholeCharacters(text: string, start: number, end: number): { start: number; end: number } {
  if (start > 0 && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start--
  if (end > 0 && end < text.length && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) end++
  return { start, end: Math.max(start, end) }
}

/**
 * Finds each annotation's range in the edition's projection. With `anchorsPlaced`
 * (an edition read from a live document, doc/edition/readEdition, which has
 * resolved every range already) the position selectors are the ranges and are
 * taken as they are: each range is resolved once per export. Otherwise a position
 * selector is used while the text there still equals the quote, and `reanchor`
 * finds the rest. Annotations flagged `orphaned` stay orphans.
 */
export function resolveAnchors(input: Pick<EditionInput, 'projection' | 'annotations' | 'anchorsPlaced'>): ResolvedAnnotations {
  const { projection, annotations } = input
  const placed: PlacedAnnotation[] = []
  const orphans: Annotation[] = []
  for (const annotation of annotations) {
    if (annotation.orphaned) {
      orphans.push(annotation)
      continue
    }
    const { start, end } = annotation.anchor.position
    if (input.anchorsPlaced || (start >= 0 && end >= start && end <= projection.length && projection.slice(start, end) === annotation.anchor.quote.exact)) {
      placed.push({ annotation, ...wholeCharacters(projection, start, end) })
      continue
    }
    const found = reanchor(projection, annotation.anchor)
    if (found.status === 'orphaned') orphans.push(annotation)
    else placed.push({ annotation, ...wholeCharacters(projection, found.start, found.end) })
  }
  placed.sort((a, b) => a.start - b.start || b.end - a.end || (a.annotation.id < b.annotation.id ? -1 : a.annotation.id > b.annotation.id ? 1 : 0))
  return { placed, orphans }
}
