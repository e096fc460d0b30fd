import { nonBlankLines, type TextOffset } from '../text'
import { headingAt } from './numberedHeading'

/** One witness cut out of a document: [start, end) UTF-16 offsets into its text. */
export interface WitnessRange {
  start: TextOffset
  end: TextOffset
  /** Short human label: where it is and how it opens, e.g. "¶27 一要坚守彼此信赖…". */
  label: string
}

/**
 * Two stretches of one document that look like versions of the same text.
 * `continuation`: B follows a "continued from" marker (上接第N版, continued from
 * page N); `numbered-points`: runs of the same numbered headings; `near-duplicate`:
 * a cluster from the duplicates engine.
 */
export interface ProposedComparison {
  a: WitnessRange
  b: WitnessRange
  reason: 'continuation' | 'numbered-points' | 'near-duplicate'
  label: string
}

interface Paragraph { index: number; start: number; end: number; text: string }

interface Heading {
  paragraph: number
  /** Offset of the numbering (after a continuation marker opening the paragraph). */
  start: number
  /** Numbering style: headings of one style and rising numbers form a run. */
  family: string
  number: number
  marker: string
}

interface Run { headings: Heading[]; endParagraph: number }

/** A continuation marker opening a paragraph: "(上接第一版)", "（接第2版）", "(Continued from page 3)". */
const FROM_MARKER = /^\s*[(（]\s*(?:上接|接)第?[一二三四五六七八九十\d]+版\s*[)）]\s*|^\s*\(?\s*continued\s+from\s+(?:page|p\.)\s*[A-Za-z]?\d+\s*\)?[\s.:]*/i
/** A marker sending the reader elsewhere: "(下转第三版)", "(Continued on page 3)". */
const TO_MARKER = /[(（]\s*(?:下转|转)第?[一二三四五六七八九十\d]+版\s*[)）]|\(?\s*continued\s+on\s+(?:page|p\.)\s*[A-Za-z]?\d+\s*\)?/i

/**
 * A paragraph shorter than this (code units) ends a numbered point: titles,
 * datelines, bylines and salutations ("新华社阿斯塔纳6月17日电" is 12,
 * "同事们、朋友们！" is 8, "Thank you." is 10) are not part of a point's body,
 * and body paragraphs of a numbered point are longer.
 */
const SHORT_PARAGRAPH = 20
/**
 * Consecutive headings of one run may stand at most this many paragraphs apart:
 * a point of 8 paragraphs is long; a list that resumes 40 paragraphs later is
 * another version of it, not its sequel.
 */
const MAX_POINT_PARAGRAPHS = 8
/**
 * Two points with the same number are versions of one another when their openings
 * (OPENING code units after the number) share at least this Dice coefficient of
 * character bigrams: "三要打造和平安宁、休戚与共" against itself is 1, two
 * different lists' "1. Install Node" / "1. Open the file" score about 0.1.
 */
const SIMILAR_OPENING = 0.5
const OPENING = 30
/**
 * A run whose points average fewer code units than this is a list of titles (a
 * table of contents: "1. Introduction", "2. Methods" average 13 with their breaks),
 * not numbered paragraphs of a text; such runs are never proposed. A short Chinese
 * point, "一是加强水利设施建设，确保农田灌溉用水充足。", is 22.
 */
const MIN_POINT_LENGTH = 20

/** The paragraphs of a projection or a plain-text file: its non-blank lines, numbered from 0. */
function paragraphsOf(text: string): Paragraph[] {
  return nonBlankLines(text).map((line, index) => ({ index, ...line }))
}

function bigrams(text: string): Map<string, number> {
  const grams = new Map<string, number>()
  const clean = text.replace(/\s+/g, ' ').toLowerCase()
  for (let i = 0; i + 1 < clean.length; i++) {
    const g = clean.slice(i, i + 2)
    grams.set(g, (grams.get(g) ?? 0) + 1)
  }
  return grams
}

/** Dice coefficient of character bigrams: 1 for equal texts, near 0 for unrelated ones. */
function similarity(x: string, y: string): number {
  const gx = bigrams(x)
  const gy = bigrams(y)
  let shared = 0
  let total = 0
  for (const [g, n] of gx) { shared += Math.min(n, gy.get(g) ?? 0); total += n }
  for (const n of gy.values()) total += n
  return total === 0 ? 0 : (2 * shared) / total
}

