/**
 * What kind of character a code point is: the one definition of "Han", "kana",
 * "Hangul", "Latin letter", "digit" and "full-width punctuation" that alignment,
 * duplicates, checks and the client share.
 *
 * Every predicate takes a code point (a number); a UTF-16 code unit below 0x10000
 * is its own code point, so hot loops call them with `text.charCodeAt(i)` and look
 * at surrogate pairs themselves. A lone surrogate belongs to no class. None throws.
 *
 * The scripts are the Unicode Script property (`\p{Script=Han}` …) as the
 * JavaScript engine knows it, read once into a table of bit flags; tokenizers that
 * classify every code unit read `characterFlags()` directly instead of calling the
 * predicates (one array load a character).
 */

/** `\p{Script=Han}` and 〆 (U+3006, script Common but written as a character): ideographs, 々 〇, Kangxi radicals, Hangzhou numerals. */
export const CHAR_HAN = 1 << 0
/** `\p{Script=Hiragana}`, `\p{Script=Katakana}` (half-width forms too) and the prolonged sound mark ー (U+30FC). */
export const CHAR_KANA = 1 << 1
/** `\p{Script=Hangul}`: syllables and jamo, half-width forms too. */
export const CHAR_HANGUL = 1 << 2
/** A letter of the Latin script, full-width forms ("Ａ") included. */
export const CHAR_LATIN_LETTER = 1 << 3
/** A letter or combining mark of any script (`\p{L}`, `\p{M}`). */
export const CHAR_LETTER = 1 << 4
/** An ASCII or full-width decimal digit: 0–9, ０–９. */
export const CHAR_DIGIT = 1 << 5
/** Any number character (`\p{N}`): digits of every script, ², ①, Ⅻ. */
export const CHAR_NUMBER = 1 << 6
/** White space as `\s` and `String.prototype.trim` see it (line breaks U+000A, U+000D, U+2028, U+2029 included). */
export const CHAR_WHITE_SPACE = 1 << 7
/** Punctuation or a symbol (`\p{P}`, `\p{S}`). */
export const CHAR_PUNCTUATION = 1 << 8
/** Punctuation that takes a full em in CJK text: 、。「」 （ ） ！ and the like (see isFullWidthPunctuation). */
export const CHAR_FULL_WIDTH_PUNCTUATION = 1 << 9

/**
 * Supplementary ideographs (CJK extensions B and later live in planes 2 and 3);
 * other supplementary code points (emoji, historic scripts) are in no class.
 */
const SUPPLEMENTARY_HAN_FIRST = 0x20000
const SUPPLEMENTARY_HAN_LAST = 0x3ffff

let flagTable: Uint16Array | null = null

/**
 * The bit flags (CHAR_*) of every UTF-16 code unit, indexed by code unit; 0 for
 * surrogates and unassigned code points. Built on first call (a few milliseconds:
 * one regular-expression scan per class over all 65,536 code units), then shared;
 * callers must not write to it.
 */
export function characterFlags(): Uint16Array {
  if (flagTable === null) flagTable = buildFlagTable()
  return flagTable
}

