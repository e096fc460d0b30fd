/**
 * Seeded generator of newspaper-like text with planted duplicates, for the
 * duplicate finder's benchmark and its recall property test.
 *
 * Paragraphs are Chinese (words of 1–4 Han characters drawn from a Zipf-distributed
 * vocabulary, full-width punctuation, no spaces), English-like (pseudo-words, Zipf)
 * or mixed (a Latin word or number inside a Chinese sentence), joined by blank lines.
 * Every so often the generator prints again a block of 1–3 earlier original
 * paragraphs: verbatim ("exact", half of them), with edits totalling 2–10 % of its
 * characters ("edited", four in ten: the near copies, "edits, insertions and
 * deletions up to about a tenth of the characters"; Han characters or whole words
 * substituted, inserted or deleted, and letter typos), or with 12–25 % edited
 * ("heavy", one in ten: beyond the spec, reported apart). Each edit is charged its
 * largest possible character cost (a word replaced by a longer one costs the longer
 * length), and an edit that would overrun the budget is not made, so the character
 * edit distance between source and copy never exceeds the stated share.
 * The same seed always gives the same text.
 */

import { seededRandom } from '../seededRandom'
import type { Occurrence } from '../../core/duplicates'

export interface PlantedPair {
  /** `edited`: at most 10 % of the characters edited (the spec); `heavy`: 12–25 %. */
  kind: 'exact' | 'edited' | 'heavy'
  source: Occurrence
  copy: Occurrence
}

export interface GeneratedText {
  text: string
  planted: PlantedPair[]
}

export interface GenerateOptions {
  seed: number
  /** Stop once the text reaches this many UTF-8 bytes. */
  targetBytes: number
  /** Share of Chinese paragraphs (the rest are English-like); default 0.5. */
  cjkShare?: number
  /** Chance that the next paragraph is a reprinted block; default 0.04. */
  plantRate?: number
}


