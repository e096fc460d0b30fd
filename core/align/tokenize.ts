import { CHAR_DIGIT, CHAR_CJK, CHAR_LETTER, CHAR_PUNCTUATION, CHAR_WHITE_SPACE, characterFlagsOf, isHan, type TextOffset } from '../text'

/** What a token is made of; decides how it is matched and where clause boundaries fall. */
export type TokenKind = 'han' | 'word' | 'number' | 'punct' | 'space' | 'other'

/**
 * One unit of alignment. `text` is exactly `source.slice(start, end)`; `key` is what
 * is compared: equal keys match even when the texts differ (full-width "，" and
 * half-width "," share the key ",").
 */
export interface Token {
  start: TextOffset
  end: TextOffset
  text: string
  key: string
  kind: TokenKind
}

/** Options shared by the tokenizer and the aligner. */
export interface TokenizeOptions {
  /**
   * Default true: full-width and half-width punctuation, digits and Latin letters
   * match ("，" = ",", "１" = "1"), curly and straight quotes match, and every run of
   * white space matches every other ("\n\n" = " "). The original text is kept.
   */
  normalizePunctuation?: boolean
}

const KIND_HAN = 1
const KIND_LETTER = 2
const KIND_DIGIT = 3
const KIND_SPACE = 4
const KIND_PUNCT = 5
const KIND_OTHER = 6
const KIND_HIGH_SURROGATE = 7
const KIND_NAMES: Record<number, TokenKind> = {
  [KIND_HAN]: 'han', [KIND_LETTER]: 'word', [KIND_DIGIT]: 'number', [KIND_SPACE]: 'space',
  [KIND_PUNCT]: 'punct', [KIND_OTHER]: 'other', [KIND_HIGH_SURROGATE]: 'han',
}

/** Kind of each BMP code unit, filled lazily from core/text's character classes, once per code unit. */
const classTable = new Uint8Array(0x10000)

function classify(code: number): number {
  let kind = classTable[code]
  if (kind !== 0) return kind
  const flags = characterFlagsOf(code)
  if ((flags & CHAR_CJK) !== 0) {
    kind = KIND_HAN // one character, one token: Han and kana have no spaces, and a Hangul syllable is matched whole
  } else if ((flags & CHAR_DIGIT) !== 0) {
    kind = KIND_DIGIT
  } else if (code >= 0xd800 && code <= 0xdbff) {
    kind = KIND_HIGH_SURROGATE
  } else if ((flags & CHAR_WHITE_SPACE) !== 0) kind = KIND_SPACE
  else if ((flags & CHAR_LETTER) !== 0) kind = KIND_LETTER
  else if ((flags & CHAR_PUNCTUATION) !== 0) kind = KIND_PUNCT
  else kind = KIND_OTHER
  classTable[code] = kind
  return kind
}

/** Width and quote variants folded for matching: "，" → ",", "“" → '"', "１" → "1". */
export function normalizeCode(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e) return code - 0xfee0
  switch (code) {
    case 0x201c: case 0x201d: case 0x201e: case 0x300c: case 0x300d: return 0x22 // “ ” „ 「 」
    case 0x2018: case 0x2019: case 0x300e: case 0x300f: return 0x27 // ‘ ’ 『 』
    case 0x3002: case 0xff61: return 0x2e // 。 ｡
    case 0x2014: case 0x2015: case 0x2013: return 0x2d // — ― –
    case 0x3000: return 0x20 // ideographic space
    default: return code
  }
}

/** Token boundaries and integer keys: what the aligner works on. */
export interface TokenStream {
  /** `starts[i]` is token i's start offset; `starts[count]` is the text's length. */
  starts: Int32Array
  /** Integer key of each token; equal keys match. */
  ids: Int32Array
  /** Kind code of each token (see TOKEN_KIND_*). */
  kinds: Uint8Array
  count: number
}

export const TOKEN_KIND_SPACE = KIND_SPACE
export const TOKEN_KIND_PUNCT = KIND_PUNCT

/**
 * Keys shared by the two witnesses of one alignment. Single-code-unit tokens (a Han
 * character, a punctuation mark) use their normalised code unit as key, so the hot
 * path allocates no string; longer tokens get ids from 0x10000 up.
 */