function buildFlagTable(): Uint16Array {
  const table = new Uint16Array(0x10000)
  // Every BMP code unit in order, surrogates replaced by U+FFFF (a noncharacter in no
  // class) so that no two of them pair up: match index = code unit.
  const units = new Uint16Array(0x10000)
  for (let c = 0; c < 0x10000; c++) units[c] = c >= 0xd800 && c <= 0xdfff ? 0xffff : c
  let all = ''
  for (let c = 0; c < 0x10000; c += 0x1000) all += String.fromCharCode(...units.subarray(c, c + 0x1000))
  /** Sets `flag` on every code unit `pattern` matches that already has all of `requires`. */
  const mark = (pattern: RegExp, flag: number, requires = 0): void => {
    for (const match of all.matchAll(pattern)) {
      if ((table[match.index] & requires) === requires) table[match.index] |= flag
    }
  }
  mark(/[\p{Script=Han}\u3006]/gu, CHAR_HAN)
  mark(/[\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/gu, CHAR_KANA)
  mark(/\p{Script=Hangul}/gu, CHAR_HANGUL)
  mark(/[\p{L}\p{M}]/gu, CHAR_LETTER)
  mark(/(?=\p{L})\p{Script=Latin}/gu, CHAR_LATIN_LETTER)
  mark(/[0-9\uff10-\uff19]/g, CHAR_DIGIT)
  mark(/\p{N}/gu, CHAR_NUMBER)
  mark(/\s/gu, CHAR_WHITE_SPACE)
  mark(/[\p{P}\p{S}]/gu, CHAR_PUNCTUATION)
  // Full-width punctuation: the punctuation of the CJK Symbols and Punctuation block,
  // of the vertical and CJK compatibility forms, and the full-width forms of ASCII
  // punctuation and of ¢ £ ¬ ¯ ¦ ¥ ₩. Curly quotes and dashes (“ ” — …) are left out:
  // their width depends on the font (East Asian Width "ambiguous").
  mark(/[\u3001-\u303f\ufe10-\ufe19\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6]/g, CHAR_FULL_WIDTH_PUNCTUATION, CHAR_PUNCTUATION)
  return table
}

function flagsOf(codePoint: number): number {
  return codePoint >= 0 && codePoint < 0x10000 ? characterFlags()[codePoint] : 0
}

/** Whether a code point is a Han character (see CHAR_HAN), supplementary ideographs (U+20000–U+3FFFF) included. */
export function isHan(codePoint: number): boolean {
  if (codePoint >= SUPPLEMENTARY_HAN_FIRST) return codePoint <= SUPPLEMENTARY_HAN_LAST
  return (flagsOf(codePoint) & CHAR_HAN) !== 0
}

/** Whether a code point is hiragana or katakana, ー included (see CHAR_KANA). */
export function isKana(codePoint: number): boolean {
  return (flagsOf(codePoint) & CHAR_KANA) !== 0
}

/** Whether a code point is Hangul (see CHAR_HANGUL). */
export function isHangul(codePoint: number): boolean {
  return (flagsOf(codePoint) & CHAR_HANGUL) !== 0
}

/**
 * Whether a code point belongs to a script written without spaces between words:
 * Han or kana. Hangul is not one (Korean puts spaces between words). What the
 * checks count to decide that a paragraph is CJK text.
 */
export function isWrittenWithoutSpaces(codePoint: number): boolean {
  return isHan(codePoint) || isKana(codePoint)
}

/**
 * Whether a code point is a Han, kana or Hangul character: the characters that the
 * duplicate finder and the aligner take one at a time, as a token of their own.
 */
export function isCjkCharacter(codePoint: number): boolean {
  return isHan(codePoint) || (flagsOf(codePoint) & (CHAR_KANA | CHAR_HANGUL)) !== 0
}

/** Whether a code point is a Latin letter, with diacritics ("é") and in full-width form ("Ａ"). */
export function isLatinLetter(codePoint: number): boolean {
  return (flagsOf(codePoint) & CHAR_LATIN_LETTER) !== 0
}

/** Whether a code point is an ASCII or full-width decimal digit (0–9, ０–９). */
export function isDigit(codePoint: number): boolean {
  return (flagsOf(codePoint) & CHAR_DIGIT) !== 0
}

/**
 * Whether a code point is full-width punctuation: "、", "。", "「", "（", "！", "：",
 * "〔", "￥" and the like, which take a full em in CJK text. Curly quotes, dashes and
 * the ellipsis are not (their width depends on the font).
 */
export function isFullWidthPunctuation(codePoint: number): boolean {
  return (flagsOf(codePoint) & CHAR_FULL_WIDTH_PUNCTUATION) !== 0
}
