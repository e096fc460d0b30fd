import type { TextOffset } from './projection'

/**
 * The one definition of a line break, and the splitter built on it.
 *
 * A line break is CR LF (one break of two code units), or any one of LF (U+000A),
 * CR (U+000D), NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR
 * (U+2029): the newline functions and the two separators of the Unicode Standard
 * (chapter 5.8, "Newline Guidelines"). Form feed and vertical tab are not breaks
 * (they count as white space, so a line holding only them is blank).
 *
 * Worked example: "a\r\nb\rc\u2028d" has four lines, "a", "b", "c" and "d"; with
 * LF alone as the break (as `split('\n')` sees it) it would have two, "a\r" and
 * "b\rc\u2028d".
 */

/** One line of a text: [start, end) in UTF-16 code units, its break excluded; `text` is text.slice(start, end). */
export interface LineSpan {
  start: TextOffset
  end: TextOffset
  text: string
}

/** Whether a UTF-16 code unit is a line break on its own (LF, CR, NEL, U+2028, U+2029); CR LF is two of them. */
export function isLineBreak(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x85 || code === 0x2028 || code === 0x2029
}

/**
 * Length of the line break starting at `offset`: 2 for CR LF, 1 for a lone break
 * character, 0 when no break starts there (also at the end of the text).
 */
export function lineBreakLength(text: string, offset: TextOffset): number {
  const code = text.charCodeAt(offset)
  if (!isLineBreak(code)) return 0
  return code === 0x0d && text.charCodeAt(offset + 1) === 0x0a ? 2 : 1
}

/**
 * Number of line breaks in text[start, end), CR LF counting once (a CR at
 * `end - 1` followed by LF at `end` counts as one break too). O(end - start).
 * Throws RangeError unless 0 <= start <= end <= text.length.
 */
export function countLineBreaks(text: string, start: TextOffset = 0, end: TextOffset = text.length): number {
  if (!(start >= 0 && start <= end && end <= text.length)) throw new RangeError(`range ${start}–${end} outside text of length ${text.length}`)
  let count = 0
  for (let i = start; i < end; i++) {
    const breakLength = lineBreakLength(text, i)
    if (breakLength === 0) continue
    count++
    i += breakLength - 1
  }
  return count
}

/**
 * Every line of `text`, blank ones included, in order. A text of n breaks has n + 1
 * lines (the empty text has one, empty line). O(length); never throws.
 */
export function splitLines(text: string): LineSpan[] {
  const lines: LineSpan[] = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const breakLength = lineBreakLength(text, i)
    if (breakLength === 0) continue
    lines.push({ start, end: i, text: text.slice(start, i) })
    i += breakLength - 1
    start = i + 1
  }
  lines.push({ start, end: text.length, text: text.slice(start) })
  return lines
}

/** Whether a line holds only white space (as `String.prototype.trim` sees it), or nothing. */
export function isBlankLine(line: string): boolean {
  return line.trim() === ''
}

/**
 * The lines of `text` that hold more than white space: the paragraphs of a plain-text
 * file (one per line, blank lines between) and of the projection (paragraphs joined
 * by a blank line). Lines are kept whole, leading and trailing white space included.
 *
 * Worked example: "ab\r\n\n  \ncd" gives [{0, 2, "ab"}, {8, 10, "cd"}]. O(length).
 */
export function nonBlankLines(text: string): LineSpan[] {
  return splitLines(text).filter((line) => !isBlankLine(line.text))
}
