import { alignmentSimilarity, type Alignment } from './findAlignments'
import { BAND, EXTENT_TOLERANCE, MIN_SIMILARITY } from './thresholds'
import { paragraphOf, type Units } from './tokenize'

/** A copy of a passage: a unit range [start, end). */
export interface Place {
  start: number
  end: number
}

/** Two places found to be copies of each other, with their similarity over their full extents. */
export interface PlacePair {
  x: number
  y: number
  similarity: number
}

/** Places of matching extent, indexes into `places` in order of start, and the pairs that join them. */
export interface CopyGroup {
  places: number[]
  pairs: PlacePair[]
}

/** Rounds of carrying a place through the alignments that contain it (a part of a part of a block). */
const MAX_ROUNDS = 3

/**
 * Groups the copies the alignments found into groups of matching extent (#18): every
 * place of a group is a copy of the same passage, not a part or a superset of it.
 *
 * 1. Each alignment gives two intervals; intervals whose starts and ends both lie
 *    within EXTENT_TOLERANCE units are one place (one copy seen from several pairs).
 * 2. A place lying inside one side of an alignment, but not equal to it, has a copy of
 *    its own extent inside the other side: where a block of paragraphs 1–7 was
 *    reprinted, and paragraphs 1–2 of it again elsewhere (the scan pairs the new print
 *    with the nearest earlier one, which may be the reprint), paragraphs 1–2 of the
 *    first print are a copy too. That part is carried over (in proportion to the two
 *    sides' lengths, ends snapped to the paragraph boundaries the place has) and
 *    paired with the place when it reaches MIN_SIMILARITY, for MAX_ROUNDS rounds.
 * 3. Union-find over the pairs.
 *
 * Each pair's similarity is over the two places' full extents: 1 exactly when their
 * units are identical; the alignment's when it covers both places; else 1 − banded
 * unit edit distance / longer length. Pure; O(p² + copied units × BAND) for p places.
 */
export function groupCopies(units: Units, alignments: readonly Alignment[]): { places: Place[]; groups: CopyGroup[] } {
  const sides: Array<{ from: Place; to: Place; alignment: number }> = []
  alignments.forEach((al, t) => {
    const a = { start: al.aStart, end: al.aEnd }
    const b = { start: al.bStart, end: al.bEnd }
    sides.push({ from: a, to: b, alignment: t }, { from: b, to: a, alignment: t })
  })
  let intervals: Place[] = sides.map((side) => side.from)
  const derived: Array<{ from: Place; to: Place; alignment: number }> = []
  let places = mergePlaces(intervals)
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const found = carryPlaces(units, places.list, sides)
    const fresh = found.filter((d) => places.find(d.to) < 0)
    derived.push(...found)
    if (fresh.length === 0) break
    intervals = [...intervals, ...fresh.map((d) => d.to)]
    places = mergePlaces(intervals)
  }

  const best = new Map<string, PlacePair>()
  const addPair = (x: number, y: number, similarity: number) => {
    if (x === y) return
    const [low, high] = x < y ? [x, y] : [y, x]
    const key = `${low},${high}`
    if ((best.get(key)?.similarity ?? -1) < similarity) best.set(key, { x: low, y: high, similarity })
  }
  for (let s = 0; s < sides.length; s += 2) {
    const al = alignments[sides[s].alignment]
    const x = places.find(sides[s].from)
    const y = places.find(sides[s].to)
    const px = places.list[x]
    const py = places.list[y]
    const covers = px.start === al.aStart && px.end === al.aEnd && py.start === al.bStart && py.end === al.bEnd
    addPair(x, y, covers ? roundSimilarity(alignmentSimilarity(al), al.edits === 0) : placeSimilarity(units, px, py))
  }
  for (const d of derived) {
    const x = places.find(d.from)
    const y = places.find(d.to)
    if (x < 0 || y < 0 || x === y) continue
    const similarity = placeSimilarity(units, places.list[x], places.list[y])
    if (similarity >= MIN_SIMILARITY) addPair(x, y, similarity)
  }

  const parent = Int32Array.from({ length: places.list.length }, (_, i) => i)
  const root = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]]
      i = parent[i]
    }
    return i
  }
  for (const pair of best.values()) {
    const rx = root(pair.x)
    const ry = root(pair.y)
    if (rx !== ry) parent[Math.max(rx, ry)] = Math.min(rx, ry)
  }
  const groups = new Map<number, CopyGroup>()
  places.list.forEach((_, i) => {
    const r = root(i)
    const group = groups.get(r) ?? { places: [], pairs: [] }
    group.places.push(i)
    groups.set(r, group)
  })
  for (const pair of best.values()) groups.get(root(pair.x))!.pairs.push(pair)
  return { places: places.list, groups: [...groups.values()].filter((g) => g.places.length > 1) }
}

