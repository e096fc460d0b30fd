import { countLineBreaks, isWide } from '../text'
import { SEPARATOR_LINE } from './paragraphShape'
import type { ParagraphSpan } from './types'

/**
 * Hard wraps: line breaks a file puts inside a paragraph to keep lines short (licences,
 * manuals, mail, fortune files, text wrapped at 72 columns). Such a break is the file's
 * way of writing, not a layout fault, so the layout rules read the lines on either side
 * as one paragraph (#18: "texts with no breaks get several findings each").
 *
 * A gap between two lines is a wrap when it is a single line break (no blank line) and
 * either
 * 1. the text separates its paragraphs otherwise: by blank lines or by separator lines
 *    ("%", "* * *", "----"), at least MIN_SEPARATOR_GAPS times; or
 * 2. the text is set to a width: its longest line is at most MAX_WRAP_COLUMNS columns
 *    (a CJK character is two), at least MIN_FULL_LINES lines fill FULL_LINE_RATIO of it,
 *    and the line before the gap fills WRAPPED_LINE_RATIO of it (a short line before a
 *    single break is where a paragraph ended, or was cut).
 *
 * Worked example: "A cut line ends with the\nMayor said.\n\nNext one.\n\nLast." has two
 * blank-line gaps, so gap 0 is a wrap. A scraped newspaper with one paragraph a line has
 * neither separators nor a width (its lines run to hundreds of columns): no wraps, and a
 * line cut mid-sentence is reported. The workspace projection separates every paragraph
 * by a blank line, so it has no single line breaks and no wraps.
 */
const MIN_SEPARATOR_GAPS = 2
const MAX_WRAP_COLUMNS = 100
const MIN_FULL_LINES = 3
const FULL_LINE_RATIO = 0.85
const WRAPPED_LINE_RATIO = 0.6

/** Display columns of a line: wide characters (CJK, full-width forms) two, a tab eight, others one (by code point). */
function columns(line: string): number {
  let width = 0
  for (const char of line) width += char === '\t' ? 8 : isWide(char.codePointAt(0)!) ? 2 : 1
  return width
}

/**
 * Indexes i of the gaps (between paragraphs[i] and paragraphs[i + 1]) that are hard
 * wraps, per the rules above. `paragraphs` are the non-blank lines of `text` (nonBlankLines).
 * Pure, O(length of text).
 */
export function findHardWraps(paragraphs: readonly ParagraphSpan[], text: string): Set<number> {
  const single: number[] = []
  let separated = 0
  const separator = paragraphs.map((paragraph) => SEPARATOR_LINE.test(paragraph.text))
  for (let i = 0; i + 1 < paragraphs.length; i++) {
    const breaks = countLineBreaks(text, paragraphs[i].end, paragraphs[i + 1].start)
    if (breaks !== 1) separated++
    else if (separator[i] || separator[i + 1]) separated += separator[i + 1] ? 1 : 0
    else single.push(i)
  }
  if (separated >= MIN_SEPARATOR_GAPS || single.length === 0) return new Set(single)

  const widths = paragraphs.map((paragraph) => columns(paragraph.text.trimEnd()))
  const width = Math.max(0, ...widths)
  if (width === 0 || width > MAX_WRAP_COLUMNS) return new Set()
  if (widths.filter((line) => line >= FULL_LINE_RATIO * width).length < MIN_FULL_LINES) return new Set()
  return new Set(single.filter((i) => widths[i] >= WRAPPED_LINE_RATIO * width))
}
