import { describe, expect, it } from 'vitest'
import { duplicateClusterAnnotations, type Annotation } from '../../../core/annotations'
import { findDuplicates } from '../../../core/duplicates'
import { cleanText } from '../../../core/export'
import { buildSourceMap, PARAGRAPH_SEPARATOR } from '../../../core/text'
import { generateText } from '../../../bench/duplicates/generateText'
import { seededRandom } from '../../../bench/seededRandom'
import { annotation } from './fixtures'

const AUTHOR = { author: 'Alice', created: '2026-12-07T08:00:00.000Z' }

/**
 * The model the export must match (#18): the text minus the flagged spans (every
 * duplicate occurrence but its cluster's kept one, overlaps included), with the
 * paragraphs that removal leaves empty dropped. Not a character more or less.
 */
function textMinusFlagged(projection: string, annotations: readonly Annotation[]): string {
  const byCluster = new Map<string, Annotation[]>()
  for (const a of annotations) if (a.type === 'duplicate') byCluster.set(a.cluster!, [...(byCluster.get(a.cluster!) ?? []), a])
  const removed = new Uint8Array(projection.length)
  for (const members of byCluster.values()) {
    if (members.length < 2) continue
    const kept = members.find((m) => m.keep) ?? members[0]
    for (const m of members) if (m !== kept) removed.fill(1, m.anchor.position.start, m.anchor.position.end)
  }
  let rest = ''
  for (let i = 0; i < projection.length; i++) if (!removed[i]) rest += projection[i]
  return rest.split(PARAGRAPH_SEPARATOR).filter((paragraph) => paragraph !== '').join(PARAGRAPH_SEPARATOR)
}

describe('cleanText removes exactly the flagged copies', () => {
  it('over generated texts with the clusters findDuplicates reports, every cluster flagged, a random copy kept (seeded)', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const random = seededRandom(seed * 7919)
      const { text } = generateText({ seed, targetBytes: 40_000, plantRate: 0.15 })
      const projection = buildSourceMap(text).projection
      const clusters = findDuplicates(projection).clusters
      expect(clusters.length).toBeGreaterThan(3)
      const annotations = clusters.flatMap((cluster) =>
        duplicateClusterAnnotations(projection, cluster, { ...AUTHOR, keep: Math.floor(random() * cluster.occurrences.length) }),
      )
      const result = cleanText({ projection, annotations, decisions: [] })
      expect(result.skipped).toEqual([])
      expect(result.text).toBe(textMinusFlagged(projection, annotations))
    }
  })

  it('over random overlapping, nested and touching copies, inside and across paragraphs (seeded)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = seededRandom(seed)
      const paragraphs = Array.from({ length: 2 + Math.floor(random() * 6) }, (_, i) => `p${i}` + 'abcdefgh'.slice(0, 1 + Math.floor(random() * 8)))
      const projection = paragraphs.join(PARAGRAPH_SEPARATOR)
      const annotations: Annotation[] = []
      for (let c = 0; c < 1 + Math.floor(random() * 3); c++) {
        const members = 1 + Math.floor(random() * 3)
        const keep = Math.floor(random() * members)
        for (let m = 0; m < members; m++) {
          const start = Math.floor(random() * projection.length)
          const end = Math.min(projection.length, start + 1 + Math.floor(random() * 12))
          annotations.push(annotation(projection, `c${c}.${m}`, 'duplicate', start, end, { cluster: `c${c}`, keep: m === keep }))
        }
      }
      const result = cleanText({ projection, annotations, decisions: [] })
      expect([seed, result.text]).toEqual([seed, textMinusFlagged(projection, annotations)])
    }
  })

  it('removes the sample-like case of a copy inside a removed copy as one range, leaving no piece of either', () => {
    const p = ['当前，中国正在推进建设。', '甲乙丙丁戊己庚辛壬癸。', '当前，中国正在推进建设。', '子丑寅卯。'].join('\n\n')
    const second = p.lastIndexOf('当前，')
    const annotations = [
      annotation(p, 'a1', 'duplicate', 0, 12, { cluster: 'a', keep: true }),
      annotation(p, 'a2', 'duplicate', second, second + 12, { cluster: 'a' }),
      annotation(p, 'b1', 'duplicate', 3, 11, { cluster: 'b', keep: true }),
      annotation(p, 'b2', 'duplicate', second + 3, second + 11, { cluster: 'b' }),
    ]
    const result = cleanText({ projection: p, annotations, decisions: [] })
    expect(result.text).toBe('当前，中国正在推进建设。\n\n甲乙丙丁戊己庚辛壬癸。\n\n子丑寅卯。')
    expect(result.changes).toEqual([{ kind: 'remove-duplicate', start: second, end: second + 14, before: '当前，中国正在推进建设。\n\n', after: '', source: 'a2 b2' }])
    expect(result.skipped).toEqual([])
  })
})
