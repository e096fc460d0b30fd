import * as Y from 'yjs'
import type { Suggestion } from '../../core/annotations/annotation'
import { createAnchor } from '../../core/annotations/createAnchor'
import { PARAGRAPH_SEPARATOR, type TextOffset } from '../../core/text/projection'
import { annotationsMap, fragmentOf } from '../model'
import { FragmentText } from '../text/FragmentText'
import { resolveAnnotation } from './resolveAnnotation'
import { readStoredAnchor, relativeRange, writeStoredAnchor } from './storedAnchor'
import { storedField } from './storedFields'

/** What accepting a suggestion did. */
export type AcceptOutcome =
  | {
      status: 'accepted'
      /** The projection range replaced, before the edit: [start, end) (units: UTF-16 code units). */
      replaced: { start: TextOffset; end: TextOffset }
      /** The text put in its place (the differing middle of the suggestion). */
      inserted: string
      /** Annotations re-anchored on the successor text, the suggestion first. */
      reanchored: string[]
    }
  /** The suggestion's text cannot be found any more: nothing changed. */
  | { status: 'orphaned' }
  /** The replacement would split a paragraph (its middle holds a paragraph break): nothing changed. */
  | { status: 'unsupported'; reason: string }

/** The common prefix and suffix of two strings, never overlapping, in UTF-16 units, not splitting a surrogate pair. */
export function commonEnds(before: string, after: string): { prefix: number; suffix: number } {
  const limit = Math.min(before.length, after.length)
  let prefix = 0
  while (prefix < limit && before[prefix] === after[prefix]) prefix++
  if (prefix > 0 && prefix < limit && /[\udc00-\udfff]/.test(before[prefix])) prefix--
  let suffix = 0
  while (suffix < limit - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++
  if (suffix > 0 && /[\udc00-\udfff]/.test(before[before.length - suffix])) suffix--
  return { prefix, suffix }
}

/**
 * Where a range [start, end) goes when [from, to) is replaced by `length` units,
 * by the rule of #18: an annotation that covered the old words covers the new ones.
 * Ends before the replaced text stay, ends after it shift by the change of length;
 * a start inside the replaced text moves to its beginning and an end inside it to
 * the end of the new text, so an overlapping range takes in the whole successor;
 * a pure insertion (from = to) strictly inside a range widens it, one at its edge
 * leaves it alone (as typing there does, see ANCHOR_ASSOC). Returns null
 * when the range covered only replaced text and the replacement is empty.
 * Worked example: "自已的事情" with [0, 2) "自已" replaced at [1, 2) by "己": [0, 2)
 * → [0, 2) ("自己"); [1, 5) "已的事情" → [1, 5) ("己的事情"); with "自已" → "自个儿",
 * [1, 5) → [1, 7).
 */
export function mapRangeThroughReplacement(
  range: { start: TextOffset; end: TextOffset },
  from: TextOffset,
  to: TextOffset,
  length: number,
): { start: TextOffset; end: TextOffset } | null {
  const delta = length - (to - from)
  if (from === to) {
    // A pure insertion: ranges that hold the point strictly inside widen; at an edge it stays outside.
    const start = range.start < from ? range.start : range.start + delta
    const end = range.end <= from ? range.end : range.end + delta
    return start < end ? { start, end } : null
  }
  const start = range.start <= from ? range.start : range.start >= to ? range.start + delta : from
  const end = range.end >= to ? range.end + delta : range.end <= from ? range.end : from + length
  return start < end ? { start, end } : null
}

/**
 * Accepts an open suggestion in the Y.Doc, in one transaction (with `origin`, so an
 * editor's undo manager that tracks it records one undoable step): the text is
 * changed minimally, keeping the common prefix and suffix of the old and the new
 * reading and replacing only the differing middle; then the suggestion and every
 * annotation whose range overlapped the replaced text (or held a pure insertion) is
 * re-anchored on the successor text by mapRangeThroughReplacement: relative positions
 * and selectors rewritten in the same transaction, so every client sees the same
 * ranges. The suggestion records state 'accepted', `original` (the text it replaced)
 * and status 'resolved'. A replacement whose middle spans paragraphs joins them (the
 * usual layout-break fix: "\n\n" → ""); one whose new middle holds a paragraph break
 * is not made ('unsupported'). Throws RangeError for an unknown annotation or one
 * without an open suggestion.
 * Worked example: on "办好自已的事情。" a suggestion on "自已" → "自己" replaces only
 * "已" with "己"; the suggestion then covers "自己" and a note on "已的事情" covers
 * "己的事情".
 */
export function acceptSuggestion(ydoc: Y.Doc, annotationId: string, origin: unknown = null): AcceptOutcome {
  const map = annotationsMap(ydoc)
  const entry = map.get(annotationId)
  if (!(entry instanceof Y.Map)) throw new RangeError(`no annotation "${annotationId}"`)
  const suggestion = storedField(entry, 'suggestion') as Suggestion | undefined
  if (!suggestion || (suggestion.state ?? 'open') !== 'open') throw new RangeError(`annotation "${annotationId}" has no open suggestion`)

  const before = new FragmentText(fragmentOf(ydoc))
  const own = resolveAnnotation(ydoc, before, entry)
  if (own.status !== 'anchored') return { status: 'orphaned' }
  const old = before.projection.slice(own.start, own.end)
  const { prefix, suffix } = commonEnds(old, suggestion.text)
  const from = own.start + prefix
  const to = own.end - suffix
  const inserted = suggestion.text.slice(prefix, suggestion.text.length - suffix)
  if (inserted.includes('\n')) return { status: 'unsupported', reason: 'the new text would split a paragraph' }

  // Every other annotation's range now, to map those the replacement touches.
  const ranges = new Map<string, { start: TextOffset; end: TextOffset }>([[annotationId, { start: own.start, end: own.end }]])
  map.forEach((other, id) => {
    if (id === annotationId || !(other instanceof Y.Map)) return
    const resolution = resolveAnnotation(ydoc, before, other)
    if (resolution.status === 'anchored') ranges.set(id, { start: resolution.start, end: resolution.end })
  })
  const touched = [...ranges].filter(([id, r]) => id === annotationId || (from === to ? r.start < from && from < r.end : r.start < to && r.end > from) || joinsInto(before, r, from, to))

  const reanchored: string[] = []
  ydoc.transact(() => {
    replaceText(ydoc, before, from, to, inserted)
    const after = new FragmentText(fragmentOf(ydoc))
    for (const [id, range] of touched) {
      const target = map.get(id)!
      // The suggestion covers its whole new reading, even when only text at its edge was added.
      const mapped = id === annotationId
        ? (suggestion.text ? { start: own.start, end: own.start + suggestion.text.length } : null)
        : mapRangeThroughReplacement(range, from, to, inserted.length)
      writeAnchor(target, after, mapped)
      reanchored.push(id)
    }
    entry.set('suggestion', { ...suggestion, state: 'accepted', original: old })
    entry.set('status', 'resolved')
    entry.set('updated', new Date().toISOString())
  }, origin)
  return { status: 'accepted', replaced: { start: from, end: to }, inserted, reanchored }
}

/** A range with an end in the tail of the last paragraph a cross-paragraph replacement joins (its items are re-created). */
function joinsInto(text: FragmentText, range: { start: TextOffset; end: TextOffset }, from: TextOffset, to: TextOffset): boolean {
  if (!text.projection.slice(from, to).includes(PARAGRAPH_SEPARATOR)) return false
  const tailEnd = paragraphEnd(text.projection, to)
  return (range.start >= to && range.start < tailEnd) || (range.end > to && range.end <= tailEnd)
}

function paragraphEnd(projection: string, offset: TextOffset): TextOffset {
  const at = projection.indexOf(PARAGRAPH_SEPARATOR, offset)
  return at < 0 ? projection.length : at
}

/** Rewrites an annotation's relative positions and selectors for `range` of the text after the edit; an empty range keeps only a collapsed position. */
function writeAnchor(entry: Y.Map<unknown>, text: FragmentText, range: { start: TextOffset; end: TextOffset } | null): void {
  const stored = readStoredAnchor(entry)
  const relative = range && relativeRange(text, range.start, range.end)
  if (!range || !relative) {
    const at = range?.start ?? stored.position.start
    writeStoredAnchor(entry, { start: null, end: null, quote: { ...stored.quote, exact: '' }, position: { type: 'TextPositionSelector', start: at, end: at } })
    return
  }
  const selectors = createAnchor(text.projection, relative.from, relative.to)
  writeStoredAnchor(entry, {
    start: Y.relativePositionToJSON(relative.start),
    end: Y.relativePositionToJSON(relative.end),
    quote: selectors.quote,
    position: selectors.position,
  })
}

/**
 * Replaces [from, to) of the projection with `inserted` (no paragraph break in it) in
 * the fragment: within one paragraph by deleting and inserting in its texts; across
 * paragraphs by deleting the first one's tail, moving the last one's tail (with its
 * formatting) into the first and removing the paragraphs in between and the last.
 */
function replaceText(ydoc: Y.Doc, text: FragmentText, from: TextOffset, to: TextOffset, inserted: string): void {
  const first = text.charAt(from) ?? text.charBefore(from)
  if (!first) throw new RangeError(`no text at offset ${from}`)
  const lastParagraphEnd = paragraphEnd(text.projection, to)
  const spans = text.projection.slice(from, to).includes(PARAGRAPH_SEPARATOR)
  if (!spans) {
    deleteRange(text, from, to)
    if (inserted) first.text.insert(first.index, inserted)
    return
  }
  // Across paragraphs: the tail of the last paragraph, with its formatting, moves up.
  const tail: Array<{ insert: unknown; attributes?: Record<string, unknown> }> = []
  for (let at = to; at < lastParagraphEnd; ) {
    const point = text.charAt(at)!
    const ops = point.text.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>
    let index = 0
    for (const op of ops) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1
      const lo = Math.max(index, point.index)
      if (lo < index + length) {
        const piece = typeof op.insert === 'string' ? op.insert.slice(lo - index) : op.insert
        tail.push(op.attributes ? { insert: piece, attributes: op.attributes } : { insert: piece })
      }
      index += length
    }
    at += point.text.length - point.index
    const next = text.nextCharStart(at)
    if (next === null || next >= lastParagraphEnd) break
    at = next
  }
  const fragment = fragmentOf(ydoc)
  const paragraphs = fragment.toArray()
  const firstParagraph = paragraphOf(fragment, first.text)
  const lastParagraph = paragraphOf(fragment, (text.charBefore(lastParagraphEnd) ?? text.charAt(to))!.text)
  const firstIndex = paragraphs.indexOf(firstParagraph)
  const lastIndex = paragraphs.indexOf(lastParagraph)
  deleteRange(text, from, paragraphEnd(text.projection, from))
  let index = first.index
  if (inserted) {
    first.text.insert(index, inserted)
    index += inserted.length
  }
  for (const op of tail) {
    if (typeof op.insert === 'string') first.text.insert(index, op.insert, op.attributes ?? {})
    else first.text.insertEmbed(index, op.insert as object, op.attributes ?? {})
    index += typeof op.insert === 'string' ? op.insert.length : 1
  }
  fragment.delete(firstIndex + 1, lastIndex - firstIndex)
}

/** The child of `fragment` (a paragraph) that holds a Y.XmlText. */
function paragraphOf(fragment: Y.XmlFragment, inner: Y.XmlText): Y.XmlElement {
  let node: Y.XmlText | Y.XmlElement = inner
  while (node.parent && node.parent !== fragment) node = node.parent as Y.XmlElement
  return node as Y.XmlElement
}

/** Deletes the characters of [from, to) that lie in one paragraph, run by run, last first. */
function deleteRange(text: FragmentText, from: TextOffset, to: TextOffset): void {
  const pieces: Array<{ text: Y.XmlText; index: number; length: number }> = []
  for (let at = text.nextCharStart(from); at !== null && at < to; ) {
    const point = text.charAt(at)!
    const length = Math.min(to - at, point.text.length - point.index)
    pieces.push({ text: point.text, index: point.index, length })
    at = text.nextCharStart(at + length)
  }
  for (const piece of pieces.reverse()) piece.text.delete(piece.index, piece.length)
}
