import { CHAR_CJK, CHAR_LETTER, CHAR_NUMBER, CHAR_WHITE_SPACE, characterFlagsOf, isHan as isHanCodePoint, isLineBreak } from '../text'
import { NEAR_WORD_LETTERS } from './thresholds'

/**
 * The text cut into comparison units, all in typed arrays so that a 10 MB text
 * costs a few dozen bytes a unit and no string per unit.
 *
 * Offsets are UTF-16 code units into the tokenized string (`TextOffset`).
 * A unit is one Han, kana or Hangul character (CJK has no spaces, so a character
 * is the natural token), or one run of letters and digits (a Latin, Cyrillic or
 * Greek word, a number). Spaces and punctuation are not units: "同事们、朋友们！"
 * and "同事们，朋友们：" compare equal, as do "Hello, World" and "hello world".
 * Full-width letters and digits fold to ASCII and letters to lower case.
 *
 * A paragraph is a run of text between line breaks (core/text/lines.ts: LF, CR,
 * NEL, U+2028, U+2029); lines holding only white space are not paragraphs.
 */
export interface Units {
  readonly count: number
  /** Offset of each unit's first UTF-16 code unit. */
  readonly start: Int32Array
  /** Offset just past each unit. */
  readonly end: Int32Array
  /**
   * Normalised identity: equal codes mean equal units. Han/kana/Hangul units are their
   * code point with the top bit set (see `isHan`); words a 31-bit hash of their folded letters.
   */
  readonly code: Uint32Array
  readonly paragraphs: Paragraphs
  /** The tokenized string (for comparing words letter by letter, see `nearWords`). */
  readonly text: string
}

/** Paragraph spans: text offsets with surrounding white space trimmed, and unit ranges. */
export interface Paragraphs {
  readonly count: number
  readonly start: Int32Array
  readonly end: Int32Array
  readonly firstUnit: Int32Array
  readonly unitEnd: Int32Array
}

/** Class of a code unit not seen yet (see classify). */
const UNCLASSIFIED = 0
const SEPARATOR = 1
const WORD = 2
const HAN = 3
const LINE_BREAK = 4
const SPACE = 5

/**
 * Class and fold of each BMP code unit, filled the first time the code unit is met:
 * a text has a few thousand distinct characters, so classifying them (core/text's
 * classes, an NFKC fold) costs a few milliseconds once, and the hot loop stays one
 * array load a character.
 */
const classTable = new Uint8Array(65536)
/** Folded code unit (NFKC, lower case), valid once the code unit is classified. */
const foldTable = new Uint16Array(65536)

/** Classifies code unit `c`, records its fold and returns its class. A CJK character (Han, kana, Hangul) is a unit on its own; letters, digits and marks make words. */
function classify(c: number): number {
  let cls = SEPARATOR
  let folded = c
  if (c >= 0xd800 && c <= 0xdfff) cls = SEPARATOR
  else if (isLineBreak(c)) cls = LINE_BREAK
  else {
    const flags = characterFlagsOf(c)
    const s = String.fromCharCode(c)
    if ((flags & CHAR_WHITE_SPACE) !== 0) cls = SPACE
    else if ((flags & CHAR_CJK) !== 0) {
      cls = HAN
      const n = s.normalize('NFKC')
      if (n.length === 1) folded = n.charCodeAt(0)
    } else if ((flags & (CHAR_LETTER | CHAR_NUMBER)) !== 0) {
      cls = WORD
      const n = s.normalize('NFKC').toLowerCase()
      folded = n.length === 1 ? n.charCodeAt(0) : s.toLowerCase().length === 1 ? s.toLowerCase().charCodeAt(0) : c
    }
  }
  foldTable[c] = folded
  classTable[c] = cls
  return cls
}

class GrowableInt32 {
  data: Int32Array
  length = 0
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity))
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2)
      bigger.set(this.data)
      this.data = bigger
    }
    this.data[this.length++] = value
  }
  finish(): Int32Array {
    return this.data.slice(0, this.length)
  }
}

/**
 * Cuts `text` into units and paragraphs. O(text.length); never throws.
 * `onProgress` receives the fraction of the text read, about every 256K characters.
 */
