import type { TextOffset } from '../text/projection'
import type { Annotation } from './annotation'
import { contentId } from './contentId'
import { createAnchor } from './createAnchor'

/*
 * The one way findings of the engines become annotations, for the CLI's export,
 * the server and the workspace panels alike. Ids come from content (contentId), so
 * two editors flagging the same cluster or annotating the same finding at once
 * write the same entries, and writing them again (doc/annotations/writeAnnotations
 * skips ids it has) changes nothing.
 *
 * The shapes below are structural copies of core/duplicates' cluster and
 * core/checks' finding, so core/annotations depends on neither engine. Offsets are
 * UTF-16 code units into the projection the engines ran on.
 */

type Range = { start: TextOffset; end: TextOffset }

/** One duplicated passage as `findDuplicates` reports it. */
export interface DuplicateClusterFinding {
  kind: 'exact' | 'near' | 'boilerplate'
  similarity: number
  occurrences: readonly Range[]
}

/** One finding as `runChecks` reports it. */
export interface CheckFinding extends Range {
  rule: string
  message: string
  fix?: Range & { text: string }
  /** Other passages the finding refers to (e.g. the other piece of a continued story). */
  related?: readonly Range[]
}

/** Annotation type of each check rule; a rule not listed becomes a 'note'. */
export const RULE_TYPES: Readonly<Record<string, string>> = {
  'layout-break': 'layout-break',
  'continuation-marker': 'continuation',
  fragment: 'misplaced',
  'script-intrusion': 'intrusion',
  typo: 'typo',
  'displaced-heading': 'misplaced',
}

/** The annotation type findings of `rule` become. */
export function ruleAnnotationType(rule: string): string {
  return RULE_TYPES[rule] ?? 'note'
}

export interface IntentOptions {
  author: string
  /** ISO 8601 creation time of every annotation and comment. */
  created: string
}

function annotation(projection: string, id: string, type: string, range: Range, comment: string, options: IntentOptions): Annotation {
  return {
    id,
    type,
    author: options.author,
    created: options.created,
    updated: options.created,
    status: 'open',
    comments: [{ id: `${id}.c1`, author: options.author, created: options.created, text: comment }],
    links: [],
    anchor: createAnchor(projection, range.start, range.end),
  }
}

function checkRange(projection: string, range: Range, what: string): void {
  if (!Number.isInteger(range.start) || !Number.isInteger(range.end) || range.start < 0 || range.end > projection.length || range.start >= range.end) {
    throw new RangeError(`${what} [${range.start}, ${range.end}) is not a passage of the text of length ${projection.length}`)
  }
}

/**
 * The annotations that flag a duplicated passage: one `duplicate` per occurrence, all
 * sharing a cluster id, each linked (rel 'duplicate-cluster') to every other
 * occurrence, occurrence `keep` (an index into `cluster.occurrences`, default 0)
 * marked `keep: true`. The cluster id is `dup-<hash of the occurrences' ranges and
 * text>`; occurrence i's id is `<cluster id>.<i + 1>` in document order. Throws
 * RangeError when `keep` is not an occurrence index or an occurrence is not a
 * non-empty passage of `projection`.
 */
export function duplicateClusterAnnotations(projection: string, cluster: Omit<DuplicateClusterFinding, 'kind'> & { kind: string }, options: IntentOptions & { keep?: number }): Annotation[] {
  const count = cluster.occurrences.length
  const keep = options.keep ?? 0
  if (!Number.isInteger(keep) || keep < 0 || keep >= count) throw new RangeError(`keep ${keep} is not an occurrence index (0..${count - 1})`)
  cluster.occurrences.forEach((o) => checkRange(projection, o, 'occurrence'))
  const order = cluster.occurrences.map((o, index) => ({ o, index })).sort((x, y) => x.o.start - y.o.start || x.o.end - y.o.end)
  const clusterId = contentId('dup', order.flatMap(({ o }) => [o.start, o.end, projection.slice(o.start, o.end)]))
  const ids = new Map(order.map(({ index }, rank) => [index, `${clusterId}.${rank + 1}`]))
  const similarity = `${Math.round(cluster.similarity * 100)}% similar`
  return order.map(({ o, index }, rank) => {
    const kept = index === keep
    const text = `Copy ${rank + 1} of ${count} of a duplicated passage (${cluster.kind}, ${similarity}). ${kept ? 'This copy is kept.' : `Copy ${order.findIndex((x) => x.index === keep) + 1} is kept.`}`
    const a = annotation(projection, ids.get(index)!, 'duplicate', o, text, options)
    a.links = order.filter((x) => x.index !== index).map((x) => ({ rel: 'duplicate-cluster', target: ids.get(x.index)! }))
    a.keep = kept
    a.cluster = clusterId
    return a
  })
}

