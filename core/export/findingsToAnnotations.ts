import { createAnchor, type Annotation } from '../annotations'
import type { TextOffset } from '../text'

/*
 * Structural copies of the result shapes of core/duplicates (`findDuplicates`)
 * and core/checks (`runChecks`), so this file does not depend on those modules.
 * Offsets are into the text the engines ran on, which must be the projection.
 */

/** One duplicated passage as `findDuplicates` reports it. */
export interface DuplicateClusterFinding {
  kind: 'exact' | 'near' | 'boilerplate'
  similarity: number
  occurrences: Array<{ start: TextOffset; end: TextOffset }>
}

/** One finding as `runChecks` reports it. */
export interface CheckFinding {
  rule: string
  start: TextOffset
  end: TextOffset
  message: string
  fix?: { start: TextOffset; end: TextOffset; text: string }
  /** Other passages the finding refers to (e.g. the other piece of a continued story). */
  related?: Array<{ start: TextOffset; end: TextOffset }>
}

/** Annotation type of each check rule; a rule not listed becomes a 'note'. */
export const RULE_TYPES: Record<string, string> = {
  'layout-break': 'layout-break',
  'continuation-marker': 'continuation',
  fragment: 'misplaced',
  'script-intrusion': 'intrusion',
  typo: 'typo',
  'displaced-heading': 'misplaced',
}

export interface FindingsOptions {
  /** Author written on every annotation (default "variorum"). */
  author?: string
  /** Creation time, ISO 8601 (default: the epoch, so output is reproducible). */
  created?: string
}

/**
 * Turns engine findings on `projection` into annotations:
 * - each non-boilerplate cluster with ≥ 2 occurrences → one 'duplicate' per
 *   occurrence, sharing a `cluster` id, linked to each other ('duplicate-cluster'),
 *   the first occurrence `keep: true`; a comment gives the kind and similarity;
 * - each check finding → an annotation of the mapped type with the message as
 *   comment; a fix becomes a suggestion. When the fix's range differs from the
 *   finding's, the anchor covers both and the suggestion is the covered text with
 *   the fix applied (e.g. finding [5,7), fix [7,9)→"" on "abcdefghij": anchor
 *   [5,9) "fghi", suggestion "fg"). Related passages are quoted in the comment.
 * Findings with ranges outside the text are skipped. Ids are stable:
 * "dup-<cluster>-<occurrence>" and "chk-<index>-<rule>".
 */
export function findingsToAnnotations(
  projection: string,
  duplicates: { clusters: readonly DuplicateClusterFinding[] } | null,
  checks: readonly CheckFinding[] | null,
  options: FindingsOptions = {},
): Annotation[] {
  const author = options.author ?? 'variorum'
  const created = options.created ?? '1970-01-01T00:00:00.000Z'
  const inText = (s: number, e: number) => Number.isInteger(s) && Number.isInteger(e) && s >= 0 && e >= s && e <= projection.length
  const base = (id: string, type: string, start: number, end: number, text: string): Annotation => ({
    id,
    type,
    author,
    created,
    updated: created,
    status: 'open',
    comments: [{ id: `${id}-c1`, author, created, text }],
    links: [],
    anchor: createAnchor(projection, start, end),
  })
  const out: Annotation[] = []
  let clusterNo = 0
  for (const cluster of duplicates?.clusters ?? []) {
    if (cluster.kind === 'boilerplate') continue
    const occurrences = cluster.occurrences.filter((o) => inText(o.start, o.end) && o.end > o.start).sort((a, b) => a.start - b.start)
    if (occurrences.length < 2) continue
    clusterNo++
    const ids = occurrences.map((_, i) => `dup-${clusterNo}-${i + 1}`)
    occurrences.forEach((o, i) => {
      const a = base(ids[i], 'duplicate', o.start, o.end, `${cluster.kind} duplicate (similarity ${cluster.similarity.toFixed(2)}), occurrence ${i + 1} of ${occurrences.length}${i === 0 ? ', kept' : ''}`)
      a.cluster = `dup-${clusterNo}`
      a.keep = i === 0
      a.links = ids.filter((other) => other !== ids[i]).map((target) => ({ rel: 'duplicate-cluster', target }))
      out.push(a)
    })
  }
  ;(checks ?? []).forEach((f, i) => {
    if (!inText(f.start, f.end)) return
    const type = RULE_TYPES[f.rule] ?? 'note'
    const id = `chk-${i + 1}-${f.rule.replace(/[^A-Za-z0-9_-]/g, '_')}`
    const fix = f.fix && inText(f.fix.start, f.fix.end) ? f.fix : undefined
    const start = fix ? Math.min(f.start, fix.start) : f.start
    const end = fix ? Math.max(f.end, fix.end) : f.end
    // Related passages are quoted in the comment so every export shows them.
    const related = (f.related ?? [])
      .filter((r) => inText(r.start, r.end))
      .map((r) => {
        const q = projection.slice(r.start, r.end).replace(/\s+/g, ' ')
        return `“${q.length > 30 ? `${q.slice(0, 30)}…` : q}”`
      })
    const a = base(id, type, start, end, related.length ? `${f.message} Related: ${related.join(', ')}.` : f.message)
    if (fix) a.suggestion = { text: projection.slice(start, fix.start) + fix.text + projection.slice(fix.end, end) }
    out.push(a)
  })
  return out
}
