import * as Y from 'yjs'
import {
  annotationsMap,
  fragmentOf,
  listAnnotationTypes,
  readAnnotation,
  resolveAnnotation,
} from '../../client/annotations/annotationDoc'
import { FragmentText } from '../../client/annotations/fragmentText'
import { createAnchor, type Annotation, type Decision } from '../../core/annotations'
import type { EditionInput } from '../../core/export'
import { DOC_MODEL } from '../../core/text'
import type { DocumentSummary } from '../documents/DocumentCatalog'

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
 * quote), its decisions and its own annotation types. Reads the Y.Doc through the
 * client's annotation store (pure Yjs, docs/DATA-MODEL.md), so an export places
 * every annotation exactly where editors see it.
 */
export function readEdition(doc: Y.Doc, summary: DocumentSummary, selection: EditionSelection = FULL_SELECTION, now = new Date()): EditionInput {
  const text = new FragmentText(fragmentOf(doc))
  const projection = text.projection
  const annotations: Annotation[] = []
  annotationsMap(doc).forEach((entry) => {
    if (!(entry instanceof Y.Map)) return
    const annotation = readAnnotation(entry)
    if (!annotation.id || !selected(annotation, selection)) return
    const where = resolveAnnotation(doc, text, entry)
    if (where.status === 'anchored') {
      annotation.anchor = createAnchor(projection, where.start, where.end)
      annotation.orphaned = false
    } else {
      annotation.orphaned = true
    }
    annotations.push(annotation)
  })
  annotations.sort((a, b) => a.anchor.position.start - b.anchor.position.start || a.anchor.position.end - b.anchor.position.end || (a.id < b.id ? -1 : 1))
  const decisions = selection.decisions ? readDecisions(doc, projection.length) : []
  return {
    title: summary.title,
    projection,
    annotations,
    decisions,
    metadata: { id: summary.id, date: now.toISOString().slice(0, 10), source: `Variorum document ${summary.id} (added ${summary.createdAt.slice(0, 10)})` },
    types: listAnnotationTypes(doc).filter((t) => !t.builtIn),
  }
}

function selected(annotation: Annotation, selection: EditionSelection): boolean {
  if (annotation.type === 'duplicate' ? !selection.duplicates : !selection.annotations) return false
  if (selection.types && !selection.types.includes(annotation.type)) return false
  return selection.status === 'all' || annotation.status === selection.status
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

function range(v: unknown, length: number): Decision['a'] | null {
  if (!isRecord(v)) return null
  const { start, end } = v
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return null
  if ((start as number) < 0 || (end as number) < (start as number) || (end as number) > length) return null
  return { type: 'TextPositionSelector', start: start as number, end: end as number }
}

/**
 * The decisions map (issue 5) as core `Decision`s, in id order. Entries may be
 * Y.Maps or plain JSON; one that is not a well-formed decision over this text
 * (ranges outside it, an unknown reading) is left out rather than failing the export.
 */
export function readDecisions(doc: Y.Doc, length: number): Decision[] {
  const decisions: Decision[] = []
  doc.getMap(DOC_MODEL.decisions).forEach((value, key) => {
    const raw = value instanceof Y.Map ? (value.toJSON() as unknown) : value
    if (!isRecord(raw)) return
    const a = range(raw.a, length)
    const b = range(raw.b, length)
    const reading = raw.reading
    if (!a || !b || (reading !== 'a' && reading !== 'b' && reading !== 'edited')) return
    const witnesses = isRecord(raw.witnesses) ? raw.witnesses : {}
    const decision: Decision = {
      id: typeof raw.id === 'string' && raw.id ? raw.id : key,
      a,
      b,
      reading,
      author: typeof raw.author === 'string' ? raw.author : '',
      created: typeof raw.created === 'string' ? raw.created : '',
      witnesses: {
        a: typeof witnesses.a === 'string' && witnesses.a ? witnesses.a : 'A',
        b: typeof witnesses.b === 'string' && witnesses.b ? witnesses.b : 'B',
      },
    }
    if (typeof raw.text === 'string') decision.text = raw.text
    if (typeof raw.note === 'string') decision.note = raw.note
    decisions.push(decision)
  })
  return decisions.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))
}
