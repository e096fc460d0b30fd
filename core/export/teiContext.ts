import type { EditionInput } from './editionInput'
import { editionEditors } from './editionEditors'
import { escapeXml as x } from './escapeXml'
import { resolveAnchors, type PlacedAnnotation } from './resolveAnchors'
import { resolveCollations, type ResolvedCollation } from './resolveCollations'
import type { Annotation } from '../annotations'
import { paragraphSpans, type ParagraphSpan } from '../text'

/** Allocates unique XML ids (NCNames) from arbitrary ids. */
function idAllocator() {
  const used = new Set<string>()
  return (wanted: string): string => {
    const base = wanted.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^([^A-Za-z_])/, '_$1')
    let id = base
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`
    used.add(id)
    return id
  }
}

/** A teidata.enumerated value (@type): no white space or control characters. */
export const teiToken = (s: string): string => x(s.replace(/[\p{C}\p{Z}]+/gu, '_')) || '_'

/** An xsd:dateTime for @when (it needs seconds, which ISO strings may omit), or null. */
export function teiWhen(iso: string): string | null {
  const t = Date.parse(iso)
  return Number.isNaN(t) ? null : new Date(t).toISOString()
}

/**
 * What every part of a TEI export shares: the input, its paragraphs, the placed
 * and orphaned annotations, and the xml:ids handed out so far. Ids are allocated
 * in a fixed order (editors, witnesses, annotations, types, then each part as it
 * is built) so the same input always gives the same document.
 */
export interface TeiContext {
  input: EditionInput
  projection: string
  paragraphs: ParagraphSpan[]
  placed: PlacedAnnotation[]
  orphans: Annotation[]
  /** A fresh xml:id made from `wanted` (suffixed -2, -3… when taken). */
  newId: (wanted: string) => string
  editorIds: Map<string, string>
  /** Decision witness label → xml:id, the targets of @wit. */
  witnessIds: Map<string, string>
  annIds: Map<string, string>
  typeIds: Map<string, string>
  /** The collations to export, with `witnessIds[w]` the xml:id of witness w (its siglum when free). */
  collations: Array<ResolvedCollation & { id: string; witnessIds: string[] }>
  /** ` resp="#id"` for a known editor, else ''. */
  resp: (name: string) => string
}

/** The shared context of one export of `input`. Never throws for well-typed input. */
export function teiContext(input: EditionInput): TeiContext {
  const { projection } = input
  const newId = idAllocator()
  const paragraphs = paragraphSpans(projection)
  const { placed, orphans } = resolveAnchors(input)

  // Editors and witnesses: the targets of @resp and @wit.
  const editorIds = new Map<string, string>()
  for (const name of editionEditors(input)) editorIds.set(name, newId(`ed-${editorIds.size + 1}`))
  const resp = (name: string) => (editorIds.has(name) ? ` resp="#${editorIds.get(name)}"` : '')
  const witnessIds = new Map<string, string>()
  for (const d of input.decisions) {
    for (const w of [d.witnesses.a, d.witnesses.b]) if (!witnessIds.has(w)) witnessIds.set(w, newId(`wit-${witnessIds.size + 1}`))
  }

  // Annotation ids, types.
  const annIds = new Map<string, string>()
  for (const a of input.annotations) if (!annIds.has(a.id)) annIds.set(a.id, newId(`ann-${a.id}`))
  const typeIds = new Map<string, string>()
  for (const a of input.annotations) if (!typeIds.has(a.type)) typeIds.set(a.type, newId(`type-${a.type}`))

  // Collations last: an edition without them keeps every id it had before they existed.
  const collations = resolveCollations(input).map((c, i) => ({
    ...c, id: newId(`coll-${i + 1}`), witnessIds: c.witnesses.map((w) => newId(w.siglum)),
  }))

  return { input, projection, paragraphs, placed, orphans, newId, editorIds, witnessIds, annIds, typeIds, collations, resp }
}
