import type { TextOffset } from '../text'
import { isHan, paragraphOf, tokenize, type Units } from './tokenize'
import { groupCopies } from './clusterCopies'
import { findAlignments, type Alignment } from './findAlignments'
import { FORMULA_LENGTH_FACTOR, FORMULA_MIN_COUNT, MIN_BOILERPLATE_UNITS, MIN_HAN_CHARS, MIN_LATIN_CHARS, isLongEnough, lengthRatio } from './thresholds'

/**
 * `exact`: the copies are the same text once case, full-width forms, spaces and
 * punctuation are ignored, end to end.
 * `near`: copies with edits, similarity below 1.
 * `boilerplate`: a formulaic repeat (dateline, byline, salutation, a short line or
 * a slot-filled lead sentence) that repeats by design and is not a fault.
 */
export type DuplicateKind = 'exact' | 'near' | 'boilerplate'

/** One place a passage occurs: UTF-16 offsets into the searched string, `end` exclusive. */
export interface Occurrence {
  start: TextOffset
  end: TextOffset
}

/**
 * How alike two occurrences of a cluster are: `a` < `b` index `occurrences`;
 * `similarity` (0..1, 4 decimals) is 1 − edits / length in units (Han characters and
 * words) over the longer of the two, 1 only for identical copies (after the
 * normalisation of tokenize.ts: case, full-width forms, spaces and punctuation).
 */
export interface PairSimilarity {
  a: number
  b: number
  similarity: number
}

/**
 * A passage and all the places it occurs, in text order. All occurrences have the
 * same extent: the same passage, not a part or a superset of it (a passage printed
 * whole and again in part gives one cluster for each extent, whose occurrences may
 * overlap; see docs/DUPLICATES.md). `pairs` lists the pairs of occurrences that were
 * compared, each with its similarity; every occurrence is in at least one pair, and
 * the pairs connect all of them. `similarity` is the lowest pair similarity; `exact`
 * clusters have only pairs of similarity 1, so all their copies are identical.
 */
export interface DuplicateCluster {
  kind: DuplicateKind
  similarity: number
  occurrences: Occurrence[]
  pairs: PairSimilarity[]
}

/** Every cluster found, ordered by the start of its first occurrence. Empty when nothing repeats. */
export interface DuplicateReport {
  clusters: DuplicateCluster[]
}

export interface FindDuplicatesOptions {
  /**
   * Minimum passage length in characters (Han characters plus letters and digits;
   * spaces and punctuation do not count), replacing the per-script default of
   * 30 Han characters or 80 Latin letters (see thresholds.ts). A positive integer.
   */
  minLength?: number
  /** Called with the fraction done (0..1), a few times a megabyte, for progress bars. */
  onProgress?: (fraction: number) => void
}

const OPENING = '“‘"\'(（[［「『【《〈—―-'
const CLOSING = '。．.，,、；;：:！!？?）)]］」』】》〉”’"\'…~～'
const TERMINATORS = '。．.！!？?；;…'

/**
 * Finds every passage of `text` that occurs two or more times, exactly or with
 * edits (up to about a tenth of its characters), in Han, Latin-script or mixed
 * text, and the short formulaic repeats (classed `boilerplate`).
 *
 * Each occurrence is the full extent of the copy: a block of consecutive paragraphs
 * reprinted together is one occurrence, not one per paragraph, and where a block was
 * reprinted partly (paragraphs 2–7 once, 1–2 once more) all its copies form one
 * cluster whose occurrences have the extents found. Occurrences start and end on
 * units (a whole paragraph when they cover it, with its punctuation) and never run
 * a few characters into a neighbouring paragraph.
 *
 * Works on any string: a file's text or the workspace projection. Time O(n) in the
 * text length; memory linear, about 30 bytes a Han character at the peak, far less
 * for Latin text (one unit a word): about 90 MB for a 10 MB mixed text.
 * Throws RangeError when `options.minLength` is not a positive integer.
 */
export function findDuplicates(text: string, options: FindDuplicatesOptions = {}): DuplicateReport {
  const { minLength, onProgress } = options
  if (minLength !== undefined && (!Number.isInteger(minLength) || minLength < 1)) {
    throw new RangeError(`minLength ${String(minLength)} is not a positive integer`)
  }
  const units = tokenize(text, onProgress && ((f) => onProgress(0.3 * f)))
  const alignments = findAlignments(units, minLength, onProgress && ((f) => onProgress(0.3 + 0.65 * f)))
  const passages = clusterAlignments(text, units, alignments, minLength)
  const boilerplate = repeatedShortParagraphs(units, passages, minLength)
  const clusters = [...passages, ...boilerplate].sort((x, y) => x.occurrences[0].start - y.occurrences[0].start)
  onProgress?.(1)
  return { clusters }
}

/**
 * Turns groups of copies of matching extent (see groupCopies) into clusters: each
 * place an occurrence, in text order, each pair with its similarity; `exact` when
 * every pair is identical, boilerplate when every copy is a short formula cut
 * mid-sentence.
 */
