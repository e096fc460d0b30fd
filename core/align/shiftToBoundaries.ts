import type { Region } from './semanticCleanup'

/** How far (tokens) an insertion or deletion is slid looking for a better boundary. */
const MAX_SHIFT = 64

/**
 * Slides each pure insertion or deletion along the equal text around it to where its
 * edges fall on the best boundaries, as diff-match-patch's
 * `diff_cleanupSemanticLossless`: an edit that repeats its neighbourhood can be placed
 * in several equally short ways, and the diff picks one at random. Scores, per edge:
 * paragraph break 5, after a sentence end 4, white space 2, other punctuation 1,
 * inside a word or between two Han characters 0.
 *
 * Worked example: A "甲乙。丙丁。" / B "甲乙。" — the deletion may be "丙丁。" or
 * "。丙丁"; the edges of "丙丁。" fall after "。" and at the end (4 + 4), so it wins.
 *
 * `text(side, t)` is the original text of token t of A (side 0) or B (side 1); keys
 * come from `ids`. Regions are changed in place; emptied equalities are removed.
 */
export function shiftToBoundaries(
  regions: Region[], idsA: Int32Array, idsB: Int32Array,
  tokenText: (side: 0 | 1, t: number) => string,
): Region[] {
  for (let i = 1; i < regions.length - 1; i++) {
    const edit = regions[i]
    const before = regions[i - 1]
    const after = regions[i + 1]
    if (!edit.change || before.change || after.change) continue
    const deletion = edit.b0 === edit.b1
    if (!deletion && edit.a0 !== edit.a1) continue
    const side: 0 | 1 = deletion ? 0 : 1
    const ids = deletion ? idsA : idsB
    const lo = deletion ? edit.a0 : edit.b0
    const hi = deletion ? edit.a1 : edit.b1
    const beforeLength = before.a1 - before.a0
    const afterLength = after.a1 - after.a0
    let left = 0
    while (left < MAX_SHIFT && left < beforeLength && ids[lo - 1 - left] === ids[hi - 1 - left]) left++
    let right = 0
    while (right < MAX_SHIFT && right < afterLength && ids[lo + right] === ids[hi + right]) right++
    if (left === 0 && right === 0) continue
    const last = deletion ? idsA.length : idsB.length
    const score = (t: number) => edgeScore(t > 0 ? tokenText(side, t - 1) : '', t < last ? tokenText(side, t) : '')
    let best = 0
    let bestScore = -1
    for (let shift = -left; shift <= right; shift++) {
      const s = score(lo + shift) + score(hi + shift)
      if (s >= bestScore) { bestScore = s; best = shift }
    }
    if (best === 0) continue
    edit.a0 += best; edit.a1 += best; edit.b0 += best; edit.b1 += best
    if (deletion) { edit.b0 = edit.b1 = before.b1 + best } else { edit.a0 = edit.a1 = before.a1 + best }
    before.a1 += best; before.b1 += best
    after.a0 += best; after.b0 += best
  }
  const out: Region[] = []
  for (const r of regions) {
    if (!r.change && r.a0 === r.a1 && r.b0 === r.b1) continue
    const last = out[out.length - 1]
    if (last && last.change === r.change) { last.a1 = r.a1; last.b1 = r.b1 } else out.push(r)
  }
  return out
}

const SENTENCE_END = /[。！？!?.;；]$/

function edgeScore(left: string, right: string): number {
  if (left === '' || right === '') return 5
  if (/\n\s*\n/.test(left) || /\n\s*\n/.test(right) || left.endsWith('\n') || right.startsWith('\n')) return 5
  if (SENTENCE_END.test(left)) return 4
  if (/^\s/.test(right) || /\s$/.test(left)) return 2
  if (/^[\p{P}\p{S}]/u.test(right) || /[\p{P}\p{S}]$/u.test(left)) return 1
  return 0
}
