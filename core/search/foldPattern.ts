import { foldWidth } from '../text/foldWidth'

/**
 * Characters that have a meaning in a regular expression compiled with the `u`
 * flag: a folded character that is one of them must be escaped to stay a
 * literal. Inside a character class "-" is one too; elsewhere the `u` flag
 * rejects "\-".
 */
const SYNTAX = /[\\^$.*+?()[\]{}|/]/g
const CLASS_SYNTAX = /[\\^$.*+?()[\]{}|/-]/g

/** `text` as a literal in a regular expression source with the `u` flag. */
export function escapeRegExp(text: string): string {
  return text.replace(SYNTAX, '\\$&')
}

/**
 * A regular expression source with its literal characters folded as foldWidth
 * folds the text it will run over, so that a pattern written with full-width
 * characters still matches: （\d+） becomes \(\d+\), which finds "(12)" in the
 * folded form of both "（12）" and "(12)".
 *
 * Escapes (a backslash and the character after it) are kept as written, and only
 * characters that folding changes are touched, so the syntax of the pattern is
 * unchanged. Outside a character class a character that folds to several (… to
 * "...") becomes a group, (?:\.\.\.), so a quantifier after it still applies to
 * all of it; inside a class, where a group cannot stand, such a character is kept
 * as written (it then matches nothing in folded text).
 */
export function foldPattern(pattern: string): string {
  let result = ''
  let inClass = false
  let i = 0
  while (i < pattern.length) {
    const char = pattern[i]
    if (char === '\\') {
      const next = pattern.codePointAt(i + 1)
      const escaped = next === undefined ? '' : String.fromCodePoint(next)
      result += char + escaped
      i += 1 + escaped.length
      continue
    }
    if (char === '[' && !inClass) inClass = true
    else if (char === ']' && inClass) inClass = false
    // A code point and the combining marks after it fold together.
    const unit = /^.\p{M}*/su.exec(pattern.slice(i, i + 16))![0]
    i += unit.length
    const folded = unit.charCodeAt(0) < 0x80 && unit.length === 1 ? unit : foldWidth(unit).text
    if (folded === unit) {
      result += unit
    } else if (inClass) {
      result += [...folded].length === 1 ? folded.replace(CLASS_SYNTAX, '\\$&') : unit
    } else {
      const literal = escapeRegExp(folded)
      result += [...folded].length === 1 ? literal : `(?:${literal})`
    }
  }
  return result
}
