import { foldWidth, type FoldedText } from '../text/foldWidth'
import type { TextOffset } from '../text/projection'
import { escapeRegExp, foldPattern } from './foldPattern'
import { wholeWordSource } from './wholeWord'

/** What to look for, as the find bar sets it. */
export interface FindQuery {
  /** Literal text, or a JavaScript regular expression (without slashes or flags) when `regex`. */
  pattern: string
  regex: boolean
  /** False: upper and lower case match each other (Unicode simple case folding). */
  caseSensitive: boolean
  /** Full-width and half-width forms match each other (foldWidth): ＡＢＣ１２３ finds ABC123, "，" finds ",". */
  foldWidth: boolean
  /** Only whole words of Latin, Greek and Cyrillic text (wholeWord.ts); Chinese needs no boundaries. */
  wholeWord: boolean
}

/** A range of text offsets [start, end), UTF-16 code units. */
export interface TextRange {
  start: TextOffset
  end: TextOffset
}

/** One match, in offsets of the searched text (not of its folded form). */
export interface TextMatch extends TextRange {
  /** Capture groups 1, 2, …: index 0 holds group 1; null for a group that took no part in the match. */
  groups: ReadonlyArray<TextRange | null>
  /** Named groups by name; undefined when the pattern names none. */
  named?: Readonly<Record<string, TextRange | null>>
}

/**
 * The outcome of a search. A pattern that is not a valid regular expression is
 * an expected outcome (the user is still typing it), not an exception.
 */
export type FindResult =
  | { status: 'ok'; matches: TextMatch[]; truncated: boolean }
  | { status: 'invalid-pattern'; message: string }

/**
 * Most matches one search returns. Worked example: "，" occurs about once in 25
 * characters of Chinese prose, so a 100,000-character document has some 4,000;
 * 10,000 leaves room for that while bounding the work and the decorations a
 * query like "." (every character) would cost.
 */
export const MAX_MATCHES = 10_000

/** Next code point index after `index` (a surrogate pair is one step). */
function nextIndex(text: string, index: number): number {
  const code = text.codePointAt(index)
  return index + (code !== undefined && code > 0xffff ? 2 : 1)
}

/**
 * The regular expression of a query, or the engine's message when the pattern
 * does not compile. Flags: `g` and `d` (match indices, for the groups), `u` (code
 * points, Unicode properties), `m` (^ and $ at line ends, so at paragraph edges
 * of a projection), `i` unless case sensitive.
 */
function compile(query: FindQuery): { regex: RegExp } | { message: string } {
  let source: string
  if (query.regex) source = query.foldWidth ? foldPattern(query.pattern) : query.pattern
  else source = escapeRegExp(query.foldWidth ? foldWidth(query.pattern).text : query.pattern)
  if (query.wholeWord) source = wholeWordSource(source)
  const flags = `gdmu${query.caseSensitive ? '' : 'i'}`
  try {
    // Errors are reported against the pattern as the user wrote it, not its folded or wrapped form.
    if (query.regex) new RegExp(query.pattern, flags)
    return { regex: new RegExp(source, flags) }
  } catch (error) {
    // V8 repeats the pattern and our flags ("Invalid regular expression: /(/gdmu:
    // Unterminated group"); the user sees the pattern already, and not the flags.
    const message = error instanceof SyntaxError ? error.message : String(error)
    return { message: message.replace(/^(Invalid regular expression): \/.*\/[a-z]*: /s, '$1: ') }
  }
}

/**
 * Finds the matches of `query` in `text`, in order, non-overlapping (as
 * String.prototype.matchAll finds them).
 *
 * `text` may be given already folded (foldWidth(text)) when several queries run
 * over one version of a text; the offsets returned are always those of the
 * source text. With width folding, matching runs over the folded text and a match
 * that would cut a folded character apart (one "." of the three "…" folds to)
 * is skipped: replacing part of one source character has no meaning.
 *
 * Empty matches (of "x*" or "^") are skipped, since they mark nothing; the search
 * then moves on by one code point, so it never loops. At most `limit` matches
 * are returned; `truncated` says more exist. An empty pattern finds nothing.
 * Throws RangeError for a `limit` that is not a positive integer.
 */
export function findInText(text: string | FoldedText, query: FindQuery, limit: number = MAX_MATCHES): FindResult {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit ${limit} is not a positive integer`)
  if (query.pattern === '') return { status: 'ok', matches: [], truncated: false }
  const compiled = compile(query)
  if ('message' in compiled) return { status: 'invalid-pattern', message: compiled.message }
  const source = typeof text === 'string' ? text : text.source
  const folded = query.foldWidth ? (typeof text === 'string' ? foldWidth(text) : text) : null
  const searched = folded ? folded.text : source
  const toSource = (start: number, end: number): TextRange => {
    if (!folded) return { start, end }
    const from = folded.sourceStart(start)
    return { start: from, end: Math.max(from, folded.sourceEnd(end)) }
  }

  const { regex } = compiled
  const matches: TextMatch[] = []
  let truncated = false
  for (;;) {
    const match = regex.exec(searched)
    if (!match) break
    const start = match.index
    const end = start + match[0].length
    if (start === end || (folded && (!folded.isBoundary(start) || !folded.isBoundary(end)))) {
      regex.lastIndex = nextIndex(searched, start)
      continue
    }
    if (matches.length === limit) {
      truncated = true
      break
    }
    const indices = match.indices!
    const groups = indices.slice(1).map((range) => (range ? toSource(range[0], range[1]) : null))
    const named = indices.groups
      ? Object.fromEntries(Object.entries(indices.groups).map(([name, range]) => [name, range ? toSource(range[0], range[1]) : null]))
      : undefined
    matches.push({ ...toSource(start, end), groups, ...(named ? { named } : {}) })
  }
  return { status: 'ok', matches, truncated }
}
