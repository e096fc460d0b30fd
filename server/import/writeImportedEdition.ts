import * as Y from 'yjs'
import type { ImportedEdition } from '../../core/import'
import { annotationsMap, annotationTypesMap, decisionsMap, FragmentText, fragmentOf, variantAnnotationIds, writeAnnotations } from '../../doc'

/**
 * Writes what an imported file carried beside its text into a new document's
 * Y.Doc, whose fragment already holds the edition's paragraphs: its types (with
 * their labels), its annotations (writeAnnotations, so they are stored as any
 * import stores them; an orphan keeps its quote and no position), and its
 * decisions as doc/decisions/decisionsDoc.ts stores them, linked to their
 * variant annotations when those came along. One transaction.
 * Returns the annotations not written, with why.
 */
export function writeImportedEdition(doc: Y.Doc, edition: ImportedEdition): { id: string; reason: string }[] {
  let skipped: { id: string; reason: string }[] = []
  doc.transact(() => {
    const types = annotationTypesMap(doc)
    for (const type of edition.types) types.set(type.name, { name: type.name, color: type.color, label: type.label })
    skipped = writeAnnotations(doc, edition.annotations).skipped
    const projection = new FragmentText(fragmentOf(doc)).projection
    const annotations = annotationsMap(doc)
    const decisions = decisionsMap(doc)
    for (const decision of edition.decisions) {
      const entry = new Y.Map<unknown>()
      entry.set('id', decision.id)
      entry.set('created', decision.created)
      entry.set('updated', decision.created)
      entry.set('reading', decision.reading)
      if (decision.text !== undefined) entry.set('text', decision.text)
      if (decision.note !== undefined) entry.set('note', decision.note)
      entry.set('author', decision.author)
      for (const side of ['a', 'b'] as const) {
        const range = decision[side]
        entry.set(side, { type: 'TextPositionSelector', start: range.start, end: range.end, quote: projection.slice(range.start, range.end) })
      }
      entry.set('witnesses', { ...decision.witnesses })
      const ids = variantAnnotationIds(decision.id)
      entry.set('annotations', {
        ...(annotations.has(ids.a) ? { a: ids.a } : {}),
        ...(annotations.has(ids.b) ? { b: ids.b } : {}),
      })
      decisions.set(decision.id, entry)
    }
  })
  return skipped
}
