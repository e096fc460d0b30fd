import { describe, expect, it } from 'vitest'
import { exportMarkdown } from '../../../core/export'
import { XSS, annotation, sampleInput } from './fixtures'

describe('exportMarkdown', () => {
  it('writes footnote references after each annotated range and one footnote per annotation', () => {
    const p = '第一段*强调*。\n\n# 不是标题 & <b>x</b>'
    const md = exportMarkdown({
      title: 'T',
      projection: p,
      annotations: [
        annotation(p, 'a', 'typo', 0, 3, { suggestion: { text: '第1段' } }),
        annotation(p, 'b', 'note', 2, 13, { author: 'Bob', comments: [{ id: 'c', author: 'Bob', created: '2026-01-01T00:00:00Z', text: `line1\nline2 ${XSS}` }] }),
      ],
      decisions: [],
      metadata: {},
    })
    expect(md).toBe(
      [
        '# T',
        '',
        'Editors: Alice, Bob',
        '',
        '第一段[^1]\\*强调\\*。',
        '',
        '\\# 不[^2]是标题 \\& \\<b\\>x\\</b\\>',
        '',
        '[^1]: **Typo** “第一段” — Alice · suggested: “第1段”',
        '[^2]: **Note** “段\\*强调\\*。 ¶ \\# 不” — Bob · Bob: line1 line2 \\<img src=x onerror=alert(1)\\> \\]\\]\\> \\& \\<script\\>alert(2)\\</script\\>',
        '',
      ].join('\n'),
    )
  })

  it('lists the apparatus and orphans for the sample, every annotation with a footnote', () => {
    const input = sampleInput()
    const md = exportMarkdown(input)
    const definitions = md.match(/^\[\^\d+\]: /gm) ?? []
    expect(definitions).toHaveLength(input.annotations.length - 1) // the orphan is listed, not footnoted
    for (let n = 1; n <= definitions.length; n++) expect(md).toContain(`[^${n}]`)
    expect(md).toContain('## Apparatus')
    expect(md).toContain('## Orphaned annotations')
    expect(md).not.toMatch(/(^|[^\\])<img/)
  })
})
