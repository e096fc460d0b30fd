import * as Y from 'yjs'
import { contentId } from '../../core/annotations/contentId'
import type { TextOffset } from '../../core/text/projection'
import { parseStoredAnchor, storedAnchorFor, type StoredAnchor } from '../annotations/storedAnchor'
import { resolveAnchor } from '../annotations/resolveAnnotation'
import { collationsMap, fragmentOf } from '../model'
import { FragmentText } from '../text/FragmentText'

/*
 * Collations as Yjs data (docs/DATA-MODEL.md, "Collations"): several ranges of
 * the document or of other documents of the workspace, each a witness with a
 * siglum and a description, saved so every editor sees the same set. A witness
 * range is anchored as an annotation is (doc/annotations: relative positions
 * plus quote and position selectors) and resolved by the same rules, so it
 * follows edits to the text; a whole-document witness stores no positions and
 * always covers all of its document's text, however it grows.
 *
 * ydoc.getMap('collations'): id → Y.Map with
 *   id, author, created (ISO),
 *   witnesses: [{siglum, description, documentId?, whole?, anchor?}] (plain JSON, set whole),
 *   decisions: Y.Map of decisions by id (collationDecisions.ts).
 */

/**
 * The Y.Doc of another workspace document by its id, or null when it is not
 * available (unknown, deleted, not loaded yet). doc/ stays pure Yjs: the caller
 * (a client session registry, the server's document store) does the opening.
 */
export type DocumentLookup = (documentId: string) => Y.Doc | null

/** The lookup of a caller that knows no other document: every other-document witness reads as missing. */
export const noOtherDocuments: DocumentLookup = () => null

/**
 * A witness to create: a siglum ("A"), the editor's description ("page 1") and a
 * projection range [start, end) of its document, which is `documentId` (absent:
 * the collation's own document). With `whole`, the witness is all of that
 * document's text, now and as it grows; start and end are then ignored.
 */
export interface NewWitness {
  siglum: string
  description: string
  start: TextOffset
  end: TextOffset
  documentId?: string
  whole?: boolean
}

export interface NewCollation {
  witnesses: NewWitness[]
  author: string
}

/**
 * A witness as stored: its anchor in its document's text (absent for a whole
 * document), and that document's id when it is not the collation's own.
 */
export interface StoredWitness {
  siglum: string
  description: string
  documentId?: string
  whole?: true
  anchor?: StoredAnchor
}

/**
 * A witness as it reads now: its range on the current text of its document
 * (`documentId`, absent for the collation's own), or null when its text was
 * deleted or its document is `missing` (the lookup found no Y.Doc for it).
 */
export interface CollationWitnessNow {
  siglum: string
  description: string
  range: { start: TextOffset; end: TextOffset } | null
  documentId?: string
  whole?: true
  missing?: true
}

/** A collation as the UI and the exports read it. */
export interface CollationNow {
  id: string
  author: string
  created: string
  witnesses: CollationWitnessNow[]
}

/**
 * The id of the collation of these witnesses on this text: "col-" and a hash of
 * each witness's siglum, range and the text it covers (core contentId), so two
 * editors creating the same collation at once write one entry. The descriptions
 * are left out: they are labels, and differing ones still mean the same collation
 * (the last write wins).
 */
export function collationIdFor(projection: string, witnesses: readonly Pick<NewWitness, 'siglum' | 'start' | 'end'>[]): string {
  return contentId('col', witnesses.flatMap((w) => [w.siglum, w.start, w.end, projection.slice(w.start, w.end)]))
}

/**
 * collationIdFor over witnesses that may lie in other documents: each one's
 * text is read from its own document's projection, and its document id and
 * wholeness join the hash (a same-document range hashes exactly as in
 * collationIdFor, so existing ids stay).
 */
function collationIdOf(witnesses: readonly { siglum: string; start: TextOffset; end: TextOffset; text: string; documentId?: string; whole?: true }[]): string {
  return contentId('col', witnesses.flatMap((w) => [
    ...(w.documentId !== undefined || w.whole ? [`\u0000${w.documentId ?? ''}${w.whole ? '\u0000whole' : ''}`] : []),
    w.siglum, w.start, w.end, w.text,
  ]))
}