function clusterAlignments(text: string, units: Units, alignments: Alignment[], minLength: number | undefined): DuplicateCluster[] {
  const { places, groups } = groupCopies(units, alignments)
  const clusters: DuplicateCluster[] = []
  for (const group of groups) {
    const order = [...group.places].sort((x, y) => places[x].start - places[y].start || places[x].end - places[y].end)
    const indexOf = new Map(order.map((p, i) => [p, i]))
    const occurrences: Occurrence[] = []
    let formula = order.length >= FORMULA_MIN_COUNT
    for (const p of order) {
      const occurrence = toOccurrence(text, units, places[p].start, places[p].end)
      occurrences.push(occurrence.range)
      if (!occurrence.midSentence || lengthRatio(occurrence.hanChars, occurrence.otherChars, minLength) >= FORMULA_LENGTH_FACTOR) formula = false
    }
    const pairs = group.pairs
      .map((pair) => {
        const [a, b] = [indexOf.get(pair.x)!, indexOf.get(pair.y)!].sort((i, j) => i - j)
        return { a, b, similarity: pair.similarity }
      })
      .sort((p, q) => p.a - q.a || p.b - q.b)
    const exact = pairs.every((pair) => pair.similarity === 1)
    const similarity = Math.min(...pairs.map((pair) => pair.similarity))
    clusters.push({ kind: formula ? 'boilerplate' : exact ? 'exact' : 'near', similarity, occurrences, pairs })
  }
  return clusters
}

interface PlacedOccurrence {
  range: Occurrence
  /** The copy stops inside a sentence that goes on with different words. */
  midSentence: boolean
  hanChars: number
  otherChars: number
}

/** Turns a unit range into text offsets: whole paragraphs where it covers them, punctuation included. */
function toOccurrence(text: string, units: Units, from: number, to: number): PlacedOccurrence {
  const paragraphs = units.paragraphs
  const firstPara = paragraphOf(units, from)
  const lastPara = paragraphOf(units, to - 1)
  let start = units.start[from]
  if (paragraphs.firstUnit[firstPara] === from) start = paragraphs.start[firstPara]
  else while (start > paragraphs.start[firstPara] && OPENING.includes(text[start - 1])) start--
  let end = units.end[to - 1]
  let midSentence = false
  if (paragraphs.unitEnd[lastPara] === to) end = paragraphs.end[lastPara]
  else {
    let terminated = false
    while (end < paragraphs.end[lastPara] && CLOSING.includes(text[end])) {
      if (TERMINATORS.includes(text[end])) terminated = true
      end++
    }
    midSentence = !terminated
  }
  let hanChars = 0
  let otherChars = 0
  for (let u = from; u < to; u++) {
    if (isHan(units, u)) hanChars++
    else otherChars += units.end[u] - units.start[u]
  }
  return { range: { start, end }, midSentence, hanChars, otherChars }
}

/**
 * Short whole paragraphs printed more than once (datelines, salutations, bylines):
 * boilerplate, unless every copy lies inside a reported passage already.
 */
function repeatedShortParagraphs(units: Units, passages: DuplicateCluster[], minLength: number | undefined): DuplicateCluster[] {
  const { paragraphs, code } = units
  const groups = new Map<string, number[]>()
  const longEnough = minLength ?? Math.max(MIN_HAN_CHARS, MIN_LATIN_CHARS)
  for (let p = 0; p < paragraphs.count; p++) {
    const from = paragraphs.firstUnit[p]
    const to = paragraphs.unitEnd[p]
    if (to - from < MIN_BOILERPLATE_UNITS) continue
    // Every unit has at least one character, so a paragraph of `longEnough` units
    // passes the minimum whatever its script: no need to read its units.
    if (to - from >= longEnough) continue
    // Most paragraphs are passages, not lines: stop counting as soon as one is long enough.
    let hanChars = 0
    let otherChars = 0
    let long = false
    for (let u = from; u < to && !long; u++) {
      if (isHan(units, u)) hanChars++
      else otherChars += units.end[u] - units.start[u]
      long = isLongEnough(hanChars, otherChars, minLength)
    }
    if (long) continue
    let h = 0x811c9dc5
    for (let u = from; u < to; u++) h = Math.imul(h ^ code[u], 16777619)
    const key = `${h >>> 0}:${to - from}`
    const group = groups.get(key)
    if (group) group.push(p)
    else groups.set(key, [p])
  }
  const covered = passages.flatMap((c) => c.occurrences).sort((x, y) => x.start - y.start)
  const widestEnd = new Int32Array(covered.length)
  covered.forEach((o, i) => (widestEnd[i] = Math.max(o.end, i > 0 ? widestEnd[i - 1] : 0)))
  const inside = (start: number, end: number): boolean => {
    let lo = 0
    let hi = covered.length - 1
    let found = -1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      if (covered[mid].start <= start) {
        found = mid
        lo = mid + 1
      } else hi = mid - 1
    }
    return found >= 0 && widestEnd[found] >= end
  }
  const clusters: DuplicateCluster[] = []
  for (const group of groups.values()) {
    const same = group.filter((p) => sameUnits(units, group[0], p))
    if (same.length < 2) continue
    const occurrences = same.map((p) => ({ start: paragraphs.start[p], end: paragraphs.end[p] }))
    if (occurrences.every((o) => inside(o.start, o.end))) continue
    // Each line was compared with the first: identical units.
    const pairs = occurrences.slice(1).map((_, i) => ({ a: 0, b: i + 1, similarity: 1 }))
    clusters.push({ kind: 'boilerplate', similarity: 1, occurrences, pairs })
  }
  return clusters
}

function sameUnits(units: Units, p: number, q: number): boolean {
  const { firstUnit, unitEnd } = units.paragraphs
  const length = unitEnd[p] - firstUnit[p]
  if (unitEnd[q] - firstUnit[q] !== length) return false
  for (let t = 0; t < length; t++) if (units.code[firstUnit[p] + t] !== units.code[firstUnit[q] + t]) return false
  return true
}