/**
 * Proposes pairs of witnesses to compare inside one document's text (the plain
 * projection: paragraphs separated by blank lines). Pure and general: no rule knows
 * any particular document.
 *
 * - Numbered points: paragraphs opening with a numbering (一要…五要, 一是, 第一，,
 *   （一）, 1. / 1、, First, …) form runs of one style with rising numbers. Two runs
 *   that share at least two numbers, with similar openings for at least half of
 *   them, are two versions of one section: proposed run against run, reason
 *   `continuation` when the later one opens after a "continued from" marker
 *   (上接第N版, continued from page N) or the earlier one ends with a "continued on"
 *   marker, else `numbered-points`. A run sharing only one number with another (a
 *   point printed a third time) is proposed point against point.
 * - A paragraph opening with a "continued from" marker whose text opens like an
 *   earlier paragraph: the two passages, reason `continuation`.
 * - `nearDuplicateRanges`: each cluster of the duplicates engine ({start, end}
 *   offsets into `text`) gives its members pairwise, reason `near-duplicate`.
 *
 * A run ends at its last point's body: the paragraphs after the last heading up to a
 * short paragraph (title, dateline, salutation), a heading of the same style, a
 * continuation marker, or as many paragraphs as its longest point plus one (at
 * least 3). Runs of short points (a table of contents) are ignored. Proposals overlapping an earlier one on both sides are dropped.
 * Throws RangeError for a near-duplicate range outside the text.
 */
