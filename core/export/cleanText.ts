import { PARAGRAPH_SEPARATOR, paragraphSpans, type TextOffset } from '../text'
import { duplicateClusters } from './duplicateClusters'
import type { EditionInput } from './editionInput'
import { resolveAnchors } from './resolveAnchors'

/** One edit made to produce the clean text; offsets are into the original projection. */
export interface CleanTextChange {
  /**
   * 'remove-duplicate': a flagged duplicate occurrence other than the kept one;
   * 'decision': a variant decision's reading put in place of passage a;
   * 'join-paragraphs': a fix that removes a paragraph break (layout break);
   * 'replace': any other accepted fix or suggestion.
   */
  kind: 'remove-duplicate' | 'decision' | 'join-paragraphs' | 'replace'
  start: TextOffset
  end: TextOffset
  before: string
  after: string
  /** The annotation or decision that asked for it (for a removal of overlapping copies, their ids, space-separated). */
  source: string
}

export interface CleanText {
  text: string
  /** In text order. */
  changes: CleanTextChange[]
  /** Edits not made because they overlap an edit made before them (see `cleanText`). */
  skipped: Array<{ source: string; reason: string }>
}

interface Edit extends CleanTextChange {
  priority: number
}

/**
 * What removing the flagged copies takes out: the union of every duplicate occurrence
 * other than its cluster's kept one (clusters of one remove nothing), as disjoint
 * ranges in text order, each with the ids of the occurrences it covers. Overlapping or
 * touching copies are one range (copies of different extent overlap, #18: removing
 * them one by one and skipping overlaps left pieces such as a dangling "当前，"). A
 * range covering whole paragraphs also takes the paragraph break after it (before it,
 * at the end of the text), so no empty paragraph is left: the result is the text minus
 * the flagged copies, empty paragraphs dropped, and not a character more.
 */
function flaggedCopies(
  projection: string,
  placed: Parameters<typeof duplicateClusters>[0],
  startsParagraph: ReadonlySet<number>,
  endsParagraph: ReadonlySet<number>,
): Array<{ start: number; end: number; sources: string[] }> {
  const copies = duplicateClusters(placed)
    .filter((cluster) => cluster.members.length >= 2)
    .flatMap((cluster) => cluster.members.filter((m) => m !== cluster.kept && m.end > m.start))
    .sort((a, b) => a.start - b.start || a.end - b.end)
  const union = (ranges: Array<{ start: number; end: number; sources: string[] }>) => {
    const merged: typeof ranges = []
    for (const r of ranges) {
      const last = merged[merged.length - 1]
      if (last && r.start <= last.end) {
        last.end = Math.max(last.end, r.end)
        last.sources.push(...r.sources.filter((id) => !last.sources.includes(id)))
      } else merged.push({ start: r.start, end: r.end, sources: [...r.sources] })
    }
    return merged
  }
  const sep = PARAGRAPH_SEPARATOR.length
  const widened = union(copies.map((m) => ({ start: m.start, end: m.end, sources: [m.annotation.id] }))).map((r) => {
    if (!startsParagraph.has(r.start) || !endsParagraph.has(r.end)) return r
    if (projection.startsWith(PARAGRAPH_SEPARATOR, r.end)) return { ...r, end: r.end + sep }
    if (r.start >= sep && projection.slice(r.start - sep, r.start) === PARAGRAPH_SEPARATOR) return { ...r, start: r.start - sep }
    return r
  })
  return union(widened)
}

/**
 * The edited reading of an edition. Applied, in this order of precedence:
 * 1. the flagged copies are removed: duplicate occurrences other than each cluster's
 *    kept one, overlapping ones as one range (see flaggedCopies; the change's
 *    `source` lists their ids, space-separated), with the paragraph break after them
 *    (before, at the end of the text) when they cover whole paragraphs;
 * 2. decisions with reading 'b' or 'edited' replace passage a;
 * 3. open suggestions and fixes (any type with a `suggestion` not 'rejected'
 *    and not already 'accepted' into the text) replace their range.
 * An edit overlapping one already taken is skipped and reported; two edits that
 * only touch are both made. Orphaned annotations change nothing.
 * Worked example: "ab\n\ncd\n\nab" with the second "ab" a repeat of the first
 * → "ab\n\ncd", one change {remove-duplicate, 6, 10, "\n\nab", ""}.
 */
export function cleanText(input: Pick<EditionInput, 'projection' | 'annotations' | 'decisions' | 'anchorsPlaced'>): CleanText {
  const { projection } = input
  const { placed } = resolveAnchors(input)
  const paragraphs = paragraphSpans(projection)
  const startsParagraph = new Set(paragraphs.map((p) => p.start))
  const endsParagraph = new Set(paragraphs.map((p) => p.end))
  const edits: Edit[] = []
  const edit = (kind: CleanTextChange['kind'], start: number, end: number, after: string, source: string, priority: number) =>
    edits.push({ kind, start, end, before: projection.slice(start, end), after, source, priority })

  for (const removal of flaggedCopies(projection, placed, startsParagraph, endsParagraph)) {
    edit('remove-duplicate', removal.start, removal.end, '', removal.sources.join(' '), 0)
  }
  for (const d of input.decisions) {
    if (d.reading === 'a' || d.a.start < 0 || d.a.end < d.a.start || d.a.end > projection.length) continue
    if (d.reading === 'b' && (d.b.start < 0 || d.b.end < d.b.start || d.b.end > projection.length)) continue
    edit('decision', d.a.start, d.a.end, d.reading === 'b' ? projection.slice(d.b.start, d.b.end) : (d.text ?? ''), d.id, 1)
  }
  for (const p of placed) {
    const s = p.annotation.suggestion
    if (!s || s.state === 'rejected' || s.state === 'accepted') continue
    const before = projection.slice(p.start, p.end)
    const joins = before.includes(PARAGRAPH_SEPARATOR) && !s.text.includes(PARAGRAPH_SEPARATOR)
    edit(joins ? 'join-paragraphs' : 'replace', p.start, p.end, s.text, p.annotation.id, 2)
  }

  const taken: Edit[] = []
  const skipped: CleanText['skipped'] = []
  const overlaps = (a: Edit, b: Edit) =>
    a.start < b.end && b.start < a.end ? true : a.start === a.end ? b.start < a.start && a.start < b.end : b.start === b.end && a.start < b.start && b.start < a.end
  edits.sort((a, b) => a.priority - b.priority || a.start - b.start || a.end - b.end)
  for (const e of edits) {
    const clash = taken.find((t) => overlaps(t, e) || (t.start === e.start && t.end === e.end))
    if (clash) skipped.push({ source: e.source, reason: `overlaps ${clash.kind} from ${clash.source}` })
    else taken.push(e)
  }
  taken.sort((a, b) => a.start - b.start || a.end - b.end)
  let text = ''
  let pos = 0
  for (const e of taken) {
    text += projection.slice(pos, e.start) + e.after
    pos = e.end
  }
  text += projection.slice(pos)
  return { text, changes: taken.map(({ priority: _p, ...change }) => change), skipped }
}