/**
 * Places from intervals: sorted by start (then longer first); an interval within the
 * tolerance of a place at both ends is that place, which keeps the extent of the first
 * interval seen (no growth, so a chain of intervals a few units apart cannot drift).
 */
function mergePlaces(intervals: readonly Place[]): { list: Place[]; find: (interval: Place) => number } {
  const sorted = [...intervals].sort((p, q) => p.start - q.start || q.end - p.end)
  const list: Place[] = []
  const indexOf = new Map<Place, number>()
  for (const interval of sorted) {
    let index = findIn(list, interval)
    if (index < 0) {
      index = list.length
      list.push({ start: interval.start, end: interval.end })
    }
    indexOf.set(interval, index)
  }
  return { list, find: (interval) => indexOf.get(interval) ?? findIn(list, interval) }
}

/** The place within the tolerance of `interval` at both ends, or -1. `list` is sorted by start. */
function findIn(list: readonly Place[], interval: Place): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (list[mid].start < interval.start - EXTENT_TOLERANCE) lo = mid + 1
    else hi = mid
  }
  for (let i = lo; i < list.length && list[i].start <= interval.start + EXTENT_TOLERANCE; i++) {
    if (Math.abs(list[i].end - interval.end) <= EXTENT_TOLERANCE) return i
  }
  return -1
}

/**
 * For each place strictly inside one side of an alignment, the matching part of the
 * other side. A sweep in order of start keeps the sides that may still contain a place
 * (those not ended before it starts): few at a time, as copies nest only a few deep.
 */
function carryPlaces(units: Units, places: readonly Place[], sides: ReadonlyArray<{ from: Place; to: Place; alignment: number }>) {
  const sorted = [...sides].sort((p, q) => p.from.start - q.from.start)
  const byStart = [...places].sort((p, q) => p.start - q.start)
  const found: Array<{ from: Place; to: Place; alignment: number }> = []
  let active: Array<{ from: Place; to: Place; alignment: number }> = []
  let next = 0
  for (const place of byStart) {
    while (next < sorted.length && sorted[next].from.start <= place.start) active.push(sorted[next++])
    active = active.filter((side) => side.from.end > place.start)
    for (const side of active) {
      if (side.from.end < place.end) continue
      const same = Math.abs(side.from.start - place.start) <= EXTENT_TOLERANCE && Math.abs(side.from.end - place.end) <= EXTENT_TOLERANCE
      if (same) continue
      found.push({ from: place, to: carry(units, place, side.from, side.to), alignment: side.alignment })
    }
  }
  return found
}

/** The part of `to` that matches `place` inside `from`, in proportion, its ends on paragraph boundaries where the place's are. */
function carry(units: Units, place: Place, from: Place, to: Place): Place {
  const scale = (to.end - to.start) / Math.max(1, from.end - from.start)
  let start = Math.min(to.end - 1, to.start + Math.round((place.start - from.start) * scale))
  let end = Math.max(start + 1, Math.min(to.end, to.start + Math.round((place.end - from.start) * scale)))
  // Edits shift the copy against the proportion: slide each end to where the place's first (last) units match best.
  start = slideToMatch(units.code, place.start, start, to, 1)
  end = Math.max(start + 1, slideToMatch(units.code, place.end, end, to, -1))
  const { firstUnit, unitEnd } = units.paragraphs
  if (firstUnit[paragraphOf(units, place.start)] === place.start) {
    const p = paragraphOf(units, start)
    const nearest = start - firstUnit[p] <= unitEnd[p] - start || p + 1 >= units.paragraphs.count ? firstUnit[p] : firstUnit[p + 1]
    if (Math.abs(nearest - start) <= EXTENT_TOLERANCE && nearest >= to.start) start = nearest
  }
  if (unitEnd[paragraphOf(units, place.end - 1)] === place.end) {
    const p = paragraphOf(units, end - 1)
    const nearest = unitEnd[p] - end <= end - firstUnit[p] || p === 0 ? unitEnd[p] : unitEnd[p - 1]
    if (Math.abs(nearest - end) <= EXTENT_TOLERANCE && nearest <= to.end && nearest > start) end = nearest
  }
  return { start, end }
}

