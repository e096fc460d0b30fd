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
 * JavaScript engine knows it, kept in a table of bit flags (CHAR_*) that
 * `characterFlagsOf` fills one code unit at a time: a text has a few thousand
 * distinct characters, so filling the whole table up front would cost more than it
 * saves. Tokenizers read `characterFlagsOf` once per distinct code unit and keep
 * their own tables of what they derive from it.
 */

/** `\p{Script=Han}` and 〆 (U+3006, script Common but written as a character): ideographs, 々 〇, Kangxi radicals, Hangzhou numerals. */
export const CHAR_HAN = 1 << 0
/** `\p{Script=Hiragana}`, `\p{Script=Katakana}` (half-width forms too) and the prolonged sound mark ー (U+30FC). */
export const CHAR_KANA = 1 << 1
/** `\p{Script=Hangul}`: syllables and jamo, half-width forms too. */
export const CHAR_HANGUL = 1 << 2
/**
 * Han, kana or Hangul: the characters that the duplicate finder and the aligner take
 * one at a time, as a token of their own (see isCjkCharacter).
 */
export const CHAR_CJK = CHAR_HAN | CHAR_KANA | CHAR_HANGUL
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

/**
 * Each class as a pattern matching one code unit, and the classes a code unit must
 * already have for it to count (Latin letters are letters; full-width punctuation
 * is punctuation). The order matters: required classes come first.
 */
const CLASS_PATTERNS: ReadonlyArray<readonly [flag: number, pattern: RegExp, requires: number]> = [
  [CHAR_HAN, /[\p{Script=Han}\u3006]/u, 0],
  [CHAR_KANA, /[\p{Script=Hiragana}\p{Script=Katakana}\u30fc]/u, 0],
  [CHAR_HANGUL, /\p{Script=Hangul}/u, 0],
  [CHAR_LETTER, /[\p{L}\p{M}]/u, 0],
  [CHAR_LATIN_LETTER, /(?=\p{L})\p{Script=Latin}/u, 0],
  [CHAR_DIGIT, /[0-9\uff10-\uff19]/u, 0],
  [CHAR_NUMBER, /\p{N}/u, 0],
  [CHAR_WHITE_SPACE, /\s/u, 0],
  [CHAR_PUNCTUATION, /[\p{P}\p{S}]/u, 0],
  // The punctuation of the CJK Symbols and Punctuation block, of the vertical and CJK
  // compatibility forms, and the full-width forms of ASCII punctuation and of
  // ¢ £ ¬ ¯ ¦ ¥ ₩. Curly quotes and dashes (“ ” — …) are left out: their width
  // depends on the font (East Asian Width "ambiguous").
  [CHAR_FULL_WIDTH_PUNCTUATION, /[\u3001-\u303f\ufe10-\ufe19\ufe30-\ufe4f\uff01-\uff60\uffe0-\uffe6]/u, CHAR_PUNCTUATION],
]

/** Set in a table entry once its flags are known (a code unit in no class still has this bit). */
const KNOWN = 1 << 15
/** Flags of each BMP code unit, with KNOWN; filled one code unit at a time, the first time it is asked for. */
const flagTable = new Uint16Array(0x10000)

function flagsOfCodeUnit(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return 0
  const char = String.fromCharCode(code)
  let flags = 0
  for (const [flag, pattern, requires] of CLASS_PATTERNS) {
    if ((flags & requires) === requires && pattern.test(char)) flags |= flag
  }
  return flags
}

/**
 * The CHAR_* flags of one code point: from the table, classifying a BMP code unit on
 * first sight (about ten regular-expression tests, once); 0 outside the BMP (see
 * isHan for supplementary ideographs) and for surrogates. Never throws.
 */
export function characterFlagsOf(codePoint: number): number {
  if (!(codePoint >= 0 && codePoint < 0x10000)) return 0
  let flags = flagTable[codePoint]
  if (flags === 0) {
    flags = flagsOfCodeUnit(codePoint) | KNOWN
    flagTable[codePoint] = flags
  }
  return flags & ~KNOWN
}

