import type { AlignedSegment, Alignment } from '../../core/align/types'
import type { BlameRun } from '../../core/api'

/**
 * One stretch of a version view: text the two states share, text added (by
 * `author`) or text deleted. `at` is the offset in the later text where the
 * stretch starts (for a deletion: where the text was), so a selection in the view
 * maps back to a range of the later text.
 */
export interface ChangeSpan {
  kind: 'same' | 'added' | 'deleted'
  text: string
  at: number
  /** Who wrote added text, from blame; null when unknown. */
  author: string | null
}

/**
 * The view of `after` against `before` (their alignment by core/align): shared
 * text, deletions, and additions split by who wrote them (`blame` of `after`).
 * A replace with a fine diff (`parts`) is shown by its parts.
 */
export function versionChanges(before: string, after: string, alignment: Alignment, blame: readonly BlameRun[]): ChangeSpan[] {
  const spans: ChangeSpan[] = []
  const push = (span: ChangeSpan): void => {
    if (!span.text) return
    const last = spans[spans.length - 1]
    if (last && last.kind === span.kind && last.author === span.author && last.at + (last.kind === 'deleted' ? 0 : last.text.length) === span.at) last.text += span.text
    else spans.push(span)
  }
  const added = (start: number, end: number): void => {
    for (const piece of authorsOver(blame, start, end)) push({ kind: 'added', text: after.slice(piece.start, piece.end), at: piece.start, author: piece.author })
  }
  const walk = (segments: readonly AlignedSegment[]): void => {
    for (const segment of segments) {
      const [a0, a1] = segment.a
      const [b0, b1] = segment.b
      if (segment.op === 'equal') push({ kind: 'same', text: after.slice(b0, b1), at: b0, author: null })
      else if (segment.op === 'replace' && segment.parts) walk(segment.parts)
      else {
        push({ kind: 'deleted', text: before.slice(a0, a1), at: b0, author: null })
        added(b0, b1)
      }
    }
  }
  walk(alignment.segments)
  return spans
}

/** [start, end) cut where the blame's author changes; stretches no run covers have no author. */
function authorsOver(blame: readonly BlameRun[], start: number, end: number): { start: number; end: number; author: string | null }[] {
  const out: { start: number; end: number; author: string | null }[] = []
  let at = start
  for (const run of blame) {
    if (run.end <= at) continue
    if (run.start >= end) break
    if (run.start > at) out.push({ start: at, end: run.start, author: null })
    const to = Math.min(end, run.end)
    out.push({ start: Math.max(at, run.start), end: to, author: run.author?.name ?? null })
    at = to
  }
  if (at < end) out.push({ start: at, end, author: null })
  return out
}
