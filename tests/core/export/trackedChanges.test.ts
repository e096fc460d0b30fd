import { describe, expect, it } from 'vitest'
import type { Annotation } from '../../../core/annotations'
import { exportHtml, exportTei, type EditionInput } from '../../../core/export'
import { jingTexts } from '../../validators/jing'
import { annotation } from './fixtures'

// "brave" is a proposed insertion by Ana, "old " a proposed deletion by Bo, "was " a settled one.
const projection = 'hello brave world\n\nthe old text was here'

function change(id: string, kind: 'insert' | 'delete', start: number, end: number, author: string, state: 'open' | 'accepted' | 'rejected' = 'open'): Annotation {
  const covered = projection.slice(start, end)
  return annotation(projection, id, 'suggestion', start, end, {
    author,
    change: kind,
    suggestion: kind === 'insert' ? { text: covered, state, original: '' } : { text: '', state, original: covered },
  })
}

function input(annotations: Annotation[]): EditionInput {
  return { title: 'Changes', projection, annotations, decisions: [], metadata: {} }
}

describe('exports of tracked changes', () => {
  const open = [change('c1', 'insert', 6, 12, 'Ana'), change('c2', 'delete', 23, 27, 'Bo'), change('c3', 'insert', 32, 36, 'Ana', 'accepted')]

  it('TEI marks open insertions <add> and deletions <del> in the text, settled ones not at all, valid against tei_all', () => {
    const tei = exportTei(input(open))
    expect(tei).toMatch(/<add type="suggestion" resp="#[^"]+">(<anchor[^>]*\/>)*brave (<anchor[^>]*\/>)*<\/add>/)
    expect(tei).toMatch(/<del type="suggestion" resp="#[^"]+">(<anchor[^>]*\/>)*old (<anchor[^>]*\/>)*<\/del>/)
    expect(tei.match(/<add /g)).toHaveLength(1)
    expect(tei).not.toContain('<choice>')
    expect(jingTexts({ changes: tei }).changes).toEqual([])
  })

  it('HTML marks open insertions <ins> and deletions <del>, titled with the author', () => {
    const html = exportHtml(input(open))
    expect(html).toContain('<ins class="suggested" title="Suggested by Ana">brave </ins>')
    expect(html).toContain('<del class="suggested" title="Suggested by Bo">old </del>')
    expect(html.match(/<ins /g)).toHaveLength(1)
  })
})
