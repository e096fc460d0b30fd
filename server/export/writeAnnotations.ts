import * as Y from 'yjs'
import { annotationsMap, annotationTypesMap, fragmentOf, relativeRange, type StoredAnchor } from '../../client/annotations/annotationDoc'
import { FragmentText } from '../../client/annotations/fragmentText'
import { createAnchor, isBuiltInType, type Annotation } from '../../core/annotations'

/** Colour given to a type an import names but the document does not define (a neutral grey, 7:1 on white). */
const IMPORTED_TYPE_COLOR = '#555555'

export interface WrittenAnnotations {
  /** Ids written. */
  written: string[]
  /** Annotations not written, each with why (an id the document already has). */
  skipped: { id: string; reason: string }[]
}

/**
 * Writes annotations anchored on the document's current projection into its Y.Doc,
 * as docs/DATA-MODEL.md describes: relative positions on the characters of each
 * range (so live editors see them where the text is and they follow later edits),
 * fresh quote and position selectors, comments as Y.Maps, links as a Y.Array. An id
 * the document already has is skipped, never overwritten; a type the document does
 * not know is added to its types. Call inside one transaction (SyncServer.updateDocument).
 */
export function writeAnnotations(doc: Y.Doc, annotations: readonly Annotation[]): WrittenAnnotations {
  const map = annotationsMap(doc)
  const types = annotationTypesMap(doc)
  const text = new FragmentText(fragmentOf(doc))
  const result: WrittenAnnotations = { written: [], skipped: [] }
  for (const annotation of annotations) {
    if (map.has(annotation.id)) {
      result.skipped.push({ id: annotation.id, reason: 'the document already has an annotation with this id; not replaced' })
      continue
    }
    const { start, end } = annotation.anchor.position
    const range = relativeRange(text, start, end)
    // An empty or separator-only range has no character to stick to: stored without
    // relative positions, it is found again by its quote (DATA-MODEL "Resolving").
    const selectors = range ? createAnchor(text.projection, range.from, range.to) : annotation.anchor
    const anchor: StoredAnchor = {
      start: range ? Y.relativePositionToJSON(range.start) : null,
      end: range ? Y.relativePositionToJSON(range.end) : null,
      quote: selectors.quote,
      position: selectors.position,
    }
    const entry = new Y.Map<unknown>()
    entry.set('id', annotation.id)
    entry.set('type', annotation.type)
    entry.set('author', annotation.author)
    entry.set('created', annotation.created)
    entry.set('updated', annotation.updated)
    entry.set('status', annotation.status)
    entry.set('orphaned', false)
    if (annotation.color) entry.set('color', annotation.color)
    entry.set('anchor', anchor)
    const comments = new Y.Array<Y.Map<unknown>>()
    comments.push(
      annotation.comments.map((c) => {
        const comment = new Y.Map<unknown>()
        comment.set('id', c.id)
        comment.set('author', c.author)
        comment.set('created', c.created)
        if (c.updated) comment.set('updated', c.updated)
        comment.set('text', c.text)
        return comment
      }),
    )
    entry.set('comments', comments)
    const links = new Y.Array<{ rel: string; target: string }>()
    links.push(annotation.links.map((l) => ({ rel: l.rel, target: l.target })))
    entry.set('links', links)
    if (annotation.suggestion) entry.set('suggestion', { state: 'open', ...annotation.suggestion })
    if (annotation.keep !== undefined) entry.set('keep', annotation.keep)
    if (annotation.cluster !== undefined) entry.set('cluster', annotation.cluster)
    map.set(annotation.id, entry)
    if (!isBuiltInType(annotation.type) && !types.has(annotation.type)) {
      types.set(annotation.type, { name: annotation.type, color: IMPORTED_TYPE_COLOR, label: annotation.type })
    }
    result.written.push(annotation.id)
  }
  return result
}