/** Whether a code point is a Han character (see CHAR_HAN), supplementary ideographs (U+20000–U+3FFFF) included. */
export function isHan(codePoint: number): boolean {
  if (codePoint >= SUPPLEMENTARY_HAN_FIRST) return codePoint <= SUPPLEMENTARY_HAN_LAST
  return (characterFlagsOf(codePoint) & CHAR_HAN) !== 0
}

/** Whether a code point is hiragana or katakana, ー included (see CHAR_KANA). */
export function isKana(codePoint: number): boolean {
  return (characterFlagsOf(codePoint) & CHAR_KANA) !== 0
}

/** Whether a code point is Hangul (see CHAR_HANGUL). */
export function isHangul(codePoint: number): boolean {
  return (characterFlagsOf(codePoint) & CHAR_HANGUL) !== 0
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
  return isHan(codePoint) || (characterFlagsOf(codePoint) & CHAR_CJK) !== 0
}

/**
 * Whether a code point is white space as `\s` and `String.prototype.trim` see it,
 * line breaks included (U+0085 NEL is not: see lines.ts). One table load after the
 * first sight of a code unit, so tokenizers may call it for every code unit.
 */
export function isWhiteSpace(codePoint: number): boolean {
  return (characterFlagsOf(codePoint) & CHAR_WHITE_SPACE) !== 0
}

/**
 * Whether a code point is a letter of a word, as the tokenizers join letters into
 * words: a letter or combining mark (`\p{L}`, `\p{M}`) of any script that is not
 * Han, kana or Hangul (those are tokens on their own). "é", "ж", "Ａ" are; "中", "1" are not.
 */
export function isWordLetter(codePoint: number): boolean {
  const flags = characterFlagsOf(codePoint)
  return (flags & CHAR_LETTER) !== 0 && (flags & CHAR_CJK) === 0
}

/**
 * Whether a code point takes two cells of a terminal or a full em of a proportional
 * CJK font (East Asian Width "wide" or "full-width", as ranges): Hangul leading
 * jamo, the CJK blocks from radicals to Yi (U+2E80–U+A4CF, kana and CJK punctuation
 * included), Hangul syllables, compatibility ideographs, CJK compatibility forms,
 * full-width forms, and supplementary ideographs. A lone surrogate is not wide, so
 * counting by code units gives a supplementary ideograph 1 + 1 = 2 as well.
 */
export function isWide(codePoint: number): boolean {
  if (codePoint < 0x1100) return false
  if (codePoint < 0x2e80) return codePoint <= 0x115f
  if (codePoint <= 0xa4cf) return true
  if (codePoint < 0x10000) {
    return (codePoint >= 0xac00 && codePoint <= 0xd7a3) || (codePoint >= 0xf900 && codePoint <= 0xfaff)
      || (codePoint >= 0xfe30 && codePoint <= 0xfe4f) || (codePoint >= 0xff00 && codePoint <= 0xff60)
      || (codePoint >= 0xffe0 && codePoint <= 0xffe6)
  }
  return codePoint >= 0x20000 && codePoint <= 0x3fffd
}

/** Whether a code point is a Latin letter, with diacritics ("é") and in full-width form ("Ａ"). */
export function isLatinLetter(codePoint: number): boolean {
  return (characterFlagsOf(codePoint) & CHAR_LATIN_LETTER) !== 0
}

/** Whether a code point is an ASCII or full-width decimal digit (0–9, ０–９). */
export function isDigit(codePoint: number): boolean {
  return (characterFlagsOf(codePoint) & CHAR_DIGIT) !== 0
}

/**
 * Whether a code point is full-width punctuation: "、", "。", "「", "（", "！", "：",
 * "〔", "￥" and the like, which take a full em in CJK text. Curly quotes, dashes and
 * the ellipsis are not (their width depends on the font).
 */
export function isFullWidthPunctuation(codePoint: number): boolean {
  return (characterFlagsOf(codePoint) & CHAR_FULL_WIDTH_PUNCTUATION) !== 0
}
