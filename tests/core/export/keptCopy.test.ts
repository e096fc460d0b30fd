import { describe, expect, it } from 'vitest'
import { exportEdition } from '../../../core/export'
import { annotation } from './fixtures'

// #18: the occurrence a flagged cluster keeps is the edition's text, not a duplicate.
describe('the kept copy of a flagged duplicate cluster', () => {
  const p = '同事们好，今天开会。\n\n甲乙丙。\n\n同事们好，今天开会。'
  const second = p.lastIndexOf('同事们好')
  const input = {
    title: 'T',
    projection: p,
    annotations: [
      annotation(p, 'k', 'duplicate', 0, 10, { cluster: 'c', keep: true, links: [{ rel: 'duplicate-cluster', target: 'r' }] }),
      annotation(p, 'r', 'duplicate', second, second + 10, { cluster: 'c', keep: false, links: [{ rel: 'duplicate-cluster', target: 'k' }] }),
    ],
    decisions: [],
    metadata: {},
  }

  it('is a "Kept copy" in HTML and Markdown, the other occurrence a "Duplicate"', () => {
    const html = exportEdition('html', input)
    // The label at each start and the chip of each note.
    expect(html.match(/>\d (?:Kept copy|Duplicate)<\/span>/g)).toEqual(['>1 Kept copy</span>', '>2 Duplicate</span>'])
    expect(html.match(/<li id="note-\d" [^]*?<span class="chip"[^>]*>[^<]*<\/span>/g)?.map((note) => note.replace(/^[^]*>([^<]*)<\/span>$/, '$1'))).toEqual(['Kept copy', 'Duplicate'])
    // The apparatus still lists the cluster, the kept copy first.
    expect(html).toMatch(/<li><b>Repeated passage<\/b>, 2 copies: <b>kept<\/b> <a href="#note-1">1<\/a>/)
    const md = exportEdition('md', input)
    expect(md).toContain('[^1]: **Kept copy** “同事们好，今天开会。”')
    expect(md).toContain('[^2]: **Duplicate** “同事们好，今天开会。”')
  })

  it('is a kept-copy seg in TEI, without the duplicate type or category, linked to the repeat', () => {
    const tei = exportEdition('tei', input)
    const segs = tei.match(/<seg [^>]*>/g) ?? []
    expect(segs).toHaveLength(2)
    expect(segs[0]).toMatch(/^<seg xml:id="[^"]+" type="kept-copy" corresp="#[^"]+">$/)
    expect(segs[1]).toMatch(/^<seg xml:id="[^"]+" type="duplicate" subtype="repeat" ana="#[^"]+" corresp="#[^"]+">$/)
  })
})
