/**
 * Edition inputs for the exporter tests: the sample document with annotations of
 * every type (overlapping and crossing ones, ones that span paragraphs), two
 * duplicate clusters, a variant pair, decisions and hostile comment text.
 */
import { readFileSync } from 'node:fs'
import { createAnchor, findingsToAnnotations, type Annotation, type Decision } from '../../../core/annotations'
import type { EditionInput } from '../../../core/export'
import { runChecks } from '../../../core/checks'
import { findDuplicates } from '../../../core/duplicates'
import { buildSourceMap } from '../../../core/text'

export const SAMPLE_PATH = 'documents/china-central-asia-summit-2025-06-17.txt'
export const XSS = '<img src=x onerror=alert(1)> ]]> & <script>alert(2)</script>'

export function sampleProjection(): string {
  return buildSourceMap(readFileSync(SAMPLE_PATH, 'utf8').replace(/^\uFEFF/, '')).projection
}

const T0 = '2026-11-25T10:00:00.000Z'

export function annotation(projection: string, id: string, type: string, start: number, end: number, extra: Partial<Annotation> = {}): Annotation {
  return { id, type, author: 'Alice', created: T0, updated: T0, status: 'open', comments: [], links: [], anchor: createAnchor(projection, start, end), ...extra }
}

/** Start offset of the `nth` (0-based) occurrence of `needle`; throws when absent so a fixture cannot silently shift. */
export function find(text: string, needle: string, nth = 0): number {
  let at = -1
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1)
    if (at === -1) throw new Error(`fixture: ${needle} #${nth} not found`)
  }
  return at
}

/** End of the paragraph that contains `offset`. */
export function paragraphEnd(text: string, offset: number): number {
  const at = text.indexOf('\n\n', offset)
  return at === -1 ? text.length : at
}

