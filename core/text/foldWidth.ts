import type { TextOffset } from './projection'

/**
 * Full-width / half-width folding with an offset map back to the source.
 *
 * Each folding unit (one code point with the combining marks after it) is
 * replaced by its NFKC form: full-width Latin and digits become ASCII
 * (ＡＢＣ１２３ → ABC123), full-width punctuation its ASCII twin (，→ ,  （ → ( ),
 * half-width katakana full-width (ｱ → ア), a decomposed é composes. Folding unit by
 * unit, rather than the whole string at once, keeps every folded character tied
 * to one source unit, so an offset in the folded text maps back exactly.
 *
 * Worked example: "a…，b" folds to "a...,b". Folded offsets 2 and 3 lie inside
 * the expansion of "…" (source [1, 2)): a range may not start or end there
 * without cutting "…" apart. Offset 4 is the boundary before ",", source offset 2.
 */
export interface FoldedText {
  /** The source, as given. */
  readonly source: string
  /** The folded text. */
  readonly text: string
  /**
   * True when folded offset `offset` lies between two folding units (or at
   * either end): a range that starts and ends on boundaries covers whole source
   * units. The middle of a surrogate pair is no boundary. Throws RangeError
   * outside [0, text.length].
   */
  isBoundary(offset: TextOffset): boolean
  /**
   * Source offset of a range starting at folded offset `offset`: the start of the
   * unit that holds the folded character at `offset` (a start inside an
   * expansion moves back to the unit's start). Throws RangeError outside
   * [0, text.length].
   */
  sourceStart(offset: TextOffset): TextOffset
  /**
   * Source offset of a range ending at folded offset `offset`: the end of the
   * unit that holds the folded character before `offset` (an end inside an
   * expansion moves on to the unit's end). Throws RangeError outside
   * [0, text.length].
   */
  sourceEnd(offset: TextOffset): TextOffset
}

/** One unit that folding changed: folded [foldedStart, foldedEnd) came from source [sourceStart, sourceEnd). */
interface FoldedUnit {
  foldedStart: number
  foldedEnd: number
  sourceStart: number
  sourceEnd: number
}

/** Combining marks: they fold together with the code point before them. */
const COMBINING_MARK = /^\p{M}$/u

/** Everything below U+0300 is free of combining marks. */
const FIRST_MARK = 0x300

/**
 * True for code points whose NFKC form is themselves, when no combining mark
 * follows: ASCII and the CJK unified ideographs (main block and extension A),
 * nearly all of a Chinese or English text. Skipping String.prototype.normalize
 * for them (and the \p{M} test for the character after them, isNeverMark)
 * folds the 200 KB sample in ~0.8 ms instead of ~4.8 ms (npm run bench -- find).
 */
function foldsToItself(code: number): boolean {
  return code < 0x80 || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)
}

/**
 * True for code units that are certainly no combining mark, tested before the
 * costlier \p{M}: below U+0300, the CJK ideographs, general punctuation, the
 * CJK symbols before U+302A and the full-width forms of ASCII. In Chinese text
 * the next character is nearly always one of these.
 */
function isNeverMark(code: number): boolean {
  return code < FIRST_MARK || (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)
    || (code >= 0x2000 && code <= 0x206f) || (code >= 0x3000 && code <= 0x3029) || (code >= 0xff01 && code <= 0xff5e)
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff

/**
 * Folds `source` (see FoldedText). O(length) to build; each offset query is a
 * binary search over the units that changed.
 */
export function foldWidth(source: string): FoldedText {
  const units: FoldedUnit[] = []
  const parts: string[] = []
  let copiedUpTo = 0
  let shift = 0
  const length = source.length
  let i = 0
  while (i < length) {
    const code = source.codePointAt(i)!
    let end = i + (code > 0xffff ? 2 : 1)
    if (foldsToItself(code) && (end >= length || isNeverMark(source.charCodeAt(end)))) {
      i = end
      continue
    }
    while (end < length) {
      const mark = source.codePointAt(end)!
      if (isNeverMark(mark) || !COMBINING_MARK.test(String.fromCodePoint(mark))) break
      end += mark > 0xffff ? 2 : 1
    }
    const unit = source.slice(i, end)
    // Full-width forms of ASCII (U+FF01..U+FF5E) are the commonest case in
    // Chinese text (，；：！): their NFKC form is the ASCII character 0xFEE0 below.
    const folded = code >= 0xff01 && code <= 0xff5e && end === i + 1 ? String.fromCharCode(code - 0xfee0) : unit.normalize('NFKC')
    if (folded !== unit) {
      parts.push(source.slice(copiedUpTo, i), folded)
      units.push({ foldedStart: i + shift, foldedEnd: i + shift + folded.length, sourceStart: i, sourceEnd: end })
      shift += folded.length - unit.length
      copiedUpTo = end
    }
    i = end
  }
  parts.push(source.slice(copiedUpTo))
  const text = units.length ? parts.join('') : source
  const foldedLength = text.length

  /** The last changed unit starting at or before folded offset `offset`, or -1. */
  const unitBefore = (offset: number): number => {
    let lo = -1
    let hi = units.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (units[mid].foldedStart <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  /** Source offset of a folded offset outside every changed unit (copied text). */
  const copied = (offset: number, unit: number): number => (unit < 0 ? offset : offset - units[unit].foldedEnd + units[unit].sourceEnd)
  const checkOffset = (offset: TextOffset): void => {
    if (!Number.isInteger(offset) || offset < 0 || offset > foldedLength) {
      throw new RangeError(`folded offset ${offset} outside [0, ${foldedLength}]`)
    }
  }
  const splitsPair = (sourceOffset: number): boolean => isLowSurrogate(source.charCodeAt(sourceOffset)) && isHighSurrogate(source.charCodeAt(sourceOffset - 1))

  return {
    source,
    text,
    isBoundary(offset) {
      checkOffset(offset)
      const unit = unitBefore(offset)
      if (unit >= 0 && offset > units[unit].foldedStart && offset < units[unit].foldedEnd) return false
      if (unit >= 0 && offset === units[unit].foldedStart) return true
      return !splitsPair(copied(offset, unit))
    },
    sourceStart(offset) {
      checkOffset(offset)
      const unit = unitBefore(offset)
      if (unit >= 0 && offset < units[unit].foldedEnd) return units[unit].sourceStart
      const at = copied(offset, unit)
      return splitsPair(at) ? at - 1 : at
    },
    sourceEnd(offset) {
      checkOffset(offset)
      const unit = unitBefore(offset - 1)
      if (unit >= 0 && offset > units[unit].foldedStart && offset <= units[unit].foldedEnd) return units[unit].sourceEnd
      const at = copied(offset, unit)
      return splitsPair(at) ? at + 1 : at
    },
  }
}
