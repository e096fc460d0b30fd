import DiffMatchPatch from 'diff-match-patch'
import type { TextOffset } from '../text'
import type { AnnotationAnchor } from './annotation'

/** Outcome of re-anchoring: where the annotation now sits, or that its text is gone. */
export type ReanchorResult =
  | { status: 'exact'; start: TextOffset; end: TextOffset }
  | { status: 'fuzzy'; start: TextOffset; end: TextOffset; similarity: number }
  | { status: 'orphaned' }

/**
 * Smallest similarity (1 − edit distance / longer length) a fuzzy match needs.
 * Worked example: a 10-character quote with 2 characters changed scores 0.8 and
 * re-anchors; with 4 changed it scores 0.6 and the annotation is orphaned.
 */
export const FUZZY_MIN_SIMILARITY = 0.7

/**
 * How far (code units) from the position hint a fuzzy match may drift before it
 * stops counting: diff-match-patch adds distance/FUZZY_DISTANCE to a match's error
 * score. Worked example: an exact copy of the quote's head found 500 units from
 * the hint scores 0.5, over the 0.4 threshold below, so it is not taken; found 200
 * units away it scores 0.2 and is.
 */
export const FUZZY_DISTANCE = 1000
const FUZZY_MATCH_THRESHOLD = 0.4
/** Bitap in diff-match-patch handles patterns of at most 32 code units. */
const PROBE_LENGTH = 32
/** Beyond this many exact hits the quote is boilerplate; the rest are not scored. */
const MAX_CANDIDATES = 10_000

const dmp = new DiffMatchPatch()
dmp.Match_Distance = FUZZY_DISTANCE
dmp.Match_Threshold = FUZZY_MATCH_THRESHOLD

function commonSuffixLength(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++
  return n
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[n] === b[n]) n++
  return n
}

/** 1 − Levenshtein distance / longer length; 1 for two empty strings. */
export function similarity(a: string, b: string): number {
  const longer = Math.max(a.length, b.length)
  if (longer === 0) return 1
  const diffs = dmp.diff_main(a, b, false)
  return 1 - dmp.diff_levenshtein(diffs) / longer
}

/**
 * Finds where an anchor's text now is in `projection`.
 *
 * 1. Every exact occurrence of `quote.exact` is a candidate. One candidate:
 *    'exact'. Several: the one whose surroundings agree longest with
 *    prefix/suffix wins; ties go to the one nearest the position hint.
 * 2. No exact occurrence: a fuzzy match near the position hint (the quote's
 *    first 32 units located near the hint, its end mapped through a diff, the
 *    span scored by `similarity`, at least FUZZY_MIN_SIMILARITY): 'fuzzy'.
 * 3. Otherwise 'orphaned'.
 * An empty quote re-anchors to the position hint clamped into the text ('exact').
 * Never throws for well-typed input; the hint may lie outside the text.
 */
export function reanchor(projection: string, anchor: AnnotationAnchor): ReanchorResult {
  const { exact, prefix, suffix } = anchor.quote
  const clamp = (n: number) => Math.max(0, Math.min(projection.length, Number.isFinite(n) ? Math.trunc(n) : 0))
  const hintStart = clamp(anchor.position.start)
  if (exact.length === 0) return { status: 'exact', start: hintStart, end: hintStart }

  const candidates: number[] = []
  for (let at = projection.indexOf(exact); at !== -1 && candidates.length < MAX_CANDIDATES; at = projection.indexOf(exact, at + 1)) {
    candidates.push(at)
  }
  if (candidates.length === 1) return { status: 'exact', start: candidates[0], end: candidates[0] + exact.length }
  if (candidates.length > 1) {
    let best = candidates[0]
    let bestScore = -1
    let bestDistance = Infinity
    for (const at of candidates) {
      const before = projection.slice(Math.max(0, at - prefix.length), at)
      const after = projection.slice(at + exact.length, at + exact.length + suffix.length)
      const score = commonSuffixLength(before, prefix) + commonPrefixLength(after, suffix)
      const distance = Math.abs(at - hintStart)
      if (score > bestScore || (score === bestScore && distance < bestDistance)) {
        best = at
        bestScore = score
        bestDistance = distance
      }
    }
    return { status: 'exact', start: best, end: best + exact.length }
  }
  return fuzzyMatch(projection, exact, hintStart)
}

/**
 * Start of `pattern` near `hint`: the nearest exact occurrence within
 * FUZZY_DISTANCE / 2 (Bitap alone may prefer a one-error match a unit closer to
 * the hint), else the best Bitap match, else -1.
 */
function locate(text: string, pattern: string, hint: number): number {
  const reach = FUZZY_DISTANCE / 2
  let best = -1
  for (let at = text.indexOf(pattern, Math.max(0, hint - reach)); at !== -1 && at <= hint + reach; at = text.indexOf(pattern, at + 1)) {
    if (best === -1 || Math.abs(at - hint) < Math.abs(best - hint)) best = at
    if (at > hint) break
  }
  return best !== -1 ? best : dmp.match_main(text, pattern, hint)
}

function fuzzyMatch(projection: string, exact: string, hintStart: number): ReanchorResult {
  if (projection.length === 0) return { status: 'orphaned' }
  const head = exact.slice(0, PROBE_LENGTH)
  const start = locate(projection, head, Math.min(hintStart, projection.length))
  if (start === -1) return { status: 'orphaned' }
  // The end: diff the quote against the text from `start` on (with room for
  // insertions) and map the quote's end through the diff, ignoring the text past
  // it that the diff reports as a trailing insertion.
  const slack = Math.max(16, Math.ceil(exact.length * (1 - FUZZY_MIN_SIMILARITY)))
  const window = projection.slice(start, start + exact.length + slack)
  const diffs = dmp.diff_main(exact, window, false)
  while (diffs.length > 0 && diffs[diffs.length - 1][0] === 1) diffs.pop()
  let mapped = 0
  for (const [op, text] of diffs) if (op !== -1) mapped += text.length
  const end = start + mapped
  if (end <= start) return { status: 'orphaned' }
  const score = similarity(projection.slice(start, end), exact)
  if (score < FUZZY_MIN_SIMILARITY) return { status: 'orphaned' }
  return { status: 'fuzzy', start, end, similarity: score }
}
