import * as Y from 'yjs'
import type { TextOffset } from '../../core/text/projection'
import { ID_PATTERN, parseDecision, type Decision } from '../../core/annotations'
import { annotationsMap, decisionsMap, fragmentOf } from '../model'
import { storedField } from '../annotations/storedFields'
import { commentEntry, createAnnotation } from '../annotations/writeAnnotations'
import { localAuthorId } from '../annotations/localAuthor'
import { FragmentText } from '../text/FragmentText'

/**
 * Variant decisions as Yjs data (docs/DATA-MODEL.md, "Decisions"). Pure Yjs:
 * runs in the browser and in Node.
 *
 * ydoc.getMap('decisions'): id → Y.Map with
 *   id, reading 'a' | 'b' | 'edited', text? (the edited reading), note?,
 *   author, created, updated (ISO strings),
 *   a, b: {type: 'TextPositionSelector', start, end, quote} (projection offsets
 *     when decided, and the text then; a range may be empty: the place where
 *     one witness lacks the other's text),
 *   witnesses: {a, b} (labels of the two witnesses),
 *   annotations: {a?, b?} (ids of the two linked `variant` annotations).
 *
 * The id is derived from the two ranges (decisionIdFor), so every editor
 * deciding the same variant writes the same entry: the last write wins and a
 * changed decision replaces the earlier one instead of adding a second.
 */

/** A decision range as stored: a TextPositionSelector plus the text it covered. */
export interface DecisionRange {
  type: 'TextPositionSelector'
  start: TextOffset
  end: TextOffset
  quote: string
}

/** A decision as the UI reads it: the core `Decision` plus what the Y.Map adds. */
export interface StoredDecision extends Decision {
  updated: string
  quotes: { a: string; b: string }
  annotations: { a?: string; b?: string }
}

export interface NewDecision {
  /**
   * The entry to write; default decisionIdFor(a, b). Given to update a decision
   * found by its quotes after edits moved its offsets (see matchDecisions), so
   * it stays one entry with the same annotations.
   */
  id?: string
  a: { start: TextOffset; end: TextOffset }
  b: { start: TextOffset; end: TextOffset }
  reading: 'a' | 'b' | 'edited'
  /** Required (may be empty) when reading is 'edited'. */
  text?: string
  note?: string
  author: string
  witnesses: { a: string; b: string }
}

/** "d-1421-1808-5830-5830": the id of the decision on ranges a and b. */
export function decisionIdFor(a: { start: number; end: number }, b: { start: number; end: number }): string {
  return `d-${a.start}-${a.end}-${b.start}-${b.end}`
}

/** Ids of a decision's two variant annotations (deterministic: re-recording never adds more). */
export function variantAnnotationIds(decisionId: string): { a: string; b: string } {
  return { a: `${decisionId}.a`, b: `${decisionId}.b` }
}

const READING_WORDS = { a: 'reading A', b: 'reading B', edited: 'an edited reading' } as const

/** The comment the variant annotations carry: the decision in words. */
export function decisionSummary(d: Pick<NewDecision, 'reading' | 'text' | 'note' | 'witnesses'>): string {
  const which = d.reading === 'a' ? ` (${d.witnesses.a})` : d.reading === 'b' ? ` (${d.witnesses.b})` : `: “${d.text ?? ''}”`
  return `Decision: ${READING_WORDS[d.reading]}${which}${d.note ? `. Note: ${d.note}` : ''}`
}

/**
 * Records (or replaces) the decision on the variant [a] ↔ [b] and makes its
 * `variant` annotations: one on the A range and one on the B range, each
 * linked to the other (rel 'variant-pair'), ids `<decision>.a` / `<decision>.b`,
 * their first comment (id `<annotation>.decision`) the decision in words. An
 * empty range gets no annotation. Everything in one transaction. Idempotent:
 * recording again updates the entry and the comment, never adds annotations.
 * Returns the decision id. Throws RangeError for a range outside the text, an
 * edited reading without text, an empty author or an id that is not one.
 */
