import * as Y from 'yjs'
import { contentId } from '../../core/annotations/contentId'
import type { TextOffset } from '../../core/text/projection'
import { replaceRange } from '../text/replaceRange'
import { FragmentText } from '../text/FragmentText'
import { fragmentOf } from '../model'
import { collationEntry, noOtherDocuments, storedWitnesses, type DocumentLookup } from './collationsDoc'

/*
 * Decisions on the differences of one collation (docs/DATA-MODEL.md,
 * "Collations"): the collation's `decisions` Y.Map, id → plain JSON object (set
 * whole). A decision says which witness's reading stands at one difference (or an
 * edited reading), who decided and why, and whether the reading was applied to
 * a witness's text.
 */

/** What each witness reads at one difference, by siglum; null: the witness has nothing there. */
export type ReadingsBySiglum = Record<string, string | null>

/** A decision as stored. */
export interface CollationDecision {
  id: string
  /** What every witness read at the difference when it was decided. */
  readings: ReadingsBySiglum
  /** The siglum whose reading stands, or 'edited'. */
  reading: string
  /** The text that stands: that witness's reading ('' when it has none), or the edited text. */
  text: string
  note?: string
  author: string
  /** ISO 8601. */
  created: string
  updated: string
  /** Set when the reading was written into a witness's text: its siglum and when. */
  applied?: { target: string; at: string }
}

export interface NewCollationDecision {
  readings: ReadingsBySiglum
  reading: string
  /** Required when reading is 'edited'; ignored otherwise. */
  text?: string
  note?: string
  author: string
}

/**
 * Origin of the transaction that applies a reading to a witness's text: an
 * UndoManager that tracks it (the compare view's) undoes the text change and the
 * decision it recorded as one step, and never another editor's work.
 */
export const APPLY_READING_ORIGIN = 'variorum:apply-reading'

/**
 * "cd-…": the id of the decision on the difference where the witnesses read
 * `readings`, derived from the collation and those readings, so two editors
 * deciding one difference write one entry (the last write wins).
 */
export function collationDecisionIdFor(collationId: string, readings: ReadingsBySiglum): string {
  const sigla = Object.keys(readings).sort()
  return contentId('cd', [collationId, ...sigla.flatMap((s) => [s, readings[s] === null ? '\u0000absent' : readings[s]!])])
}

function decisionsOf(ydoc: Y.Doc, collationId: string): { map: Y.Map<unknown>; sigla: string[] } {
  const entry = collationEntry(ydoc, collationId)
  let map = entry.get('decisions')
  if (!(map instanceof Y.Map)) {
    // A plain-Yjs writer may leave the map out; the first decision adds it.
    map = new Y.Map<unknown>()
    entry.set('decisions', map)
  }
  return { map: map as Y.Map<unknown>, sigla: storedWitnesses(entry).map((w) => w.siglum) }
}

/**
 * Records (or replaces) the decision on one difference and returns its id
 * (collationDecisionIdFor). Throws RangeError for an unknown collation, readings
 * of other witnesses than the collation's, a reading that is neither one of them
 * nor 'edited', an edited reading without text, or an empty author.
 */
export function recordCollationDecision(ydoc: Y.Doc, collationId: string, input: NewCollationDecision, now = new Date(), applied?: { target: string }): string {
  const { map, sigla } = decisionsOf(ydoc, collationId)
  const given = Object.keys(input.readings)
  if (given.length !== sigla.length || !sigla.every((s) => given.includes(s))) {
    throw new RangeError(`readings of ${JSON.stringify(given)}, but the collation's witnesses are ${JSON.stringify(sigla)}`)
  }
  if (input.reading !== 'edited' && !sigla.includes(input.reading)) throw new RangeError(`reading ${JSON.stringify(input.reading)} is neither a siglum of the collation nor 'edited'`)
  if (input.reading === 'edited' && input.text === undefined) throw new RangeError('an edited reading needs its text')
  if (!input.author.trim()) throw new RangeError('a decision needs an author')
  const id = collationDecisionIdFor(collationId, input.readings)
  const time = now.toISOString()
  const previous = map.get(id) as Partial<CollationDecision> | undefined
  const decision: CollationDecision = {
    id,
    readings: { ...input.readings },
    reading: input.reading,
    text: input.reading === 'edited' ? input.text! : input.readings[input.reading] ?? '',
    author: input.author,
    created: typeof previous?.created === 'string' ? previous.created : time,
    updated: time,
  }
  if (input.note?.trim()) decision.note = input.note.trim()
  if (applied) decision.applied = { target: applied.target, at: time }
  map.set(id, decision)
  return id
}