export function proposeComparisons(
  text: string,
  nearDuplicateRanges: Array<Array<{ start: number; end: number }>> = [],
): ProposedComparison[] {
  for (const cluster of nearDuplicateRanges) {
    for (const r of cluster) {
      if (!Number.isInteger(r.start) || !Number.isInteger(r.end) || r.start < 0 || r.end > text.length || r.start > r.end) {
        throw new RangeError(`near-duplicate range ${r.start}:${r.end} outside text of length ${text.length}`)
      }
    }
  }
  const paragraphs = paragraphsOf(text)
  const fromMarker = paragraphs.map((p) => FROM_MARKER.exec(p.text)?.[0].length ?? 0)
  const toMarker = paragraphs.map((p) => TO_MARKER.test(p.text))
  const headings: Array<Heading | null> = paragraphs.map((p, i) => {
    const h = headingAt(p.text.slice(fromMarker[i]))
    return h && { paragraph: i, start: p.start + fromMarker[i], ...h }
  })
  const proposals: ProposedComparison[] = []
  const add = (proposal: ProposedComparison) => {
    const overlaps = (x: WitnessRange, y: WitnessRange) => x.start < y.end && y.start < x.end
    if (proposal.a.start >= proposal.a.end || proposal.b.start >= proposal.b.end) return
    if (proposals.some((p) => overlaps(p.a, proposal.a) && overlaps(p.b, proposal.b))) return
    proposals.push(proposal)
  }
  const range = (start: number, lastParagraph: number): WitnessRange => {
    const p = paragraphs[lastParagraph]
    const first = paragraphs.find((q) => q.end > start) ?? p
    const opening = text.slice(start, Math.min(p.end, start + 12)).replace(/\s+/g, ' ')
    const where = first.index === p.index ? `¶${first.index + 1}` : `¶${first.index + 1}–${p.index + 1}`
    return { start, end: p.end, label: `${where} ${opening}…` }
  }
  /** Last paragraph of a passage whose body starts after paragraph `from`. */
  const bodyEnd = (from: number, cap: number, family: string | null): number => {
    let last = from
    if (toMarker[from]) return last
    for (let i = from + 1; i < paragraphs.length && i - from < cap; i++) {
      // a marker on a line of its own is as short as a dateline
      if (paragraphs[i].text.replace(TO_MARKER, '').trim().length < SHORT_PARAGRAPH || fromMarker[i] > 0) break
      const h = headings[i]
      if (h && (family === null || h.family === family)) break
      last = i
      if (toMarker[i]) break
    }
    return last
  }

  // Runs of numbered headings.
  const runs: Run[] = []
  const open = new Map<string, Run>()
  for (const h of headings) {
    if (!h) continue
    const run = open.get(h.family)
    const previous = run?.headings[run.headings.length - 1]
    if (run && previous && h.number > previous.number && h.paragraph - previous.paragraph <= MAX_POINT_PARAGRAPHS) {
      run.headings.push(h)
    } else {
      const fresh: Run = { headings: [h], endParagraph: h.paragraph }
      runs.push(fresh)
      open.set(h.family, fresh)
    }
  }
  for (const run of runs) {
    const hs = run.headings
    let longest = 1
    for (let i = 1; i < hs.length; i++) longest = Math.max(longest, hs[i].paragraph - hs[i - 1].paragraph)
    run.endParagraph = bodyEnd(hs[hs.length - 1].paragraph, Math.max(3, longest + 1), hs[0].family)
  }
  const pointEnd = (run: Run, i: number) => (i + 1 < run.headings.length ? run.headings[i + 1].paragraph - 1 : run.endParagraph)
  const opening = (h: Heading) => text.slice(h.start + h.marker.length, h.start + h.marker.length + OPENING)
  const pointLabel = (run: Run) => {
    const hs = run.headings
    return hs.length === 1 ? hs[0].marker : `${hs[0].marker}…${hs[hs.length - 1].marker}`
  }
  const substantial = (run: Run) => {
    const hs = run.headings
    const end = paragraphs[run.endParagraph].end
    return (end - hs[0].start) / hs.length >= MIN_POINT_LENGTH
  }
  const runPairs: Array<[Run, Run, Heading[][]]> = []
  for (let x = 0; x < runs.length; x++) {
    for (let y = x + 1; y < runs.length; y++) {
      const rx = runs[x]
      const ry = runs[y]
      if (rx.headings[0].family !== ry.headings[0].family || !substantial(rx) || !substantial(ry)) continue
      const shared: Heading[][] = []
      for (const hx of rx.headings) {
        const hy = ry.headings.find((h) => h.number === hx.number)
        if (hy) shared.push([hx, hy])
      }
      const similar = shared.filter(([hx, hy]) => similarity(opening(hx), opening(hy)) >= SIMILAR_OPENING)
      if (similar.length === 0 || similar.length * 2 < shared.length) continue
      runPairs.push([rx, ry, similar])
    }
  }
  for (const [rx, ry, shared] of runPairs) {
    if (shared.length < 2) continue
    const continued = fromMarker[ry.headings[0].paragraph] > 0
      || (ry.headings[0].paragraph > 0 && fromMarker[ry.headings[0].paragraph - 1] > 0)
      || toMarker[rx.endParagraph]
    const a = range(rx.headings[0].start, rx.endParagraph)
    const b = range(ry.headings[0].start, ry.endParagraph)
    add({
      a, b, reason: continued ? 'continuation' : 'numbered-points',
      label: `${pointLabel(rx)} (${a.label.split(' ')[0]}) against ${pointLabel(ry)} (${b.label.split(' ')[0]})${continued ? ', continued across pages' : ''}`,
    })
  }
  for (const [rx, ry, shared] of runPairs) {
    if (shared.length >= 2 && rx.headings.length > 1 && ry.headings.length > 1) continue
    for (const [hx, hy] of shared) {
      const a = range(hx.start, pointEnd(rx, rx.headings.indexOf(hx)))
      const b = range(hy.start, pointEnd(ry, ry.headings.indexOf(hy)))
      add({ a, b, reason: 'numbered-points', label: `point ${hx.marker} (${a.label.split(' ')[0]}) against another version (${b.label.split(' ')[0]})` })
    }
  }

  // A continued passage that repeats text printed earlier.
  for (let i = 0; i < paragraphs.length; i++) {
    if (fromMarker[i] === 0) continue
    const start = paragraphs[i].start + fromMarker[i]
    const head = text.slice(start, Math.min(paragraphs[i].end, start + OPENING))
    if (head.trim().length < 8) continue
    const earlier = paragraphs.slice(0, i).find((p) => similarity(p.text.slice(0, OPENING), head) >= SIMILAR_OPENING)
    if (!earlier) continue
    const bLast = bodyEnd(i, MAX_POINT_PARAGRAPHS, null)
    const aLast = Math.min(bodyEnd(earlier.index, MAX_POINT_PARAGRAPHS, null), earlier.index + (bLast - i) + 2)
    const a = range(earlier.start, aLast)
    const b = range(start, bLast)
    add({ a, b, reason: 'continuation', label: `${a.label} against its continuation ${b.label}` })
  }

  nearDuplicateRanges.forEach((cluster, c) => {
    const members = [...cluster].sort((x, y) => x.start - y.start)
    for (let x = 0; x < members.length; x++) {
      for (let y = x + 1; y < members.length; y++) {
        const label = (r: { start: number; end: number }) => ({
          start: r.start, end: r.end,
          label: `${text.slice(r.start, Math.min(r.end, r.start + 12)).replace(/\s+/g, ' ')}…`,
        })
        add({
          a: label(members[x]), b: label(members[y]), reason: 'near-duplicate',
          label: `near-duplicate cluster ${c + 1}: copy ${x + 1} against copy ${y + 1}`,
        })
      }
    }
  })
  return proposals
}
