import type { TextOffset } from '../../../core/text/projection'

export interface Range {
  start: TextOffset
  end: TextOffset
}

/**
 * Characters of unchanged text a range needs on each side (as far as the text
 * goes) to be found again. Worked example: with 16, a typo "自已" is found again
 * only if the 16 characters before and after it are still what the analysis saw,
 * so an edit next to it (which may have fixed it already) makes the action wait
 * for fresh results instead of guessing.
 */
export const REBASE_CONTEXT = 16

/**
 * Where `range` of `analysed` (the text an analysis ran on) is in `current` (the
 * text now, after later edits by anyone): the range's text and its context must
 * be there unchanged; among several such places the one nearest the old start
 * wins. Null when the passage or its context changed. O(current length) when the
 * texts differ, O(1) when they are the same string.
 */
export function rebaseRange(analysed: string, current: string, range: Range, context = REBASE_CONTEXT): Range | null {
  if (analysed === current) return range
  const from = Math.max(0, range.start - context)
  const to = Math.min(analysed.length, range.end + context)
  const window = analysed.slice(from, to)
  let best: number | null = null
  for (let at = current.indexOf(window); at !== -1; at = current.indexOf(window, at + 1)) {
    // A window at the start (or end) of the analysed text must still be at the start (or end).
    if (from === 0 && at !== 0) break
    if (to === analysed.length && at + window.length !== current.length) continue
    if (best === null || Math.abs(at - from) < Math.abs(best - from)) best = at
    if (at > from && best !== null && at - from > Math.abs(best - from)) break
  }
  if (best === null) return null
  const shift = best - from
  return { start: range.start + shift, end: range.end + shift }
}
