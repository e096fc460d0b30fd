import { describe, expect, it } from 'vitest'
import { readHtml } from '../../../core/import'

const paragraphsOf = (html: string) => {
  const result = readHtml(html)
  if (!result.ok) throw new Error(result.message)
  return result.edition
}

describe('readHtml', () => {
  it('keeps the main text by paragraphs and drops scripts, styles, navigation, forms and site furniture', () => {
    const edition = paragraphsOf(`<!doctype html><html><head><title> A  page </title><style>p{}</style></head><body>
      <header><a href="/">Site</a></header><nav>Home | News</nav>
      <main><header><h1>Heading</h1></header><p>First
        paragraph, <em>with</em> markup.</p><script>track()</script>
        <aside>Related</aside><form><button>Go</button></form>
        <div role="navigation">Prev / Next</div><p hidden>secret</p>
        <ul><li>one</li><li>two</li></ul><p>line one<br>line two</p>
        <pre>code   line
  second</pre></main>
      <footer>© site</footer></body></html>`)
    expect(edition.title).toBe('A page')
    expect(edition.paragraphs).toEqual(['Heading', 'First paragraph, with markup.', 'one', 'two', 'line one', 'line two', 'code   line', '  second'])
  })

  it('takes the first article without a main, else the body, and keeps no-break spaces', () => {
    expect(paragraphsOf('<body><div>menu</div><article><p>正文\u00a0一</p></article></body>').paragraphs).toEqual(['正文\u00a0一'])
    expect(paragraphsOf('plain <b>text</b>').paragraphs).toEqual(['plain text'])
    expect(paragraphsOf('<script>x</script>').paragraphs).toEqual([])
  })
})
