import { Fragment, Slice } from 'prosemirror-model'
import type { EditorState, Transaction } from 'prosemirror-state'
import { PARAGRAPH_SEPARATOR, type TextOffset } from '../../core/text/projection'
import { DOC_MODEL } from '../../doc'

/** Projection [start, end) replaced by `text` (a check's fix, a find-and-replace match). */
export interface ProjectionEdit {
  start: TextOffset
  end: TextOffset
  text: string
}

/**
 * Edits of the projection as ONE ProseMirror transaction, so that y-prosemirror
 * sends them as one Yjs transaction and one undo reverts them all.
 *
 * Position = offset + 1 in a paragraphs-only document, and that holds inside the
 * "\n\n" separator too: its middle is the boundary between the two paragraph
 * nodes. So replacing a separator with "" deletes a closing and an opening
 * paragraph token, which joins the paragraphs; a "\n\n" in the replacement text
 * splits one. Worked example: "ab\n\ncd", edit {start 2, end 4, text ""} →
 * delete positions 3..5 → <p>abcd</p>.
 *
 * The edits are applied from the last to the first so earlier offsets stay
 * valid. Throws RangeError when an edit lies outside the document or two overlap.
 */
export function replaceTransaction(state: EditorState, edits: readonly ProjectionEdit[]): Transaction {
  const list = [...edits].sort((a, b) => b.start - a.start)
  const length = state.doc.content.size - 2
  const tr = state.tr
  let previousStart = Infinity
  for (const edit of list) {
    if (!Number.isInteger(edit.start) || !Number.isInteger(edit.end) || edit.start < 0 || edit.end > length || edit.start > edit.end) {
      throw new RangeError(`edit [${edit.start}, ${edit.end}) outside the projection of length ${length}`)
    }
    if (edit.end > previousStart) throw new RangeError(`edit [${edit.start}, ${edit.end}) overlaps the next edit at ${previousStart}`)
    previousStart = edit.start
    const from = edit.start + 1
    const to = edit.end + 1
    if (edit.text === '') {
      tr.delete(from, to)
      continue
    }
    const paragraph = state.schema.nodes[DOC_MODEL.paragraph]
    const nodes = edit.text.split(PARAGRAPH_SEPARATOR).map((part: string) => paragraph.create(null, part ? state.schema.text(part) : null))
    // Open on both sides: the first and last pieces merge into the paragraphs around the range.
    tr.replace(from, to, new Slice(Fragment.from(nodes), 1, 1))
  }
  return tr
}
