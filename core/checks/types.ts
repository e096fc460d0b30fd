import type { LineSpan, TextOffset } from '../text'

/** The editorial checks Variorum runs; each names one file in core/checks. */
export type RuleId =
  | 'layout-break'
  | 'continuation-marker'
  | 'fragment'
  | 'script-intrusion'
  | 'typo'
  | 'displaced-heading'

/**
 * A safe replacement: replace [start, end) of the checked text with `text`.
 * Offsets are UTF-16 code units into the text the rule was run on. A fix never
 * removes letters or punctuation a reader could miss: it joins, swaps a character
 * for its intended form, or drops a repeated mark.
 */
export interface Fix {
  start: TextOffset
  end: TextOffset
  text: string
}

/**
 * One thing a rule found: [start, end) is the passage to show (UTF-16 code units).
 * `fix` is absent when no replacement is safe. `related` holds other passages the
 * finding refers to, e.g. the other piece of a continued story.
 */
export interface Finding {
  rule: RuleId
  start: TextOffset
  end: TextOffset
  message: string
  fix?: Fix
  related?: Array<{ start: TextOffset; end: TextOffset }>
}

/**
 * A paragraph as the checks see it: a non-blank line of the checked text (see
 * core/text/lines.ts for what a line break is). `text` is exactly text.slice(start, end).
 */
export type ParagraphSpan = LineSpan

/** One check. `run` is pure and deterministic; `paragraphs` must be nonBlankLines(text). */
export interface CheckRule {
  id: RuleId
  description: string
  run(text: string, paragraphs: ParagraphSpan[]): Finding[]
}
