import { proposeComparisons, type ProposedComparison, type WitnessRange } from './proposeComparisons'

/**
 * Several stretches of one document that look like versions of the same text:
 * the witnesses of one collation, in document order. `reason` is that of the
 * first pair that joined them (see ProposedComparison).
 */
export interface ProposedCollation {
  witnesses: WitnessRange[]
  reason: ProposedComparison['reason']
  label: string
}

/**
 * Two proposed ranges are the same passage when their overlap is at least this
 * share of each: point five on page 1 proposed once against the closing's point
 * five and once against the continuation's is the same range both times (100 %);
 * the continuation's 三要…五要 run (596 code units) holds its own point five (324),
 * but that is 54 % of the run: a different passage, a different proposal.
 */
const SAME_PASSAGE = 0.8

function samePassage(x: WitnessRange, y: WitnessRange): boolean {
  const overlap = Math.min(x.end, y.end) - Math.max(x.start, y.start)
  return overlap >= SAME_PASSAGE * (x.end - x.start) && overlap >= SAME_PASSAGE * (y.end - y.start) && overlap > 0
}

/**
 * All versions of a passage together: the pairs of `proposeComparisons(text,
 * nearDuplicateRanges)` joined where they share a passage, so a point printed
 * three times is one proposal with three witnesses, not three pairs. Witnesses in
 * document order; proposals in the order of their first pair. Throws RangeError as
 * `proposeComparisons` does for a near-duplicate range outside the text.
 */
export function proposeCollations(text: string, nearDuplicateRanges: Array<Array<{ start: number; end: number }>> = []): ProposedCollation[] {
  const groups: Array<{ witnesses: WitnessRange[]; reason: ProposedComparison['reason'] }> = []
  for (const pair of proposeComparisons(text, nearDuplicateRanges)) {
    const joined = groups.filter((g) => g.witnesses.some((w) => samePassage(w, pair.a) || samePassage(w, pair.b)))
    const group = joined[0] ?? { witnesses: [], reason: pair.reason }
    if (joined.length === 0) groups.push(group)
    // a pair that links two groups merges them
    for (const other of joined.slice(1)) {
      group.witnesses.push(...other.witnesses.filter((w) => !group.witnesses.some((v) => samePassage(v, w))))
      groups.splice(groups.indexOf(other), 1)
    }
    for (const w of [pair.a, pair.b]) if (!group.witnesses.some((v) => samePassage(v, w))) group.witnesses.push(w)
  }
  return groups.map((g) => {
    const witnesses = [...g.witnesses].sort((x, y) => x.start - y.start)
    return { witnesses, reason: g.reason, label: `${witnesses.length} versions: ${witnesses.map((w) => w.label).join(' / ')}` }
  })
}
