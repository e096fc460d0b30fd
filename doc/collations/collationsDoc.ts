import * as Y from 'yjs'
import { contentId } from '../../core/annotations/contentId'
import type { TextOffset } from '../../core/text/projection'
import { parseStoredAnchor, storedAnchorFor, type StoredAnchor } from '../annotations/storedAnchor'
import { resolveAnchor } from '../annotations/resolveAnnotation'
import { collationsMap, fragmentOf } from '../model'
import { FragmentText } from '../text/FragmentText'

/*
 * Collations as Yjs data (docs/DATA-MODEL.md, "Collations"): several ranges of
 * the document, each a witness with a siglum and a description, saved so every
 * editor sees the same set. A witness range is anchored as an annotation is
 * (doc/annotations: relative positions plus quote and position selectors) and
 * resolved by the same rules, so it follows edits to the text.
 *
 * ydoc.getMap('collations'): id → Y.Map with
 *   id, author, created (ISO),
 *   witnesses: [{siglum, description, anchor}] (plain JSON, set whole),
 *   decisions: Y.Map of decisions by id (collationDecisions.ts).
 */

/** A witness to create: a siglum ("A"), the editor's description ("page 1") and a projection range [start, end). */
export interface NewWitness {
  siglum: string
  description: string
  start: TextOffset
  end: TextOffset
}

export interface NewCollation {
  witnesses: NewWitness[]
  author: string
}

/** A witness as stored: its anchor in the shared text. */
export interface StoredWitness {
  siglum: string
  description: string
  anchor: StoredAnchor
}

/** A witness as it reads now: its range on the current text, or null when its text was deleted. */
export interface CollationWitnessNow {
  siglum: string
  description: string
  range: { start: TextOffset; end: TextOffset } | null
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
 * Saves a collation of two or more witnesses and returns its id (collationIdFor).
 * One that is already saved is left as it is (its decisions stay). Each witness
 * range is narrowed to the characters it covers, as annotations are. Throws
 * RangeError for fewer than two witnesses, an empty or repeated siglum, a range
 * outside the text or covering no character, or an empty author.
 */
export function createCollation(ydoc: Y.Doc, input: NewCollation, now = new Date()): string {
  if (input.witnesses.length < 2) throw new RangeError(`a collation needs at least two witnesses, got ${input.witnesses.length}`)
  if (!input.author.trim()) throw new RangeError('a collation needs an author')
  const sigla = new Set<string>()
  for (const w of input.witnesses) {
    if (!w.siglum.trim()) throw new RangeError('a witness needs a siglum')
    if (sigla.has(w.siglum)) throw new RangeError(`siglum ${JSON.stringify(w.siglum)} is used twice`)
    sigla.add(w.siglum)
  }
  const text = new FragmentText(fragmentOf(ydoc))
  const witnesses: StoredWitness[] = input.witnesses.map((w) => {
    if (!Number.isInteger(w.start) || !Number.isInteger(w.end) || w.start < 0 || w.end > text.length || w.start >= w.end) {
      throw new RangeError(`witness ${w.siglum}: range [${w.start}, ${w.end}) is not inside the text of length ${text.length}`)
    }
    const anchor = storedAnchorFor(text, w.start, w.end)
    if (!anchor) throw new RangeError(`witness ${w.siglum}: range [${w.start}, ${w.end}) covers no character`)
    return { siglum: w.siglum, description: w.description.trim(), anchor }
  })
  const id = collationIdFor(text.projection, witnesses.map((w) => ({ siglum: w.siglum, start: w.anchor.position.start, end: w.anchor.position.end })))
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

/** Removes a collation and its decisions for everyone. Unknown ids are ignored. */
export function deleteCollation(ydoc: Y.Doc, collationId: string): void {
  collationsMap(ydoc).delete(collationId)
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
    .map((w) => ({ siglum: w.siglum as string, description: typeof w.description === 'string' ? w.description : '', anchor: parseStoredAnchor(w.anchor) }))
}

/**
 * One collation as it reads now: each witness resolved on the current text with
 * the annotations' rules (resolveAnchor); a witness whose text was deleted has a
 * null range. Null for an entry that is not a collation (fewer than two witnesses).
 */
export function readCollation(ydoc: Y.Doc, text: FragmentText, entry: Y.Map<unknown>): CollationNow | null {
  const id = entry.get('id')
  const witnesses = storedWitnesses(entry)
  if (typeof id !== 'string' || witnesses.length < 2) return null
  return {
    id,
    author: typeof entry.get('author') === 'string' ? (entry.get('author') as string) : '',
    created: typeof entry.get('created') === 'string' ? (entry.get('created') as string) : '',
    witnesses: witnesses.map((w) => {
      const where = resolveAnchor(ydoc, text, w.anchor)
      return { siglum: w.siglum, description: w.description, range: where.status === 'anchored' ? { start: where.start, end: where.end } : null }
    }),
  }
}

/** Every collation of the document as it reads now, oldest first (then by id, so every client lists them alike). */
export function listCollations(ydoc: Y.Doc, text = new FragmentText(fragmentOf(ydoc))): CollationNow[] {
  const out: CollationNow[] = []
  collationsMap(ydoc).forEach((entry) => {
    if (!(entry instanceof Y.Map)) return
    const collation = readCollation(ydoc, text, entry)
    if (collation) out.push(collation)
  })
  return out.sort((x, y) => (x.created < y.created ? -1 : x.created > y.created ? 1 : x.id < y.id ? -1 : 1))
}
