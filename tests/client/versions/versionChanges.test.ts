import { describe, expect, it } from 'vitest'
import { alignWitnesses } from '../../../core/align'
import type { BlameRun } from '../../../core/api'
import { versionChanges } from '../../../client/versions/versionChanges'

const run = (start: number, end: number, name: string | null): BlameRun => ({
  start,
  end,
  author: name === null ? null : { id: name, name },
  at: name === null ? null : '2026-12-07T00:00:00.000Z',
})

describe('versionChanges', () => {
  it('shows shared text, deletions, and additions split by their authors', () => {
    const before = 'The old bridge stood here.'
    const after = 'The new stone bridge stood here.'
    // "new " by ana, "stone " by ben.
    const blame = [run(0, 4, null), run(4, 8, 'ana'), run(8, 14, 'ben'), run(14, after.length, null)]
    const spans = versionChanges(before, after, alignWitnesses(before, after), blame)
    // Every character of the later text appears once, in order, outside deletions.
    expect(spans.filter((s) => s.kind !== 'deleted').map((s) => s.text).join('')).toBe(after)
    expect(spans.filter((s) => s.kind !== 'added').map((s) => s.text).join('')).toBe(before)
    // The aligner replaces "old" by "new stone" (the space after "stone" stays shared).
    expect(spans).toEqual([
      { kind: 'same', text: 'The ', at: 0, author: null },
      { kind: 'deleted', text: 'old', at: 4, author: null },
      { kind: 'added', text: 'new ', at: 4, author: 'ana' },
      { kind: 'added', text: 'stone', at: 8, author: 'ben' },
      { kind: 'same', text: ' bridge stood here.', at: 13, author: null },
    ])
    for (const span of spans) if (span.kind !== 'deleted') expect(after.slice(span.at, span.at + span.text.length)).toBe(span.text)
  })

  it('gives one shared span for equal texts', () => {
    expect(versionChanges('Same.', 'Same.', alignWitnesses('Same.', 'Same.'), [])).toEqual([{ kind: 'same', text: 'Same.', at: 0, author: null }])
  })
})
