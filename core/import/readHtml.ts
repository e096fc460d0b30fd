import { parse } from 'parse5'
import type { DefaultTreeAdapterMap } from 'parse5'
import { plainEdition, type ImportResult } from './importedEdition'

type Node = DefaultTreeAdapterMap['node']
type Element = DefaultTreeAdapterMap['element']

/** Elements whose content is never reading text: code, styling, forms, embedded media. */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'canvas', 'form', 'button', 'select', 'textarea', 'nav', 'aside', 'head'])

/** Site furniture when outside the main text (a page's banner and footer, not an article's byline). */
const FURNITURE = new Set(['header', 'footer'])

/** Elements that start a new paragraph: text on either side belongs to different paragraphs. */
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd',
  'blockquote', 'pre', 'figure', 'figcaption', 'table', 'tr', 'td', 'th', 'caption', 'address', 'hr', 'br', 'header', 'footer',
])

/** ARIA roles of navigation and site furniture, dropped like the elements that have them implicitly. */
const DROPPED_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search'])

const attr = (element: Element, name: string): string | null => element.attrs.find((a) => a.name === name)?.value ?? null

/**
 * The main text of an HTML page by paragraphs: the content of `<main>` (else the
 * first `<article>`, else `<body>`), without scripts, styles, navigation, forms,
 * asides, hidden elements and the page's own header and footer. Each block
 * element (p, h1–h6, li, blockquote, td…) and each `<br>` ends a paragraph;
 * white space inside a paragraph is collapsed to single spaces, as a browser
 * shows it, except in `<pre>`, whose lines are paragraphs. The title is the
 * `<title>`, else the first `<h1>`, else null. parse5 parses like a browser,
 * so any input gives a result; a page without text gives no paragraphs.
 */
export function readHtml(html: string): ImportResult {
  const document = parse(html)
  const all = descendants(document)
  const root = all.find((e) => e.tagName === 'main') ?? all.find((e) => e.tagName === 'article') ?? all.find((e) => e.tagName === 'body') ?? null
  const titleElement = all.find((e) => e.tagName === 'title') ?? all.find((e) => e.tagName === 'h1')
  const title = titleElement ? collapse(textOf(titleElement)) || null : null
  const paragraphs: string[] = []
  let current = ''
  const flush = () => {
    const text = collapse(current)
    if (text) paragraphs.push(text)
    current = ''
  }
  const walk = (node: Node, inMain: boolean): void => {
    if (node.nodeName === '#text') {
      current += (node as DefaultTreeAdapterMap['textNode']).value
      return
    }
    if (!('tagName' in node)) return
    const element = node as Element
    const tag = element.tagName
    if (DROPPED.has(tag) || attr(element, 'hidden') !== null || attr(element, 'aria-hidden') === 'true') return
    if (DROPPED_ROLES.has(attr(element, 'role') ?? '')) return
    if (FURNITURE.has(tag) && !inMain) return
    if (tag === 'pre') {
      flush()
      for (const line of textOf(element).split(/\r?\n/)) {
        if (line.trim()) paragraphs.push(line.replace(/\s+$/, ''))
      }
      return
    }
    const block = BLOCKS.has(tag)
    if (block) flush()
    const nested = inMain || tag === 'main' || tag === 'article'
    for (const child of element.childNodes) walk(child, nested)
    if (block) flush()
  }
  if (root) walk(root, root.tagName !== 'body')
  flush()
  return { ok: true, edition: plainEdition(paragraphs, title) }
}

function descendants(node: Node): Element[] {
  const out: Element[] = []
  const visit = (n: Node) => {
    if ('tagName' in n) out.push(n as Element)
    const children = 'childNodes' in n ? n.childNodes : []
    for (const child of children) visit(child as Node)
  }
  visit(node)
  return out
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value
  if (!('childNodes' in node)) return ''
  return node.childNodes.map((child) => textOf(child as Node)).join('')
}

/** HTML white space collapsed, as rendered; a no-break space is text and stays. */
function collapse(text: string): string {
  return text.replace(/[\t\n\f\r ]+/g, ' ').trim()
}
