import { parse, type DefaultTreeAdapterMap } from 'parse5'
import { describe, expect, it } from 'vitest'
import { exportHtml } from '../../../core/export'
import { XSS, annotation, sampleInput } from './fixtures'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

function elements(node: Node, out: Element[] = []): Element[] {
  if ('tagName' in node) out.push(node)
  for (const child of ('childNodes' in node ? node.childNodes : []) as Node[]) elements(child, out)
  if ('content' in node && node.content) elements(node.content as Node, out)
  return out
}
const attr = (e: Element, name: string) => e.attrs.find((a) => a.name === name)?.value
const text = (n: Node): string => ('value' in n && n.nodeName === '#text' ? (n as { value: string }).value : ('childNodes' in n ? (n.childNodes as Node[]).map(text).join('') : ''))

describe('exportHtml', () => {
  const input = sampleInput()
  const html = exportHtml(input)
  const all = elements(parse(html))

  it('makes hostile user text inert: no injected img or script element, the text shown literally', () => {
    expect(all.filter((e) => e.tagName === 'img' || e.tagName === 'script')).toEqual([])
    expect(all.some((e) => e.attrs.some((a) => a.name.startsWith('on')))).toBe(false)
    const title = all.find((e) => e.tagName === 'title')!
    expect(text(title)).toBe(input.title)
    expect(text(all.find((e) => e.tagName === 'body')!)).toContain(XSS)
  })

  it('is self-contained: no external URLs, scripts blocked by a CSP', () => {
    expect(html).not.toMatch(/\b(src|href)="(?!#)/)
    expect(html).not.toMatch(/url\(|@import|https?:\/\//i)
    const csp = all.find((e) => e.tagName === 'meta' && attr(e, 'http-equiv') === 'Content-Security-Policy')!
    expect(attr(csp, 'content')).toBe("default-src 'none'; style-src 'unsafe-inline'")
  })

  it('shows the whole text, every annotation with a label and a note, links that resolve', () => {
    const paragraphs = all.filter((e) => e.tagName === 'p' && /^p\d+$/.test(attr(e, 'id') ?? ''))
    const labels = new Set(['lab', 'ref'])
    const plain = (n: Node): string => ('tagName' in n && labels.has(attr(n, 'class') ?? '') ? '' : 'childNodes' in n ? (n.childNodes as Node[]).map(plain).join('') : text(n))
    expect(paragraphs.map(plain).join('\n\n')).toBe(input.projection)
    const placed = input.annotations.length - 1
    expect(all.filter((e) => attr(e, 'class') === 'lab')).toHaveLength(placed)
    expect(all.filter((e) => e.tagName === 'li' && /^note-\d+$/.test(attr(e, 'id') ?? ''))).toHaveLength(placed)
    const ids = new Set(all.map((e) => attr(e, 'id')).filter(Boolean))
    for (const a of all.filter((e) => e.tagName === 'a')) expect(ids.has(attr(a, 'href')!.slice(1)), attr(a, 'href')).toBe(true)
  })

  it('stacks overlapping annotations as separate bands instead of hiding one', () => {
    const p = 'abcdefghij'
    const out = exportHtml({
      title: 't', projection: p, decisions: [], metadata: {},
      annotations: [annotation(p, 'x', 'typo', 0, 6), annotation(p, 'y', 'note', 3, 9)],
    })
    const overlap = elements(parse(out)).find((e) => attr(e, 'class') === 'hl' && text(e) === 'def')!
    const style = attr(overlap, 'style')!
    expect(style).toContain('linear-gradient(#c2185b,#c2185b),linear-gradient(#1a5fb4,#1a5fb4)')
    expect(style).toContain('background-position:0 calc(100% - 0px),0 calc(100% - 3px)')
    expect(out).toContain('<span class="lab" style="background:#c2185b">1 Typo</span>')
    expect(out).toContain('<span class="lab" style="background:#1a5fb4">2 Note</span>')
  })

  it('lists decisions and duplicate clusters in the apparatus and keeps orphans', () => {
    const apparatus = all.find((e) => attr(e, 'class') === 'apparatus')!
    expect(text(apparatus)).toMatch(/Variant.*page 1/)
    // Words, not the cluster's id (issue #18: "Duplicate ef3e0fc6-…" meant nothing to a reader).
    expect(text(apparatus)).toMatch(/Repeated passage, 2 copies: kept \d+ “/)
    expect(text(apparatus)).not.toContain('five')
    expect(text(all.find((e) => attr(e, 'class') === 'notes')!)).toMatch(/Links: copy of note \d+/)
    expect(text(all.find((e) => attr(e, 'class') === 'orphans')!)).toContain('THIS PASSAGE WAS DELETED LONG AGO')
  })
})