/**
 * Writes a decision's reading into the `target` witness's text, replacing
 * [start, end) of the projection of the target's document (the target's reading
 * there; start = end where it has none), and records the decision with
 * `applied`, with APPLY_READING_ORIGIN. For a target in the collation's own
 * document both happen in ONE transaction, so one undo reverts both; for a
 * target in another document (found with `documents`) the text changes in that
 * document's Y.Doc in a transaction of the same origin, and the caller's undo
 * reverts the two together (the collation view's useReadingUndo does). Returns
 * the decision id. Throws RangeError as recordCollationDecision and replaceRange
 * do, for a target that is not a witness of the collation, and for a target
 * document the lookup does not find (nothing is written then).
 */
export function applyCollationReading(
  ydoc: Y.Doc,
  collationId: string,
  input: NewCollationDecision & { target: string; targetRange: { start: TextOffset; end: TextOffset } },
  now = new Date(),
  documents: DocumentLookup = noOtherDocuments,
): string {
  if (!(input.target in input.readings)) throw new RangeError(`target ${JSON.stringify(input.target)} is not a witness of the collation`)
  const targetDocumentId = storedWitnesses(collationEntry(ydoc, collationId)).find((w) => w.siglum === input.target)?.documentId
  const targetDoc = targetDocumentId === undefined ? ydoc : documents(targetDocumentId)
  if (!targetDoc) throw new RangeError(`the document ${JSON.stringify(targetDocumentId)} of witness ${JSON.stringify(input.target)} is not available`)
  if (targetDoc !== ydoc) {
    // Checked first: the decision must not be recorded when the text edit would throw.
    const length = new FragmentText(fragmentOf(targetDoc)).length
    const { start, end } = input.targetRange
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > length || start > end) {
      throw new RangeError(`range [${start}, ${end}) is not inside the text of witness ${JSON.stringify(input.target)} of length ${length}`)
    }
  }
  const text = input.reading === 'edited' ? input.text! : input.readings[input.reading] ?? ''
  let id = ''
  ydoc.transact(() => {
    id = recordCollationDecision(ydoc, collationId, input, now, { target: input.target })
    if (targetDoc === ydoc) replaceRange(ydoc, input.targetRange.start, input.targetRange.end, text, APPLY_READING_ORIGIN)
  }, APPLY_READING_ORIGIN)
  if (targetDoc !== ydoc) replaceRange(targetDoc, input.targetRange.start, input.targetRange.end, text, APPLY_READING_ORIGIN)
  return id
}

/**
 * Removes a decision in one transaction with `origin` (REMOVAL_ORIGIN where a view
 * offers the undo). Unknown ids are ignored; throws RangeError for an unknown collation.
 */
export function clearCollationDecision(ydoc: Y.Doc, collationId: string, decisionId: string, origin: unknown = null): void {
  const { map } = decisionsOf(ydoc, collationId)
  ydoc.transact(() => map.delete(decisionId), origin)
}

/** The decisions of a collation, oldest first; entries that are not decisions are skipped. */
export function listCollationDecisions(ydoc: Y.Doc, collationId: string): CollationDecision[] {
  const entry = collationEntry(ydoc, collationId)
  const map = entry.get('decisions')
  if (!(map instanceof Y.Map)) return []
  const out: CollationDecision[] = []
  map.forEach((value, id) => {
    const d = value as Partial<CollationDecision> | null
    if (!d || typeof d !== 'object' || typeof d.reading !== 'string' || typeof d.author !== 'string' || !d.readings || typeof d.readings !== 'object') return
    out.push({
      id,
      readings: d.readings,
      reading: d.reading,
      text: typeof d.text === 'string' ? d.text : '',
      author: d.author,
      created: typeof d.created === 'string' ? d.created : '',
      updated: typeof d.updated === 'string' ? d.updated : typeof d.created === 'string' ? d.created : '',
      ...(typeof d.note === 'string' ? { note: d.note } : {}),
      ...(d.applied && typeof d.applied.target === 'string' ? { applied: { target: d.applied.target, at: String(d.applied.at ?? '') } } : {}),
    })
  })
  return out.sort((x, y) => (x.created < y.created ? -1 : x.created > y.created ? 1 : x.id < y.id ? -1 : 1))
}
