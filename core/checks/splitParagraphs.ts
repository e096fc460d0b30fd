import type { ParagraphSpan } from './types'

/**
 * Splits a text into its paragraphs: every line (ended by "\n", "\r\n" or "\r")
 * that holds more than white space. Works both on a file's text and on the
 * projection (paragraphs joined by "\n\n"); offsets are UTF-16 code units into `text`.
 *
 * Worked example: "ab\r\n\n  \ncd" gives [{start: 0, end: 2, text: "ab"},
 * {start: 8, end: 10, text: "cd"}]: the CR is not part of "ab" and the line of
 * two spaces is blank.
 */
export function splitParagraphs(text: string): ParagraphSpan[] {
  const paragraphs: ParagraphSpan[] = []
  const lineBreak = /\r\n|\n|\r/g
  let lineStart = 0
  const push = (end: number) => {
    const line = text.slice(lineStart, end)
    if (line.trim() !== '') paragraphs.push({ start: lineStart, end, text: line })
  }
  for (let match = lineBreak.exec(text); match; match = lineBreak.exec(text)) {
    push(match.index)
    lineStart = match.index + match[0].length
  }
  push(text.length)
  return paragraphs
}
