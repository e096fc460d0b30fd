import * as Y from 'yjs'
import { PARAGRAPH_SEPARATOR, type TextOffset } from '../../core/text/projection'
import { paragraphAt, paragraphSpans } from '../../core/text/paragraphSpans'
import { DOC_MODEL, fragmentOf } from '../model'
import { FragmentText } from './FragmentText'

/**
 * Replaces [start, end) of the projection with `text` in the Y.Doc itself, in one
 * transaction with `origin` (so an UndoManager that tracks that origin reverts it
 * as one step). A "\n\n" in `text` splits a paragraph and a replaced separator
 * joins two, as in the editor (client/components/checks/fixTransaction.ts does the
 * same through ProseMirror, where an editor is open).
 *
 * The edit is kept small, so anchors on the characters around it stay live: each
 * paragraph keeps its Y.XmlText and only the characters between the common prefix
 * and suffix of its old and new text are deleted and inserted. When the number of
 * paragraphs changes, paragraphs past the first changed one are removed or added
 * (their text is then new characters; anchors there are found again by quote).
 *
 * Offsets are UTF-16 code units. Throws RangeError for a range outside the text.
 * Does nothing when the text is already `text`.
 */
export function replaceRange(ydoc: Y.Doc, start: TextOffset, end: TextOffset, text: string, origin: unknown = null): void {
  const fragment = fragmentOf(ydoc)
  const snapshot = new FragmentText(fragment)
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > snapshot.length || start > end) {
    throw new RangeError(`range [${start}, ${end}) is not inside the text of length ${snapshot.length}`)
  }
  if (snapshot.projection.slice(start, end) === text) return
  const elements = fragment.toArray().filter((child): child is Y.XmlElement => child instanceof Y.XmlElement)
  // The paragraphs touched: from the one holding `start` to the one holding `end`
  // (one inside a separator takes in the paragraph on the far side of it).
  const spans = paragraphSpans(snapshot.projection)
  if (spans.length === 0) spans.push({ start: 0, end: 0 }) // one empty paragraph
  let first = paragraphAt(spans, start)
  if (first === spans.length || spans[first].start > start) first--
  const last = Math.min(paragraphAt(spans, end), spans.length - 1)
  const regionStart = spans[first].start
  const region = snapshot.projection.slice(regionStart, spans[last].end)
  const replaced = region.slice(0, start - regionStart) + text + region.slice(end - regionStart)
  const before = region.split(PARAGRAPH_SEPARATOR)
  const after = replaced.split(PARAGRAPH_SEPARATOR)
  ydoc.transact(() => {
    const kept = Math.min(before.length, after.length)
    for (let i = 0; i < kept; i++) editParagraph(elements[first + i], before[i], after[i])
    if (after.length < before.length) {
      fragment.delete(fragment.toArray().indexOf(elements[first + kept]), before.length - kept)
    } else if (after.length > before.length) {
      const fresh = after.slice(kept).map((value) => {
        const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
        paragraph.insert(0, [new Y.XmlText(value)])
        return paragraph
      })
      fragment.insert(fragment.toArray().indexOf(elements[first + kept - 1]) + 1, fresh)
    }
  }, origin)
}

/** Turns a paragraph's text `from` into `to`, deleting and inserting only between their common prefix and suffix. */
function editParagraph(paragraph: Y.XmlElement, from: string, to: string): void {
  if (from === to) return
  const texts = paragraph.toArray().filter((child): child is Y.XmlText => child instanceof Y.XmlText)
  if (texts.length > 1) throw new RangeError('a paragraph of several texts (formatted runs) cannot be edited here')
  let target = texts[0]
  if (!target) {
    target = new Y.XmlText()
    paragraph.insert(0, [target])
  }
  let prefix = 0
  while (prefix < from.length && prefix < to.length && from[prefix] === to[prefix]) prefix++
  let suffix = 0
  while (suffix < from.length - prefix && suffix < to.length - prefix && from[from.length - 1 - suffix] === to[to.length - 1 - suffix]) suffix++
  if (from.length - prefix - suffix > 0) target.delete(prefix, from.length - prefix - suffix)
  if (to.length - prefix - suffix > 0) target.insert(prefix, to.slice(prefix, to.length - suffix))
}