/** Units compared when sliding a carried end into place; drift tried either way: 2 × BAND. */
const SLIDE_UNITS = 8
const SLIDE_MIN_MATCHES = 4

/**
 * The boundary near `guess` (within 2 × BAND, inside `to`) where the SLIDE_UNITS units
 * after (direction 1) or before (direction -1) it match those after (before) `anchor`
 * best; `guess` when no spot matches SLIDE_MIN_MATCHES of them. Ties go to the nearest.
 */
function slideToMatch(code: Uint32Array, anchor: number, guess: number, to: Place, direction: 1 | -1): number {
  let best = guess
  let bestMatches = SLIDE_MIN_MATCHES - 1
  const drift = 2 * BAND
  for (let distance = 0; distance <= drift; distance++) {
    for (const candidate of distance === 0 ? [guess] : [guess - distance, guess + distance]) {
      if (candidate < to.start || candidate > to.end) continue
      let matches = 0
      for (let i = 0; i < SLIDE_UNITS; i++) {
        const x = direction === 1 ? anchor + i : anchor - 1 - i
        const y = direction === 1 ? candidate + i : candidate - 1 - i
        if (y < to.start || y >= to.end) break
        if (code[x] === code[y]) matches++
      }
      if (matches > bestMatches) {
        best = candidate
        bestMatches = matches
      }
    }
  }
  return best
}

/** Similarity rounded to 4 decimals; never 1 unless `identical`. */
function roundSimilarity(similarity: number, identical: boolean): number {
  if (identical) return 1
  return Math.min(0.9999, Math.round(similarity * 10000) / 10000)
}

/** 1 for identical unit ranges, else 1 − banded edit distance / the longer length. */
function placeSimilarity(units: Units, x: Place, y: Place): number {
  const lx = x.end - x.start
  const ly = y.end - y.start
  if (lx === ly) {
    let same = true
    for (let i = 0; i < lx && same; i++) same = units.code[x.start + i] === units.code[y.start + i]
    if (same) return 1
  }
  const distance = bandedEditDistance(units.code, x.start, x.end, y.start, y.end, BAND + Math.abs(lx - ly))
  return roundSimilarity(Math.max(0, 1 - distance / Math.max(lx, ly)), false)
}

/**
 * Unit edit distance between code[a0, a1) and code[b0, b1) within a diagonal band of
 * `band` (cells farther off cost as if every unit differed): an upper bound, exact
 * when the copies drift at most `band` units apart. O((a1 − a0) × band).
 */
function bandedEditDistance(code: Uint32Array, a0: number, a1: number, b0: number, b1: number, band: number): number {
  const la = a1 - a0
  const lb = b1 - b0
  const width = 2 * band + 1
  const far = la + lb
  let row = new Float64Array(width).fill(far)
  let next = new Float64Array(width).fill(far)
  // Cell (i, j) is stored at column j - i + band.
  for (let j = 0; j <= Math.min(lb, band); j++) row[j + band] = j
  for (let i = 1; i <= la; i++) {
    next.fill(far)
    const low = Math.max(0, i - band)
    const high = Math.min(lb, i + band)
    for (let j = low; j <= high; j++) {
      const c = j - i + band
      if (j === 0) {
        next[c] = i
        continue
      }
      const substitute = row[c] + (code[a0 + i - 1] === code[b0 + j - 1] ? 0 : 1)
      const deleteA = c + 1 < width ? row[c + 1] + 1 : far
      const insertB = c - 1 >= 0 ? next[c - 1] + 1 : far
      next[c] = Math.min(substitute, deleteA, insertB)
    }
    const swap = row
    row = next
    next = swap
  }
  const c = lb - la + band
  return c >= 0 && c < width ? Math.min(row[c], far) : far
}