export function tokenize(text: string, onProgress?: (fraction: number) => void): Units {
  const classes = classTable
  const fold = foldTable
  const n = text.length
  // Latin text has about one unit per 6 characters, CJK one per character; start in between and grow.
  let capacity = Math.max(64, n >> 1)
  let start = new Int32Array(capacity)
  let end = new Int32Array(capacity)
  let code = new Uint32Array(capacity)
  let count = 0
  const grow = (): void => {
    capacity *= 2
    const s = new Int32Array(capacity); s.set(start); start = s
    const e = new Int32Array(capacity); e.set(end); end = e
    const c = new Uint32Array(capacity); c.set(code); code = c
  }

  const pStart = new GrowableInt32(1024)
  const pEnd = new GrowableInt32(1024)
  const pFirst = new GrowableInt32(1024)
  const pUnitEnd = new GrowableInt32(1024)
  let inParagraph = false
  let lastVisible = 0
  const closeParagraph = (): void => {
    if (!inParagraph) return
    pEnd.push(lastVisible)
    pUnitEnd.push(count)
    inParagraph = false
  }

  let nextReport = 1 << 18
  let i = 0
  while (i < n) {
    if (i >= nextReport) {
      onProgress?.(i / n)
      nextReport += 1 << 18
    }
    let c = text.charCodeAt(i)
    let cls = classes[c]
    if (cls === UNCLASSIFIED) cls = classify(c)
    let width = 1
    let cp = c
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const low = text.charCodeAt(i + 1)
      if (low >= 0xdc00 && low <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000
        width = 2
        // Supplementary ideographs (CJK extensions B and later) are units; emoji and the like are not.
        cls = isHanCodePoint(cp) ? HAN : SEPARATOR
      }
    }
    if (cls === LINE_BREAK) {
      closeParagraph()
      i++
      continue
    }
    if (cls === SPACE) {
      i++
      continue
    }
    if (!inParagraph) {
      inParagraph = true
      pStart.push(i)
      pFirst.push(count)
    }
    if (cls === SEPARATOR) {
      i += width
      lastVisible = i
      continue
    }
    if (count === capacity) grow()
    if (cls === HAN) {
      start[count] = i
      end[count] = i + width
      code[count] = ((width === 1 ? fold[c] : cp) | 0x80000000) >>> 0
      count++
      i += width
      lastVisible = i
      continue
    }
    // A word: FNV-1a over the folded code units.
    let h = 0x811c9dc5
    const wordStart = i
    while (i < n) {
      c = text.charCodeAt(i)
      const next = classes[c]
      if (next !== WORD && (next !== UNCLASSIFIED || classify(c) !== WORD)) break
      h = Math.imul(h ^ fold[c], 16777619)
      i++
    }
    start[count] = wordStart
    end[count] = i
    code[count] = (h & 0x7fffffff) >>> 0
    count++
    lastVisible = i
  }
  closeParagraph()
  onProgress?.(1)
  return {
    text,
    count,
    start: start.subarray(0, count),
    end: end.subarray(0, count),
    code: code.subarray(0, count),
    paragraphs: {
      count: pStart.length,
      start: pStart.finish(),
      end: pEnd.finish(),
      firstUnit: pFirst.finish(),
      unitEnd: pUnitEnd.finish(),
    },
  }
}

/** Whether unit `u` is a Han, kana or Hangul character (rather than a word). */
export function isHan(units: Units, u: number): boolean {
  return units.code[u] >>> 31 === 1
}

/** Index of the paragraph holding unit `u`. O(log paragraphs). */
export function paragraphOf(units: Units, u: number): number {
  const firstUnit = units.paragraphs.firstUnit
  let lo = 0
  let hi = units.paragraphs.count - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (firstUnit[mid] <= u) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * Whether units `u` and `v` are two different words one letter apart (one letter
 * changed, added or dropped, or two neighbours swapped, after folding), the longer
 * having at least NEAR_WORD_LETTERS letters: a typo, which at word level would
 * otherwise count as a whole word changed. Han characters are never near (each is
 * its own unit already), nor are words with digits (numbers, codes). O(word length).
 * Example: "recieve"/"receive" (swap), "goverment"/"government" (dropped letter),
 * "lebiv"/"lebxv" are near; "cat"/"cut" (too short to tell a typo from another word)
 * and "farm"/"from" (two letters apart) are not.
 */
export function nearWords(units: Units, u: number, v: number): boolean {
  if ((units.code[u] | units.code[v]) >>> 31 !== 0) return false
  const fold = foldTable
  const text = units.text
  let a = units.start[u]
  let b = units.start[v]
  let la = units.end[u] - a
  let lb = units.end[v] - b
  if (la < lb) {
    const t = a; a = b; b = t
    const l = la; la = lb; lb = l
  }
  if (la - lb > 1 || la < NEAR_WORD_LETTERS) return false
  // A changed digit is a different number ("2024"/"2025", "A380"/"A320"), not a slip.
  for (let t = 0; t < la; t++) if (fold[text.charCodeAt(a + t)] - 48 >>> 0 < 10) return false
  for (let t = 0; t < lb; t++) if (fold[text.charCodeAt(b + t)] - 48 >>> 0 < 10) return false
  let i = 0
  while (i < lb && fold[text.charCodeAt(a + i)] === fold[text.charCodeAt(b + i)]) i++
  if (i === lb) return la !== lb
  if (la === lb) {
    // One letter changed, or two neighbours swapped.
    let j = i + 1
    while (j < la && fold[text.charCodeAt(a + j)] === fold[text.charCodeAt(b + j)]) j++
    if (j === la) return true
    if (j !== i + 1 || fold[text.charCodeAt(a + i)] !== fold[text.charCodeAt(b + j)] || fold[text.charCodeAt(a + j)] !== fold[text.charCodeAt(b + i)]) return false
    for (let t = j + 1; t < la; t++) if (fold[text.charCodeAt(a + t)] !== fold[text.charCodeAt(b + t)]) return false
    return true
  }
  // The longer word has one letter more: skip it and the rest must agree.
  for (let t = i; t < lb; t++) if (fold[text.charCodeAt(a + t + 1)] !== fold[text.charCodeAt(b + t)]) return false
  return true
}

