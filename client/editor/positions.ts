import type { Node as ProseMirrorNode } from 'prosemirror-model'
import { projectParagraphs, type TextOffset } from '../../core/text/projection'

/**
 * Conversions between ProseMirror positions and plain-text projection offsets
 * (UTF-16 code units, see core/text/projection.ts). For a document made only of
 * paragraphs, position = offset + 1: the "\n\n" separator takes the place of one
 * closing and one opening paragraph token. Worked example: <p>ab</p><p>cde</p>
 * projects to "ab\n\ncde"; "c" is offset 4 and position 5.
 */

/** The projection of an editor document: paragraph texts joined by "\n\n". */
export function projectionOf(doc: ProseMirrorNode): string {
  const texts: string[] = []
  doc.forEach((paragraph) => texts.push(paragraph.textContent))
  return projectParagraphs(texts)
}

/**
 * The position of a projection offset. Throws RangeError for an offset outside
 * [0, projection length].
 */
export function positionOfOffset(doc: ProseMirrorNode, offset: TextOffset): number {
  const length = doc.content.size - 2
  if (!Number.isInteger(offset) || offset < 0 || offset > Math.max(length, 0)) {
    throw new RangeError(`offset ${offset} outside projection of length ${length}`)
  }
  return offset + 1
}

/**
 * The projection offset of a position. A position between two paragraphs (on a
 * paragraph boundary token) maps to the end of the paragraph before it, or 0
 * before the first. Throws RangeError for a position outside the document.
 */
export function offsetOfPosition(doc: ProseMirrorNode, position: number): TextOffset {
  if (!Number.isInteger(position) || position < 0 || position > doc.content.size) {
    throw new RangeError(`position ${position} outside document of size ${doc.content.size}`)
  }
  const $pos = doc.resolve(position)
  if ($pos.depth === 0) {
    // On the boundary before paragraph `index`: end of the previous paragraph.
    const index = $pos.index(0)
    if (index === 0) return 0
    return $pos.posAtIndex(index, 0) - 2
  }
  return position - 1
}
