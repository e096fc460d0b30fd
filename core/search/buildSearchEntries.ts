import type { Annotation } from '../annotations'
import { isBlankLine, paragraphSpans } from '../text'
import type { SearchEntry } from './searchEntry'

/** The parts of a document's edition the search reads (core/export's EditionInput has them). */
export interface SearchableDocument {
  /** The plain-text projection: paragraphs joined by "\n\n". */
  projection: string
  /** Every annotation, with its anchor on the current projection; `orphaned` when its text is gone. */
  annotations: readonly Annotation[]
}

/**
 * The search entries of one document: each non-empty paragraph with its
 * projection offset, each annotation's quote (placed at its anchor), and each
 * comment of its thread (placed at the annotation's range, so a hit opens the
 * passage the comment is about). Blank paragraphs, empty quotes and empty
 * comments are left out: nothing can match them. An orphaned annotation keeps
 * its last quote and its comments, with null offsets.
 */
export function buildSearchEntries(document: SearchableDocument): SearchEntry[] {
  const entries: SearchEntry[] = []
  const { projection } = document
  for (const paragraph of paragraphSpans(projection)) {
    const body = projection.slice(paragraph.start, paragraph.end)
    if (!isBlankLine(body)) entries.push(textEntry(body, paragraph.start))
  }
  for (const annotation of document.annotations) {
    const range = annotation.orphaned ? null : annotation.anchor.position
    const common = {
      start: range ? range.start : null,
      end: range ? range.end : null,
      annotationId: annotation.id,
      type: annotation.type,
      status: annotation.status,
    }
    const quote = annotation.anchor.quote.exact
    if (quote.trim() !== '') {
      entries.push({ ...common, kind: 'quote', body: quote, commentId: null, author: annotation.author, created: annotation.created })
    }
    for (const comment of annotation.comments) {
      if (comment.text.trim() === '') continue
      entries.push({ ...common, kind: 'comment', body: comment.text, commentId: comment.id, author: comment.author, created: comment.created })
    }
  }
  return entries
}

function textEntry(body: string, start: number): SearchEntry {
  return { kind: 'text', body, start, end: start + body.length, annotationId: null, commentId: null, type: null, author: null, status: null, created: null }
}