export function sampleInput(): EditionInput {
  const p = sampleProjection()
  const typo = find(p, '自已')
  const fiveA = find(p, '五要维护公正合理、平等有序的国际秩序。中方支持')
  const fiveC = find(p, '五要维护公正合理、平等有序的国际秩序。中方支持', 1)
  const fiveB = find(p, '五要维护公正合理、平等有序的国际秩序。我们要')
  const salutes = [0, 1, 2].map((n) => find(p, '同事们、朋友们！', n))
  const three1 = find(p, '三要打造和平安宁')
  const three2 = find(p, '三要打造和平安宁', 1)
  const four2 = find(p, '四要拉紧同心同德')
  const cont1 = find(p, '(上接第一版)')
  const cont2 = find(p, '(下转第三版)')
  const and = find(p, ' and ')
  const fragment = find(p, '际体系，为世界和平')
  const astana = find(p, '阿斯塔纳')
  const xi = find(p, '习近平')
  const breakAt = paragraphEnd(p, typo)
  const annotations: Annotation[] = [
    annotation(p, 'typo-1', 'typo', typo, typo + 2, {
      suggestion: { text: '自己' },
      comments: [
        { id: 'c1', author: 'Alice', created: T0, text: XSS },
        { id: 'c2', author: 'Bob', created: '2026-11-25T10:05:00.000Z', text: 'Agreed & fixed? ]]>' },
      ],
    }),
    annotation(p, 'note-wide', 'note', typo - 4, typo + 8, { author: 'Bob', comments: [{ id: 'c3', author: 'Bob', created: T0, text: 'contains the typo' }] }),
    annotation(p, 'note-cross', 'note', typo + 1, typo + 12, { status: 'resolved' }),
    annotation(p, 'break-1', 'layout-break', breakAt - 1, breakAt + 3, { suggestion: { text: p.slice(breakAt - 1, breakAt) + p.slice(breakAt + 2, breakAt + 3) } }),
    annotation(p, 'dup-a', 'duplicate', fiveA, paragraphEnd(p, fiveA), { cluster: 'five', keep: true, links: [{ rel: 'duplicate-cluster', target: 'dup-c' }] }),
    annotation(p, 'dup-c', 'duplicate', fiveC, paragraphEnd(p, fiveC), { cluster: 'five', links: [{ rel: 'duplicate-cluster', target: 'dup-a' }] }),
    ...salutes.map((s, i) => annotation(p, `salute-${i}`, 'duplicate', s, s + 8 + 2 + 6, { cluster: 'salute', keep: i === 1, author: 'Carol' })),
    annotation(p, 'var-a', 'variant', fiveA, fiveA + 30, { links: [{ rel: 'variant-pair', target: 'var-b' }] }),
    annotation(p, 'var-b', 'variant', fiveB, fiveB + 30, { links: [{ rel: 'variant-pair', target: 'var-a' }] }),
    annotation(p, 'cont-1', 'continuation', cont1, cont1 + 7, { links: [{ rel: 'continuation', target: 'cont-2' }] }),
    annotation(p, 'cont-2', 'continuation', cont2, cont2 + 7),
    annotation(p, 'intr-1', 'intrusion', and + 1, and + 4, { suggestion: { text: '和' } }),
    annotation(p, 'frag-1', 'misplaced', fragment, paragraphEnd(p, fragment)),
    annotation(p, 'sugg-open', 'suggestion', astana, astana + 4, { suggestion: { text: '努尔苏丹' } }),
    annotation(p, 'sugg-acc', 'suggestion', xi, xi + 3, { suggestion: { text: '习近平', state: 'accepted', original: '习主席' }, status: 'resolved' }),
    annotation(p, 'sugg-rej', 'suggestion', xi + 1, xi + 2, { suggestion: { text: 'X', state: 'rejected' }, status: 'resolved' }),
    annotation(p, 'person-1', 'person', xi, xi + 3, { color: '#123456', author: 'Dana' }),
    annotation(p, 'empty-1', 'note', astana, astana, { comments: [{ id: 'c4', author: 'Alice', created: T0, text: 'an insertion point' }] }),
    {
      ...annotation(p, 'orphan-1', 'note', 0, 5),
      anchor: { quote: { type: 'TextQuoteSelector', exact: 'THIS PASSAGE WAS DELETED LONG AGO', prefix: '', suffix: '' }, position: { type: 'TextPositionSelector', start: 10, end: 43 } },
      comments: [{ id: 'c5', author: 'Eve', created: T0, text: XSS }],
    },
  ]
  const decisions: Decision[] = [
    {
      id: 'd1', a: { type: 'TextPositionSelector', start: fiveB, end: paragraphEnd(p, fiveB) }, b: { type: 'TextPositionSelector', start: fiveA, end: paragraphEnd(p, fiveA) },
      reading: 'b', author: 'Bob', created: T0, witnesses: { a: 'continuation', b: 'page 1' }, note: `page 1 is fuller ${XSS}`,
    },
    {
      id: 'd2', a: { type: 'TextPositionSelector', start: three2, end: paragraphEnd(p, four2) }, b: { type: 'TextPositionSelector', start: three1, end: paragraphEnd(p, paragraphEnd(p, three1) + 2) },
      reading: 'edited', text: 'EDITED three\n\nEDITED four & <more>', author: 'Carol', created: T0, witnesses: { a: 'continuation', b: 'page 1' },
    },
    {
      id: 'd3', a: { type: 'TextPositionSelector', start: fiveC, end: fiveC + 20 }, b: { type: 'TextPositionSelector', start: fiveA, end: fiveA + 20 },
      reading: 'a', author: 'Alice', created: T0, witnesses: { a: 'page 3', b: 'page 1' },
    },
  ]
  return {
    title: `第二届中国－中亚峰会 ${XSS}`,
    projection: p,
    annotations,
    decisions,
    metadata: { source: 'People’s Daily, 17 June 2025, front page & continuation', editors: ['Alice'], date: '2026-11-25', id: 'summit-2025' },
    types: [{ name: 'person', label: 'Person', color: '#123456', builtIn: false }],
  }
}

/** The sample annotated by the real engines, as `variorum export` does without --annotations. */
export function engineInput(): EditionInput {
  const p = sampleProjection()
  return { title: 'engines', projection: p, annotations: findingsToAnnotations(p, findDuplicates(p), runChecks(p)), decisions: [], metadata: { id: 'engines' } }
}
