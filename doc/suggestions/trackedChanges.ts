import * as Y from 'yjs'
import type { Suggestion } from '../../core/annotations/annotation'
import { PARAGRAPH_SEPARATOR, type TextOffset } from '../../core/text/projection'
import { annotationsMap, fragmentOf } from '../model'
import { FragmentText } from '../text/FragmentText'
import { replaceRange } from '../text/replaceRange'
import { resolveAnnotation } from '../annotations/resolveAnnotation'
import { storedAnchorFor, writeStoredAnchor } from '../annotations/storedAnchor'
import { storedField } from '../annotations/storedFields'
import { createAnnotation } from '../annotations/writeAnnotations'
import { trackedChangeIds, trackedChangesCurrent } from './trackedChangeIds'

/*
 * Tracked changes of suggesting mode (#18, docs/DATA-MODEL.md "Tracked changes").
 * A change is an annotation of type 'suggestion' with a `change` field:
 * - 'insert': the proposed text is in the fragment, anchored by the annotation;
 *   `suggestion` = {text: <that text>, state, original: ''};
 * - 'delete': the text proposed for removal stays in the fragment, anchored;
 *   `suggestion` = {text: '', state, original: <that text>}.
 * So read as a plain replacement suggestion ("anchored text → suggestion.text") each
 * says what accepting it does, and readers that know nothing of `change` stay right.
 * Every function here is one Y.Doc transaction with the caller's `origin`.
 */

/** What a tracked change proposes. */
export type ChangeKind = 'insert' | 'delete'

/** What to do with a tracked change. */
export type ChangeDecision = 'accept' | 'reject'

/** Who proposes a change: the annotation's author and colour ("#rrggbb", the author's own). */
export interface ChangeAuthor {
  author: string
  color?: string
}

/** An open tracked change as it stands now: projection offsets [start, end) (UTF-16 code units). */
export interface OpenChange {
  id: string
  change: ChangeKind
  author: string
  start: TextOffset
  end: TextOffset
}

const nowIso = () => new Date().toISOString()

/**
 * The open tracked changes that are anchored in the text now, in text order.
 * The text's projection (`text`, when not given) is built only once there is a
 * change to resolve: the editor asks on every sync of the document, and building
 * it for a document with none took 140–190 ms of the load of a 200 KB text with
 * 5,000 annotations (issue #20). Only the annotations that are tracked changes
 * are read (trackedChangeIds), except inside a running transaction.
 */
export function openChanges(ydoc: Y.Doc, given?: FragmentText): OpenChange[] {
  const found: OpenChange[] = []
  let text = given ?? null
  const annotations = annotationsMap(ydoc)
  const consider = (entry: unknown, id: string): void => {
    if (!(entry instanceof Y.Map)) return
    const change = storedField(entry, 'change')
    if (change !== 'insert' && change !== 'delete') return
    const suggestion = storedField(entry, 'suggestion') as Suggestion | undefined
    if ((suggestion?.state ?? 'open') !== 'open') return
    text ??= new FragmentText(fragmentOf(ydoc))
    const resolution = resolveAnnotation(ydoc, text, entry)
    if (resolution.status !== 'anchored') return
    found.push({ id, change, author: String(storedField(entry, 'author') ?? ''), start: resolution.start, end: resolution.end })
  }
  if (trackedChangesCurrent(ydoc)) for (const id of trackedChangeIds(ydoc)) consider(annotations.get(id), id)
  else annotations.forEach(consider)
  return found.sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * Inserts `inserted` at projection offset `at` as a proposed insertion by `by`:
 * the text goes into the fragment and an 'insert' change covers it (markInsertion).
 * Returns the id of the insertion that holds the text. Throws RangeError for an
 * offset outside the text, empty text, or text holding a line break (suggested
 * paragraph breaks are not tracked).
 */
export function suggestInsertion(ydoc: Y.Doc, at: TextOffset, inserted: string, by: ChangeAuthor, origin: unknown = null): string {
  const before = new FragmentText(fragmentOf(ydoc))
  if (!Number.isInteger(at) || at < 0 || at > before.length) throw new RangeError(`offset ${at} outside the text of length ${before.length}`)
  if (!inserted) throw new RangeError('an insertion must not be empty')
  if (/[\r\n]/.test(inserted)) throw new RangeError('a suggested insertion must not hold a line break')
  let id = ''
  ydoc.transact(() => {
    const point = before.charBefore(at) ?? before.charAt(at)
    if (point) point.text.insert(point.index, inserted)
    else replaceRange(ydoc, at, at, inserted, origin) // an empty paragraph has no text to insert into yet
    id = markInsertion(ydoc, at, at + inserted.length, by, origin)
  }, origin)
  return id
}

/**
 * Marks text already in the fragment, [start, end) of the projection (UTF-16 code
 * units), as a proposed insertion by `by` (text an input method composed, or that
 * suggestInsertion just inserted). Text at the end of, or inside, one's own open
 * insertion extends that one instead of making another, so a typed word is one
 * suggestion. Returns the id of the insertion that covers it. Throws RangeError for
 * a range outside the text or covering no character.
 */
export function markInsertion(ydoc: Y.Doc, start: TextOffset, end: TextOffset, by: ChangeAuthor, origin: unknown = null): string {
  const text = new FragmentText(fragmentOf(ydoc))
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start >= end) {
    throw new RangeError(`range [${start}, ${end}) is not inside the text of length ${text.length}`)
  }
  const length = end - start
  // Typing strictly inside one's own insertion extends it by itself (ANCHOR_ASSOC); at its end it must be widened.
  const own = openChanges(ydoc, text).find((c) => c.change === 'insert' && c.author === by.author && c.start < start && start <= c.end)
  let id = own?.id ?? ''
  ydoc.transact(() => {
    if (own) {
      const entry = annotationsMap(ydoc).get(own.id)!
      const ownEnd = own.end >= end ? own.end : start + length
      const anchor = storedAnchorFor(text, own.start, ownEnd)
      if (anchor) writeStoredAnchor(entry, anchor)
      entry.set('suggestion', { text: text.projection.slice(own.start, ownEnd), state: 'open', original: '' })
      entry.set('updated', nowIso())
      return
    }
    id = createAnnotation(ydoc, { type: 'suggestion', author: by.author, start, end, ...(by.color ? { color: by.color } : {}), change: 'insert', suggestion: text.projection.slice(start, end), original: '' }, text)
  }, origin)
  return id
}

