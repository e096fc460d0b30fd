import { Fragment, Slice } from 'prosemirror-model'
import type { EditorState, Transaction } from 'prosemirror-state'
import type { Fix } from '../../../core/checks'
import { PARAGRAPH_SEPARATOR } from '../../../core/text/projection'
import { DOC_MODEL } from '../../../doc'

/**
 * A check's fix as one ProseMirror transaction: replace projection [start, end)
 * with `text`. Position = offset + 1 in a paragraphs-only document, and that holds
 * inside the "\n\n" separator too: its middle is the boundary between the two
 * paragraph nodes. So replacing a separator with "" deletes a closing and an
 * opening paragraph token, which joins the paragraphs; a "\n\n" in the
 * replacement text splits one. Worked example: "ab\n\ncd", fix {start 2, end 4,
 * text ""} → delete positions 3..5 → <p>abcd</p>.
 *
 * Several fixes go into the same transaction, applied from the last to the first
 * so earlier offsets stay valid; overlapping fixes throw RangeError. Throws
 * RangeError when a fix lies outside the document.
 */
export function fixTransaction(state: EditorState, fixes: Fix | readonly Fix[]): Transaction {
  const list = (Array.isArray(fixes) ? [...fixes] : [fixes as Fix]).sort((a, b) => b.start - a.start)
  const length = state.doc.content.size - 2
  const tr = state.tr
  let previousStart = Infinity
  for (const fix of list) {
    if (!Number.isInteger(fix.start) || !Number.isInteger(fix.end) || fix.start < 0 || fix.end > length || fix.start > fix.end) {
      throw new RangeError(`fix [${fix.start}, ${fix.end}) outside the projection of length ${length}`)
    }
    if (fix.end > previousStart) throw new RangeError(`fix [${fix.start}, ${fix.end}) overlaps the next fix at ${previousStart}`)
    previousStart = fix.start
    const from = fix.start + 1
    const to = fix.end + 1
    if (fix.text === '') {
      tr.delete(from, to)
      continue
    }
    const paragraph = state.schema.nodes[DOC_MODEL.paragraph]
    const nodes = fix.text.split(PARAGRAPH_SEPARATOR).map((part: string) => paragraph.create(null, part ? state.schema.text(part) : null))
    // Open on both sides: the first and last pieces merge into the paragraphs around the range.
    tr.replace(from, to, new Slice(Fragment.from(nodes), 1, 1))
  }
  return tr
}