/**
 * A finding and the passages it relates to as annotations of its rule's type,
 * linked to each other (rel 'continuation' for continuation markers, 'related'
 * otherwise). The first carries the message, the others "Related to: <message>".
 * Ids: `chk-<hash of rule, ranges and text>`, related ones `<id>.r<n>`. Related
 * ranges that are not passages of the text are left out. Throws RangeError when
 * the finding's own range is not a non-empty passage of `projection`.
 */
export function checkFindingAnnotations(projection: string, finding: CheckFinding, options: IntentOptions): Annotation[] {
  checkRange(projection, finding, 'finding')
  const type = ruleAnnotationType(finding.rule)
  const related = (finding.related ?? []).filter((r) => Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.end <= projection.length && r.start < r.end)
  const ranges = [finding, ...related]
  const id = contentId('chk', [finding.rule, ...ranges.flatMap((r) => [r.start, r.end, projection.slice(r.start, r.end)])])
  const ids = ranges.map((_, i) => (i === 0 ? id : `${id}.r${i}`))
  const rel = finding.rule === 'continuation-marker' ? 'continuation' : 'related'
  return ranges.map((range, i) => {
    const a = annotation(projection, ids[i], type, range, i === 0 ? finding.message : `Related to: ${finding.message}`, options)
    if (ranges.length > 1) a.links = ids.filter((_, other) => other !== i).map((target) => ({ rel, target }))
    return a
  })
}

/**
 * A finding's fix as a `suggestion` annotation. The anchor covers the finding and
 * the fix together, and the suggested text is that passage with the fix applied,
 * so accepting it yields exactly the fix. A range that covers no character (a fix
 * on the "\n\n" between two paragraphs only) is widened to the character before
 * and after it, because an anchor must hold on to characters. Worked example:
 * "ab\n\ncd", fix [2,4)→"" with a finding on the separator only: anchor [1,5)
 * "b\n\nc", suggestion "bc". Id `fix-<hash of rule, range and text>`. Null when
 * the finding has no fix or its fix lies outside the text.
 */
export function fixSuggestionAnnotation(projection: string, finding: CheckFinding, options: IntentOptions): Annotation | null {
  const fix = finding.fix
  if (!fix || !(fix.start >= 0 && fix.end <= projection.length && fix.start <= fix.end)) return null
  let start = Math.min(finding.start, fix.start)
  let end = Math.max(finding.end, fix.end)
  if (!/[^\n]/.test(projection.slice(start, end))) {
    let before = start - 1
    while (before >= 0 && projection[before] === '\n') before--
    if (before >= 0) start = before
    let after = end
    while (after < projection.length && projection[after] === '\n') after++
    if (after < projection.length) end = after + 1
  }
  const suggestion = projection.slice(start, fix.start) + fix.text + projection.slice(fix.end, end)
  const id = contentId('fix', [finding.rule, start, end, projection.slice(start, end), suggestion])
  const a = annotation(projection, id, 'suggestion', { start, end }, finding.message, options)
  a.suggestion = { text: suggestion, state: 'open', original: projection.slice(start, end) }
  return a
}

/**
 * Every finding of one run of the engines as annotations, as `variorum export`
 * writes them without an annotation file: each non-boilerplate cluster with ≥ 2
 * occurrences flagged (the first copy in the text kept), each check finding annotated, and each fix
 * proposed as a suggestion. Findings whose ranges lie outside the text are skipped.
 */
export function findingsToAnnotations(
  projection: string,
  duplicates: { clusters: readonly DuplicateClusterFinding[] } | null,
  checks: readonly CheckFinding[] | null,
  options: IntentOptions = { author: 'variorum', created: '1970-01-01T00:00:00.000Z' },
): Annotation[] {
  const inText = (r: Range) => Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start < r.end && r.end <= projection.length
  const out: Annotation[] = []
  for (const cluster of duplicates?.clusters ?? []) {
    if (cluster.kind === 'boilerplate') continue
    const occurrences = cluster.occurrences.filter(inText).sort((a, b) => a.start - b.start)
    if (occurrences.length >= 2) out.push(...duplicateClusterAnnotations(projection, { ...cluster, occurrences }, options))
  }
  for (const finding of checks ?? []) {
    if (!inText(finding)) continue
    out.push(...checkFindingAnnotations(projection, finding, options))
    const fix = fixSuggestionAnnotation(projection, finding, options)
    if (fix) out.push(fix)
  }
  return out
}
