import * as Y from 'yjs'
import { createAnchor, type Annotation, type Decision } from '../../core/annotations'
import type { EditionCollation, EditionInput } from '../../core/export'
import { listCollations } from '../collations/collationsDoc'
import { listAnnotationTypes } from '../annotations/annotationTypes'
import { readAnnotation } from '../annotations/readAnnotation'
import { resolveAnnotation } from '../annotations/resolveAnnotation'
import { decisionsForExport, listDecisions } from '../decisions/decisionsDoc'
import { annotationsMap, fragmentOf } from '../model'
import { FragmentText } from '../text/FragmentText'

/** What an edition says of its document besides the Y.Doc: the catalog's record. */
export interface EditionSource {
  id: string
  title: string
  /** ISO 8601. */
  createdAt: string
}

/** What an export includes; everything by default. */
export interface EditionSelection {
  /** Annotations of every type but 'duplicate'. */
  annotations: boolean
  /** Annotations of type 'duplicate' (linked occurrences of a repeated passage). */
  duplicates: boolean
  /** The editors' variant decisions. */
  decisions: boolean
  /** Only annotations of these types; null = every type. */
  types: readonly string[] | null
  /** Only open or only resolved annotations; 'all' = both. */
  status: 'open' | 'resolved' | 'all'
}

export const FULL_SELECTION: EditionSelection = { annotations: true, duplicates: true, decisions: true, types: null, status: 'all' }

/**
 * The edition of a workspace document as it is now: its text, its annotations
 * with selectors recomputed from the Yjs relative positions on the current text
 * (an annotation whose text was deleted is passed on as orphaned, with its last
 * quote), its decisions and its own annotation types. Places every annotation with
 * the same resolveAnnotation the editors use, so an export shows it exactly where
 * they see it. Each range is resolved once.
 */
export function readEdition(doc: Y.Doc, summary: EditionSource, selection: EditionSelection = FULL_SELECTION, now = new Date()): EditionInput {
  const text = new FragmentText(fragmentOf(doc))
  const projection = text.projection
  const annotations: Annotation[] = []
  // Every annotation is placed, the unselected too: decisions follow their variant annotations.
  const placed = new Map<string, { start: number; end: number }>()
  annotationsMap(doc).forEach((entry) => {
    if (!(entry instanceof Y.Map)) return
    const annotation = readAnnotation(entry)
    if (!annotation.id) return
    const where = resolveAnnotation(doc, text, entry)
    if (where.status === 'anchored') {
      placed.set(annotation.id, where)
      annotation.anchor = createAnchor(projection, where.start, where.end)
      annotation.orphaned = false
    } else {
      annotation.orphaned = true
    }
    if (selected(annotation, selection)) annotations.push(annotation)
  })
  annotations.sort((a, b) => a.anchor.position.start - b.anchor.position.start || a.anchor.position.end - b.anchor.position.end || (a.id < b.id ? -1 : 1))
  const decisions = selection.decisions ? readDecisions(doc, projection, placed) : []
  const collations = readCollations(doc, text)
  return {
    title: summary.title,
    projection,
    annotations,
    decisions,
    metadata: { id: summary.id, date: now.toISOString().slice(0, 10), source: `Variorum document ${summary.id} (added ${summary.createdAt.slice(0, 10)})` },
    types: listAnnotationTypes(doc).filter((t) => !t.builtIn),
    // Only when there are some: an edition without collations exports as it did before they existed.
    ...(collations.length > 0 ? { collations } : {}),
    anchorsPlaced: true,
  }
}

/**
 * The document's collations (doc/collations) for the exporters: each witness
 * with its siglum, description and range on the current text. A collation a
 * witness of which lost its text is left out. No table: the exporter collates.
 */
export function readCollations(doc: Y.Doc, text: FragmentText): EditionCollation[] {
  const out: EditionCollation[] = []
  for (const collation of listCollations(doc, text)) {
    if (collation.witnesses.some((w) => w.range === null)) continue
    out.push({ witnesses: collation.witnesses.map((w) => ({ siglum: w.siglum, description: w.description, range: w.range! })) })
  }
  return out
}

function selected(annotation: Annotation, selection: EditionSelection): boolean {
  if (annotation.type === 'duplicate' ? !selection.duplicates : !selection.annotations) return false
  if (selection.types && !selection.types.includes(annotation.type)) return false
  return selection.status === 'all' || annotation.status === selection.status
}

/**
 * The decisions (doc/decisions/decisionsDoc.ts) with their ranges on the current
 * text: a side's linked `variant` annotation where it resolves (it follows edits
 * through its relative positions), else the stored range while it still covers
 * the stored quote, else the quote's only occurrence. A decision a side of which
 * cannot be placed any more is left out: its passage was rewritten or deleted.
 */
export function readDecisions(doc: Y.Doc, projection: string, placed: ReadonlyMap<string, { start: number; end: number }>): Decision[] {
  const stored = listDecisions(doc)
  const out: Decision[] = []
  for (const decision of decisionsForExport(doc)) {
    const extra = stored.get(decision.id)
    const place = (side: 'a' | 'b'): Decision['a'] | null => {
      const live = extra?.annotations[side] ? placed.get(extra.annotations[side]!) : undefined
      if (live) return { type: 'TextPositionSelector', start: live.start, end: live.end }
      const range = decision[side]
      const quote = extra?.quotes[side] ?? ''
      if (range.end <= projection.length && (quote === '' || projection.slice(range.start, range.end) === quote)) return range
      const at = quote ? projection.indexOf(quote) : -1
      if (at >= 0 && projection.indexOf(quote, at + 1) < 0) return { type: 'TextPositionSelector', start: at, end: at + quote.length }
      return null
    }
    const a = place('a')
    const b = place('b')
    if (a && b) out.push({ ...decision, a, b })
  }
  return out.sort((x, y) => x.a.start - y.a.start || x.b.start - y.b.start)
}