export function recordDecision(ydoc: Y.Doc, input: NewDecision, now = new Date()): string {
  const text = new FragmentText(fragmentOf(ydoc))
  for (const key of ['a', 'b'] as const) {
    const r = input[key]
    if (!Number.isInteger(r.start) || !Number.isInteger(r.end) || r.start < 0 || r.end > text.length || r.start > r.end) {
      throw new RangeError(`range ${key} [${r.start}, ${r.end}) is not inside the text of length ${text.length}`)
    }
  }
  if (input.reading === 'edited' && input.text === undefined) throw new RangeError('an edited reading needs its text')
  if (!input.author.trim()) throw new RangeError('a decision needs an author')
  const id = input.id ?? decisionIdFor(input.a, input.b)
  if (!ID_PATTERN.test(id)) throw new RangeError(`decision id ${JSON.stringify(id)} is not an id (letters, digits, _ . : -)`)
  const time = now.toISOString()
  const ids = variantAnnotationIds(id)
  const summary = decisionSummary(input)
  const range = (r: { start: number; end: number }): DecisionRange => ({
    type: 'TextPositionSelector', start: r.start, end: r.end, quote: text.projection.slice(r.start, r.end),
  })
  ydoc.transact(() => {
    const map = decisionsMap(ydoc)
    let entry = map.get(id)
    if (!(entry instanceof Y.Map)) {
      entry = new Y.Map<unknown>()
      entry.set('id', id)
      entry.set('created', time)
      map.set(id, entry)
    }
    entry.set('reading', input.reading)
    if (input.reading === 'edited') entry.set('text', input.text ?? '')
    else entry.delete('text')
    if (input.note?.trim()) entry.set('note', input.note.trim())
    else entry.delete('note')
    entry.set('author', input.author)
    entry.set('updated', time)
    entry.set('a', range(input.a))
    entry.set('b', range(input.b))
    entry.set('witnesses', { a: input.witnesses.a, b: input.witnesses.b })
    const made: { a?: string; b?: string } = {}
    for (const key of ['a', 'b'] as const) {
      const r = input[key]
      if (r.start === r.end || text.projection.slice(r.start, r.end).trim() === '') continue
      const other = key === 'a' ? 'b' : 'a'
      const otherRange = input[other]
      const links = otherRange.start < otherRange.end && text.projection.slice(otherRange.start, otherRange.end).trim() !== ''
        ? [{ rel: 'variant-pair', target: ids[other] }]
        : []
      const existing = annotationsMap(ydoc).get(ids[key])
      if (existing instanceof Y.Map) {
        setDecisionComment(ydoc, existing, ids[key], input.author, summary, time)
      } else {
        try {
          createAnnotation(ydoc, { id: ids[key], type: 'variant', author: input.author, start: r.start, end: r.end, links })
        } catch (error) {
          // A range of separators only covers no character: no annotation on that side.
          if (!(error instanceof RangeError)) throw error
          continue
        }
        setDecisionComment(ydoc, annotationsMap(ydoc).get(ids[key])!, ids[key], input.author, summary, time)
      }
      made[key] = ids[key]
    }
    entry.set('annotations', made)
  })
  return id
}

/**
 * Writes the decision's summary as the first comment of its variant annotation. A new
 * comment carries the replica's bound principal (localAuthor.ts); an existing one keeps
 * its `authorId` (write-once) while its text and shown author follow the latest decision.
 */
function setDecisionComment(ydoc: Y.Doc, annotation: Y.Map<unknown>, annotationId: string, author: string, text: string, time: string): void {
  let comments = annotation.get('comments')
  if (!(comments instanceof Y.Array)) {
    comments = new Y.Array<Y.Map<unknown>>()
    annotation.set('comments', comments)
  }
  const thread = comments as Y.Array<Y.Map<unknown>>
  const commentId = `${annotationId}.decision`
  const found = thread.toArray().find((c) => c instanceof Y.Map && storedField(c, 'id') === commentId)
  if (found) {
    if (storedField(found, 'text') !== text) {
      found.set('text', text)
      found.set('author', author)
      found.set('updated', time)
    }
  } else {
    const authorId = localAuthorId(ydoc)
    thread.insert(0, [commentEntry({ id: commentId, author, ...(authorId ? { authorId } : {}), created: time, text })])
  }
  annotation.set('updated', time)
}

/**
 * Removes a decision and its variant annotations in one transaction with `origin`
 * (REMOVAL_ORIGIN where a view offers the undo). Unknown ids are ignored.
 */
export function clearDecision(ydoc: Y.Doc, id: string, origin: unknown = null): void {
  const entry = decisionsMap(ydoc).get(id)
  if (!(entry instanceof Y.Map)) return
  const ids = variantAnnotationIds(id)
  ydoc.transact(() => {
    annotationsMap(ydoc).delete(ids.a)
    annotationsMap(ydoc).delete(ids.b)
    decisionsMap(ydoc).delete(id)
  }, origin)
}

/** One stored decision, validated; null when a foreign client wrote something that is not one. */
export function readDecision(entry: Y.Map<unknown>): StoredDecision | null {
  const json = entry.toJSON() as Record<string, unknown>
  const parsed = parseDecision(json)
  if (!parsed.ok) return null
  const quote = (v: unknown) => (v && typeof (v as DecisionRange).quote === 'string' ? (v as DecisionRange).quote : '')
  const annotations = (json.annotations ?? {}) as { a?: unknown; b?: unknown }
  return {
    ...parsed.value,
    updated: typeof json.updated === 'string' ? json.updated : parsed.value.created,
    quotes: { a: quote(json.a), b: quote(json.b) },
    annotations: {
      ...(typeof annotations.a === 'string' ? { a: annotations.a } : {}),
      ...(typeof annotations.b === 'string' ? { b: annotations.b } : {}),
    },
  }
}

/** Every valid decision, by id. */
export function listDecisions(ydoc: Y.Doc): Map<string, StoredDecision> {
  const out = new Map<string, StoredDecision>()
  decisionsMap(ydoc).forEach((entry, id) => {
    if (!(entry instanceof Y.Map)) return
    const d = readDecision(entry)
    if (d) out.set(id, d)
  })
  return out
}

/** The decisions as the exporters read them (`EditionInput.decisions`), in document order of A. */
export function decisionsForExport(ydoc: Y.Doc): Decision[] {
  return [...listDecisions(ydoc).values()]
    .sort((x, y) => x.a.start - y.a.start || x.b.start - y.b.start)
    .map((d) => {
      const out: Decision = { id: d.id, a: d.a, b: d.b, reading: d.reading, author: d.author, created: d.created, witnesses: d.witnesses }
      if (d.text !== undefined) out.text = d.text
      if (d.note !== undefined) out.note = d.note
      return out
    })
}