class Zipf {
  private readonly cdf: Float64Array
  constructor(size: number, exponent: number) {
    this.cdf = new Float64Array(size)
    let total = 0
    for (let r = 0; r < size; r++) {
      total += 1 / Math.pow(r + 1, exponent)
      this.cdf[r] = total
    }
    for (let r = 0; r < size; r++) this.cdf[r] /= total
  }
  pick(u: number): number {
    let lo = 0
    let hi = this.cdf.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.cdf[mid] < u) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

const CONSONANTS = 'bcdfghjklmnprstvwz'
const VOWELS = 'aeiou'

interface Vocabulary {
  han: string[]
  latin: string[]
  zipf: Zipf
}

function makeVocabulary(random: () => number): Vocabulary {
  const size = 8000
  // Common Han characters live in U+4E00–U+9FA5; a word is 1–4 of them, mostly 2.
  const hanChars = Array.from({ length: 3500 }, () => String.fromCharCode(0x4e00 + Math.floor(random() * 0x51a5)))
  const charZipf = new Zipf(hanChars.length, 0.8)
  const han = Array.from({ length: size }, () => {
    const r = random()
    const length = r < 0.15 ? 1 : r < 0.8 ? 2 : r < 0.93 ? 3 : 4
    let word = ''
    for (let i = 0; i < length; i++) word += hanChars[charZipf.pick(random())]
    return word
  })
  const latin = Array.from({ length: size }, () => {
    const syllables = 1 + Math.floor(random() * 3)
    let word = ''
    for (let i = 0; i < syllables; i++) {
      word += CONSONANTS[Math.floor(random() * CONSONANTS.length)] + VOWELS[Math.floor(random() * VOWELS.length)]
      if (random() < 0.3) word += CONSONANTS[Math.floor(random() * CONSONANTS.length)]
    }
    return word
  })
  return { han, latin, zipf: new Zipf(size, 1.0) }
}

function chineseParagraph(random: () => number, vocabulary: Vocabulary, mixed: boolean): string {
  const sentences = 2 + Math.floor(random() * 4)
  let text = ''
  for (let s = 0; s < sentences; s++) {
    const words = 8 + Math.floor(random() * 18)
    for (let w = 0; w < words; w++) {
      if (mixed && random() < 0.04) text += random() < 0.5 ? vocabulary.latin[vocabulary.zipf.pick(random())] : String(Math.floor(random() * 2030))
      else text += vocabulary.han[vocabulary.zipf.pick(random())]
      if (w > 0 && w < words - 1 && random() < 0.12) text += random() < 0.8 ? '，' : '、'
    }
    text += random() < 0.9 ? '。' : '！'
  }
  return text
}

function englishParagraph(random: () => number, vocabulary: Vocabulary): string {
  const sentences = 2 + Math.floor(random() * 4)
  const out: string[] = []
  for (let s = 0; s < sentences; s++) {
    const words = 8 + Math.floor(random() * 18)
    const sentence: string[] = []
    for (let w = 0; w < words; w++) {
      let word = vocabulary.latin[vocabulary.zipf.pick(random())]
      if (w === 0) word = word[0].toUpperCase() + word.slice(1)
      if (w > 0 && w < words - 1 && random() < 0.1) word += ','
      sentence.push(word)
    }
    out.push(sentence.join(' ') + '.')
  }
  return out.join(' ')
}

const HAN = /[\u4e00-\u9fa5]/

/**
 * Applies edits worth at most `rate` of the block's characters (at least one edit);
 * never touches the paragraph breaks. Each edit is charged an upper bound of its
 * character edit distance and skipped if that exceeds what is left of the budget.
 */
function edit(block: string, rate: number, random: () => number, vocabulary: Vocabulary): string {
  let text = block
  let budget = Math.max(1, Math.floor(block.length * rate))
  let guard = 0
  while (budget > 0 && guard++ < 10000) {
    const at = Math.floor(random() * text.length)
    const ch = text[at]
    if (HAN.test(ch)) {
      const op = random()
      const replacement = vocabulary.han[vocabulary.zipf.pick(random())][0]
      if (op < 0.5) text = text.slice(0, at) + replacement + text.slice(at + 1)
      else if (op < 0.75) text = text.slice(0, at) + replacement + text.slice(at)
      else text = text.slice(0, at) + text.slice(at + 1)
      budget -= 1
    } else if (/[a-z]/i.test(ch)) {
      let s = at
      while (s > 0 && /[a-z]/i.test(text[s - 1])) s--
      let e = at
      while (e < text.length && /[a-z]/i.test(text[e])) e++
      const op = random()
      const word = vocabulary.latin[vocabulary.zipf.pick(random())]
      if (op < 0.15) {
        // A typo: one letter changed.
        text = text.slice(0, at) + (ch === 'x' ? 'y' : 'x') + text.slice(at + 1)
        budget -= 1
      } else if (op < 0.55) {
        if (Math.max(word.length, e - s) > budget) continue
        text = text.slice(0, s) + word + text.slice(e)
        budget -= Math.max(word.length, e - s)
      } else if (op < 0.8) {
        if (word.length + 1 > budget) continue
        text = text.slice(0, s) + word + ' ' + text.slice(s)
        budget -= word.length + 1
      } else if (text[e] === ' ' && e - s + 1 <= budget) {
        text = text.slice(0, s) + text.slice(e + 1)
        budget -= e - s + 1
      }
    }
  }
  return text
}

/** Generates a text of about `targetBytes` UTF-8 bytes with the planted pairs' offsets. */
export function generateText(options: GenerateOptions): GeneratedText {
  const random = seededRandom(options.seed)
  const vocabulary = makeVocabulary(random)
  const cjkShare = options.cjkShare ?? 0.5
  const plantRate = options.plantRate ?? 0.04
  const encoder = new TextEncoder()
  const paragraphs: string[] = []
  const original: boolean[] = []
  const plans: { kind: PlantedPair['kind']; from: number; to: number; at: number; count: number }[] = []
  let bytes = 0
  while (bytes < options.targetBytes) {
    if (paragraphs.length > 10 && random() < plantRate) {
      const count = 1 + Math.floor(random() * 3)
      const from = Math.floor(random() * (paragraphs.length - count))
      let clean = true
      for (let p = from; p < from + count; p++) clean &&= original[p]
      if (clean) {
        const draw = random()
        const kind: PlantedPair['kind'] = draw < 0.5 ? 'exact' : draw < 0.9 ? 'edited' : 'heavy'
        const block = paragraphs.slice(from, from + count).join('\n')
        // Below the finder's default minimum (30 Han characters, 80 letters) a copy is not a passage.
        if (block.length < 150) continue
        const rate = kind === 'edited' ? 0.02 + random() * 0.08 : 0.12 + random() * 0.13
        const copy = kind === 'exact' ? block : edit(block, rate, random, vocabulary)
        const copied = copy.split('\n')
        plans.push({ kind, from, to: from + count, at: paragraphs.length, count: copied.length })
        for (const paragraph of copied) {
          paragraphs.push(paragraph)
          original.push(false)
          bytes += encoder.encode(paragraph).length + 2
        }
        continue
      }
    }
    const r = random()
    const paragraph = r < cjkShare ? chineseParagraph(random, vocabulary, r < cjkShare * 0.3) : englishParagraph(random, vocabulary)
    paragraphs.push(paragraph)
    original.push(true)
    bytes += encoder.encode(paragraph).length + 2
  }
  const starts: number[] = []
  let offset = 0
  for (const paragraph of paragraphs) {
    starts.push(offset)
    offset += paragraph.length + 2
  }
  const span = (from: number, to: number): Occurrence => ({ start: starts[from], end: starts[to - 1] + paragraphs[to - 1].length })
  return {
    text: paragraphs.join('\n\n'),
    planted: plans.map((plan) => ({ kind: plan.kind, source: span(plan.from, plan.to), copy: span(plan.at, plan.at + plan.count) })),
  }
}

/**
 * Recall of the planted pairs, per kind: a pair counts as found when one cluster has
 * an occurrence covering at least `coverage` of the source and another covering at
 * least that much of the copy. A kind with no planted pairs has recall 1.
 */
export function plantedRecall(
  clusters: readonly { occurrences: readonly Occurrence[] }[],
  planted: readonly PlantedPair[],
  coverage = 0.9,
): { exact: number; edited: number; heavy: number; missed: PlantedPair[] } {
  const covering = (range: Occurrence, o: Occurrence): boolean =>
    Math.min(range.end, o.end) - Math.max(range.start, o.start) >= coverage * (range.end - range.start)
  // Index clusters by the occurrences they hold, sorted by start, to keep this linear-ish.
  const entries = clusters.flatMap((c, id) => c.occurrences.map((o) => ({ o, id }))).sort((x, y) => x.o.start - y.o.start)
  const maxLength = entries.reduce((m, e) => Math.max(m, e.o.end - e.o.start), 0)
  const coveringEntries = (range: Occurrence) => {
    let lo = 0
    let hi = entries.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (entries[mid].o.start < range.start - maxLength) lo = mid + 1
      else hi = mid
    }
    const found: { o: Occurrence; id: number }[] = []
    for (let i = lo; i < entries.length && entries[i].o.start <= range.end; i++) if (covering(range, entries[i].o)) found.push(entries[i])
    return found
  }
  const missed: PlantedPair[] = []
  const found = { exact: 0, edited: 0, heavy: 0 }
  const total = { exact: 0, edited: 0, heavy: 0 }
  for (const pair of planted) {
    const sources = coveringEntries(pair.source)
    const copies = coveringEntries(pair.copy)
    const hit = sources.some((s) => copies.some((c) => c.id === s.id && c.o !== s.o))
    total[pair.kind]++
    if (hit) found[pair.kind]++
    else missed.push(pair)
  }
  const share = (kind: PlantedPair['kind']) => (total[kind] ? found[kind] / total[kind] : 1)
  return { exact: share('exact'), edited: share('edited'), heavy: share('heavy'), missed }
}