/** What a suggested deletion did. */
export type DeletionOutcome =
  /** The range was one's own proposed insertion (or part of it): removed for real, as Google Docs does. */
  | { status: 'removed' }
  /** The range is now marked for deletion by the change `id` (new or an adjacent own one, extended). */
  | { status: 'marked'; id: string }
  /** Nothing to mark: the range covers no character or is already proposed for deletion. */
  | { status: 'unchanged' }

/**
 * Proposes deleting [start, end) of the projection (offsets in UTF-16 code units): the
 * text stays and a 'delete' change covers it. A range inside one's own open insertion
 * is deleted for real (taking back one's own proposal); a range next to one's own open
 * deletion extends it, so Backspace held down makes one suggestion. The range may span
 * paragraphs. Throws RangeError for a range outside the text.
 */
export function suggestDeletion(ydoc: Y.Doc, start: TextOffset, end: TextOffset, by: ChangeAuthor, origin: unknown = null): DeletionOutcome {
  const text = new FragmentText(fragmentOf(ydoc))
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > text.length || start > end) {
    throw new RangeError(`range [${start}, ${end}) is not inside the text of length ${text.length}`)
  }
  const changes = openChanges(ydoc, text)
  const ownInsertion = changes.find((c) => c.change === 'insert' && c.author === by.author && c.start <= start && end <= c.end)
  if (ownInsertion && start < end) {
    ydoc.transact(() => {
      replaceRange(ydoc, start, end, '', origin)
      const entry = annotationsMap(ydoc).get(ownInsertion.id)!
      const remaining = ownInsertion.end - ownInsertion.start - (end - start)
      if (remaining === 0) {
        annotationsMap(ydoc).delete(ownInsertion.id)
        return
      }
      const after = new FragmentText(fragmentOf(ydoc))
      const anchor = storedAnchorFor(after, ownInsertion.start, ownInsertion.start + remaining)
      if (anchor) writeStoredAnchor(entry, anchor)
      entry.set('suggestion', { text: after.projection.slice(ownInsertion.start, ownInsertion.start + remaining), state: 'open', original: '' })
      entry.set('updated', nowIso())
    }, origin)
    return { status: 'removed' }
  }
  const from = text.nextCharStart(start)
  const to = text.previousCharEnd(end)
  if (from === null || to === null || from >= to) return { status: 'unchanged' }
  if (changes.some((c) => c.change === 'delete' && c.start <= from && to <= c.end)) return { status: 'unchanged' }
  const adjacent = changes.find((c) => c.change === 'delete' && c.author === by.author && c.start <= to && from <= c.end)
  let id = adjacent?.id ?? ''
  ydoc.transact(() => {
    if (adjacent) {
      const merged = { start: Math.min(adjacent.start, from), end: Math.max(adjacent.end, to) }
      const entry = annotationsMap(ydoc).get(adjacent.id)!
      const anchor = storedAnchorFor(text, merged.start, merged.end)
      if (anchor) writeStoredAnchor(entry, anchor)
      entry.set('suggestion', { text: '', state: 'open', original: text.projection.slice(merged.start, merged.end) })
      entry.set('updated', nowIso())
      return
    }
    id = createAnnotation(ydoc, { type: 'suggestion', author: by.author, start: from, end: to, ...(by.color ? { color: by.color } : {}), change: 'delete', suggestion: '', original: text.projection.slice(from, to) }, text)
  }, origin)
  return { status: 'marked', id }
}