export class TokenDictionary {
  private readonly ids = new Map<string, number>()
  private next = 0x10000
  idOf(key: string): number {
    let id = this.ids.get(key)
    if (id === undefined) {
      id = this.next++
      this.ids.set(key, id)
    }
    return id
  }
}

function isWordJoiner(code: number): boolean {
  return code === 0x27 || code === 0x2019 || code === 0x2d // don't, well-known
}

/**
 * Tokenizes `text` into a TokenStream (internal form of `tokenize`). O(length).
 * The tokens cover the text exactly: concatenating them rebuilds it.
 */
export function tokenStream(text: string, dictionary: TokenDictionary, normalize = true): TokenStream {
  const length = text.length
  const starts = new Int32Array(length + 1)
  const ids = new Int32Array(length)
  const kinds = new Uint8Array(length)
  let count = 0
  let i = 0
  while (i < length) {
    const code = text.charCodeAt(i)
    const kind = classify(code)
    const start = i
    let id: number
    let tokenKind = kind
    if (kind === KIND_HAN || kind === KIND_PUNCT || kind === KIND_OTHER) {
      id = normalize ? normalizeCode(code) : code
      i++
    } else if (kind === KIND_HIGH_SURROGATE) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        const point = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000
        tokenKind = isHan(point) ? KIND_HAN : KIND_OTHER
        id = dictionary.idOf(text.slice(i, i + 2))
        i += 2
      } else {
        tokenKind = KIND_OTHER
        id = code
        i++
      }
    } else if (kind === KIND_SPACE) {
      i++
      while (i < length && classify(text.charCodeAt(i)) === KIND_SPACE) i++
      id = normalize ? 0x20 : dictionary.idOf(text.slice(start, i))
    } else {
      // a Latin (Greek, Cyrillic...) word or a number: a run of the same class;
      // words keep inner apostrophes and hyphens, numbers inner "." and ",".
      i++
      for (;;) {
        if (i >= length) break
        const next = text.charCodeAt(i)
        const nextKind = classify(next)
        if (nextKind === kind) { i++; continue }
        if (i + 1 < length && classify(text.charCodeAt(i + 1)) === kind
          && (kind === KIND_LETTER ? isWordJoiner(next) : next === 0x2e || next === 0x2c)) { i += 2; continue }
        break
      }
      let key = text.slice(start, i)
      if (normalize) key = key.replace(/[\uff01-\uff5e\u2019]/g, (c) => String.fromCharCode(normalizeCode(c.charCodeAt(0))))
      id = i - start === 1 && key.length === 1 ? key.charCodeAt(0) : dictionary.idOf(key)
    }
    starts[count] = start
    ids[count] = id
    kinds[count] = tokenKind
    count++
  }
  starts[count] = length
  return { starts: starts.subarray(0, count + 1), ids: ids.subarray(0, count), kinds: kinds.subarray(0, count), count }
}

/**
 * Splits a text into alignment tokens: each Han (or kana, hangul) character is one
 * token, a Latin word one token (inner apostrophe or hyphen kept: "don't"), a number
 * one token ("3.14", "1,000"), each punctuation mark one token, a run of white space
 * one token. Offsets are UTF-16 code units; the tokens cover the text exactly.
 * `key` is the matching key: width and quote variants folded when
 * `normalizePunctuation` is on (the default). Never throws.
 *
 * Worked example: tokenize("中方，2025 Astana") → 中 | 方 | ，(key ",") | 2025 | " " | Astana.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): Token[] {
  const normalize = options.normalizePunctuation ?? true
  const stream = tokenStream(text, new TokenDictionary(), normalize)
  const tokens: Token[] = []
  for (let t = 0; t < stream.count; t++) {
    const start = stream.starts[t]
    const end = stream.starts[t + 1]
    const raw = text.slice(start, end)
    const kind = KIND_NAMES[stream.kinds[t]]
    let key = raw
    if (normalize) {
      key = kind === 'space' ? ' ' : Array.from(raw, (c) => String.fromCharCode(normalizeCode(c.charCodeAt(0)))).join('')
      if (raw.length === 2 && kind !== 'word' && kind !== 'number' && kind !== 'space') key = raw // surrogate pair
    }
    tokens.push({ start, end, text: raw, key, kind })
  }
  return tokens
}