/**
 * Saves a collation of two or more witnesses and returns its id (collationIdFor).
 * One that is already saved is left as it is (its decisions stay). Each witness
 * range is narrowed to the characters it covers, as annotations are; a witness
 * in another document is anchored in that document's Y.Doc, found with
 * `documents`. Throws RangeError for fewer than two witnesses, an empty or
 * repeated siglum, a range outside its text or covering no character, a
 * document the lookup does not find, or an empty author.
 */
export function createCollation(ydoc: Y.Doc, input: NewCollation, now = new Date(), documents: DocumentLookup = noOtherDocuments): string {
  if (input.witnesses.length < 2) throw new RangeError(`a collation needs at least two witnesses, got ${input.witnesses.length}`)
  if (!input.author.trim()) throw new RangeError('a collation needs an author')
  const sigla = new Set<string>()
  for (const w of input.witnesses) {
    if (!w.siglum.trim()) throw new RangeError('a witness needs a siglum')
    if (sigla.has(w.siglum)) throw new RangeError(`siglum ${JSON.stringify(w.siglum)} is used twice`)
    sigla.add(w.siglum)
  }
  const texts = textsOf(ydoc, documents)
  const hashed: Parameters<typeof collationIdOf>[0][number][] = []
  const witnesses: StoredWitness[] = input.witnesses.map((w) => {
    const where = w.documentId === undefined ? {} : { documentId: w.documentId }
    const text = texts(w.documentId)
    if (!text) throw new RangeError(`witness ${w.siglum}: document ${JSON.stringify(w.documentId)} is not available`)
    if (w.whole) {
      hashed.push({ siglum: w.siglum, start: 0, end: text.length, text: text.projection, ...where, whole: true })
      return { siglum: w.siglum, description: w.description.trim(), ...where, whole: true }
    }
    if (!Number.isInteger(w.start) || !Number.isInteger(w.end) || w.start < 0 || w.end > text.length || w.start >= w.end) {
      throw new RangeError(`witness ${w.siglum}: range [${w.start}, ${w.end}) is not inside the text of length ${text.length}`)
    }
    const anchor = storedAnchorFor(text, w.start, w.end)
    if (!anchor) throw new RangeError(`witness ${w.siglum}: range [${w.start}, ${w.end}) covers no character`)
    const { start, end } = anchor.position
    hashed.push({ siglum: w.siglum, start, end, text: text.projection.slice(start, end), ...where })
    return { siglum: w.siglum, description: w.description.trim(), ...where, anchor }
  })
  const id = collationIdOf(hashed)
  const map = collationsMap(ydoc)
  if (map.get(id) instanceof Y.Map) return id
  ydoc.transact(() => {
    const entry = new Y.Map<unknown>()
    entry.set('id', id)
    entry.set('author', input.author)
    entry.set('created', now.toISOString())
    entry.set('witnesses', witnesses)
    entry.set('decisions', new Y.Map<unknown>())
    map.set(id, entry)
  })
  return id
}

/** Changes a witness's description for everyone. Throws RangeError for an unknown collation or siglum. */
export function describeWitness(ydoc: Y.Doc, collationId: string, siglum: string, description: string): void {
  const entry = collationEntry(ydoc, collationId)
  const witnesses = storedWitnesses(entry)
  const at = witnesses.findIndex((w) => w.siglum === siglum)
  if (at < 0) throw new RangeError(`collation "${collationId}" has no witness "${siglum}"`)
  witnesses[at] = { ...witnesses[at], description: description.trim() }
  entry.set('witnesses', witnesses)
}

/**
 * Removes a collation and its decisions for everyone, in one transaction with
 * `origin` (REMOVAL_ORIGIN where a view offers the undo). Unknown ids are ignored.
 */
export function deleteCollation(ydoc: Y.Doc, collationId: string, origin: unknown = null): void {
  ydoc.transact(() => collationsMap(ydoc).delete(collationId), origin)
}

/** The Y.Map of one collation. Throws RangeError for an unknown id. */
export function collationEntry(ydoc: Y.Doc, collationId: string): Y.Map<unknown> {
  const entry = collationsMap(ydoc).get(collationId)
  if (!(entry instanceof Y.Map)) throw new RangeError(`no collation "${collationId}"`)
  return entry
}