/**
 * Accepts or rejects the open tracked changes with the given ids, in one transaction
 * with `origin` (one undoable step for an undo manager tracking it). Rejecting an
 * insertion and accepting a deletion remove the anchored text; accepting an insertion
 * and rejecting a deletion only settle the mark. Each settled change records state
 * 'accepted' or 'rejected' and status 'resolved' (its thread stays). Text is removed
 * last first, so earlier offsets stay valid. Ids of changes that are not open or not
 * anchored any more are skipped; returns the ids settled. Throws RangeError for an id
 * the document has not, or one that is not a tracked change.
 */
export function settleChanges(ydoc: Y.Doc, ids: readonly string[], decision: ChangeDecision, origin: unknown = null): string[] {
  const map = annotationsMap(ydoc)
  for (const id of ids) {
    const entry = map.get(id)
    if (!(entry instanceof Y.Map)) throw new RangeError(`no annotation "${id}"`)
    const change = storedField(entry, 'change')
    if (change !== 'insert' && change !== 'delete') throw new RangeError(`annotation "${id}" is not a tracked change`)
  }
  const wanted = new Set(ids)
  const targets = openChanges(ydoc).filter((c) => wanted.has(c.id))
  targets.sort((a, b) => b.start - a.start || b.end - a.end)
  ydoc.transact(() => {
    const time = nowIso()
    for (const target of targets) {
      const entry = map.get(target.id)!
      const removesText = (target.change === 'insert') === (decision === 'reject')
      if (removesText) {
        const removal = target.change === 'delete' ? withParagraphBreak(new FragmentText(fragmentOf(ydoc)).projection, target) : target
        replaceRange(ydoc, removal.start, removal.end, '', origin)
      }
      const suggestion = storedField(entry, 'suggestion') as Suggestion | undefined
      entry.set('suggestion', { text: suggestion?.text ?? '', original: suggestion?.original ?? '', state: decision === 'accept' ? 'accepted' : 'rejected' })
      entry.set('status', 'resolved')
      entry.set('updated', time)
    }
  }, origin)
  return targets.map((t) => t.id)
}

/**
 * The range an accepted deletion removes: the change itself, or, when it covers whole
 * paragraphs, those paragraphs with the paragraph break after them (before them at the
 * end of the text), so no empty paragraph is left. The clean-text export removes
 * flagged duplicate copies by the same rule, so accepting "keep this copy, remove the
 * others" gives the text the clean export reads. Worked example: "ab\n\ncd\n\nef",
 * deleting [4, 6) "cd" removes [4, 8) and leaves "ab\n\nef"; deleting "c" alone
 * removes only "c".
 */
function withParagraphBreak(projection: string, range: { start: TextOffset; end: TextOffset }): { start: TextOffset; end: TextOffset } {
  const sep = PARAGRAPH_SEPARATOR.length
  const startsParagraph = range.start === 0 || projection.slice(range.start - sep, range.start) === PARAGRAPH_SEPARATOR
  const endsParagraph = range.end === projection.length || projection.startsWith(PARAGRAPH_SEPARATOR, range.end)
  if (!startsParagraph || !endsParagraph) return range
  if (range.end < projection.length) return { start: range.start, end: range.end + sep }
  if (range.start > 0) return { start: range.start - sep, end: range.end }
  return range
}

/** Accepts or rejects one tracked change (settleChanges of one id); true when it was open and anchored. */
export function settleChange(ydoc: Y.Doc, id: string, decision: ChangeDecision, origin: unknown = null): boolean {
  return settleChanges(ydoc, [id], decision, origin).length === 1
}

/**
 * Accepts or rejects every open tracked change that overlaps [start, end) of the
 * projection (a collapsed range: every change that holds that offset or touches it),
 * in one transaction. Returns the ids settled.
 */
export function settleChangesInRange(ydoc: Y.Doc, start: TextOffset, end: TextOffset, decision: ChangeDecision, origin: unknown = null): string[] {
  const ids = openChanges(ydoc)
    .filter((c) => (start === end ? c.start <= start && start <= c.end : c.start < end && start < c.end))
    .map((c) => c.id)
  return settleChanges(ydoc, ids, decision, origin)
}