/** The stored witnesses of a collation entry; entries a foreign client wrote badly are skipped. */
export function storedWitnesses(entry: Y.Map<unknown>): StoredWitness[] {
  const raw = entry.get('witnesses')
  if (!Array.isArray(raw)) return []
  return raw
    .filter((w): w is Record<string, unknown> => !!w && typeof w === 'object' && typeof (w as { siglum?: unknown }).siglum === 'string')
    .map((w) => {
      const stored: StoredWitness = { siglum: w.siglum as string, description: typeof w.description === 'string' ? w.description : '' }
      if (typeof w.documentId === 'string') stored.documentId = w.documentId
      // A witness without an anchor can only be whole: nothing else says where it is.
      if (w.whole === true || w.anchor === undefined) stored.whole = true
      else stored.anchor = parseStoredAnchor(w.anchor)
      return stored
    })
}

/**
 * The texts of the collation's own document (documentId undefined) and of the
 * documents `documents` finds, each projected once per call; null for a
 * document the lookup does not find.
 */
function textsOf(ydoc: Y.Doc, documents: DocumentLookup, own?: FragmentText): (documentId: string | undefined) => FragmentText | null {
  const cache = new Map<string | undefined, { doc: Y.Doc; text: FragmentText } | null>()
  if (own) cache.set(undefined, { doc: ydoc, text: own })
  return (documentId) => {
    if (!cache.has(documentId)) {
      const doc = documentId === undefined ? ydoc : documents(documentId)
      cache.set(documentId, doc ? { doc, text: new FragmentText(fragmentOf(doc)) } : null)
    }
    return cache.get(documentId)?.text ?? null
  }
}

/** A stored witness as it reads now in its document (see CollationWitnessNow). */
function resolveWitness(ydoc: Y.Doc, w: StoredWitness, documents: DocumentLookup, texts: (documentId: string | undefined) => FragmentText | null): CollationWitnessNow {
  const now: CollationWitnessNow = { siglum: w.siglum, description: w.description, range: null }
  if (w.documentId !== undefined) now.documentId = w.documentId
  if (w.whole) now.whole = true
  const text = texts(w.documentId)
  if (!text) return { ...now, missing: true }
  if (w.whole) return { ...now, range: { start: 0, end: text.length } }
  const doc = w.documentId === undefined ? ydoc : documents(w.documentId)!
  const where = resolveAnchor(doc, text, w.anchor!)
  return { ...now, range: where.status === 'anchored' ? { start: where.start, end: where.end } : null }
}

/**
 * One collation as it reads now: each witness resolved on the current text of
 * its document with the annotations' rules (resolveAnchor); a witness whose text
 * was deleted, or whose document `documents` does not find, has a null range.
 * Null for an entry that is not a collation (fewer than two witnesses).
 */
export function readCollation(ydoc: Y.Doc, text: FragmentText, entry: Y.Map<unknown>, documents: DocumentLookup = noOtherDocuments): CollationNow | null {
  const id = entry.get('id')
  const witnesses = storedWitnesses(entry)
  if (typeof id !== 'string' || witnesses.length < 2) return null
  const texts = textsOf(ydoc, documents, text)
  return {
    id,
    author: typeof entry.get('author') === 'string' ? (entry.get('author') as string) : '',
    created: typeof entry.get('created') === 'string' ? (entry.get('created') as string) : '',
    witnesses: witnesses.map((w) => resolveWitness(ydoc, w, documents, texts)),
  }
}

/**
 * Every collation of the document as it reads now, oldest first (then by id, so
 * every client lists them alike); witnesses in other documents are read from the
 * Y.Docs `documents` finds.
 */
export function listCollations(ydoc: Y.Doc, text = new FragmentText(fragmentOf(ydoc)), documents: DocumentLookup = noOtherDocuments): CollationNow[] {
  const out: CollationNow[] = []
  collationsMap(ydoc).forEach((entry) => {
    if (!(entry instanceof Y.Map)) return
    const collation = readCollation(ydoc, text, entry, documents)
    if (collation) out.push(collation)
  })
  return out.sort((x, y) => (x.created < y.created ? -1 : x.created > y.created ? 1 : x.id < y.id ? -1 : 1))
}
