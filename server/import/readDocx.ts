import { DOMParser, XMLSerializer } from '@xmldom/xmldom'
import JSZip from 'jszip'
import mammoth from 'mammoth'
import { createAnchor, type Annotation } from '../../core/annotations'
import { plainEdition, type ImportResult } from '../../core/import'
import { PARAGRAPH_SEPARATOR } from '../../core/text'

/** The parts of mammoth's document model this reader walks (lib/documents.js). */
interface DocxNode {
  type: string
  value?: string
  children?: DocxNode[]
  commentId?: string
}
interface DocxComment {
  commentId: string
  body: DocxNode[]
  authorName?: string
}

const WORD_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main'
// Private-use characters stand for comment range boundaries inside mammoth's text:
// START id CLOSE before the first commented character, END id CLOSE after the last.
const START = '\ue000'
const END = '\ue002'
const CLOSE = '\ue001'
const MARKER = /\ue000(\d+)\ue001|\ue002(\d+)\ue001/g

/**
 * Reads a Word .docx with mammoth: one paragraph per Word paragraph (table cells
 * too), tabs kept, line breaks as spaces, empty paragraphs dropped; each Word
 * comment becomes a `note` annotation on the words it covers, authored by the
 * comment's author, its text the first comment of the thread (id
 * `docx-comment-<n>`). mammoth drops comment ranges (it keeps only the
 * reference mark after them), so before mammoth reads the file each
 * <w:commentRangeStart>/<w:commentRangeEnd> is replaced by a run holding a
 * private-use marker, found again in mammoth's text. A comment without a range
 * covers the word before its reference mark. A comment's time is its w:date in
 * word/comments.xml (mammoth does not expose it), else `now` (ISO 8601).
 * Returns `{ ok: false }` for a file that is not a .docx.
 */
export async function readDocx(bytes: Uint8Array, now: string): Promise<ImportResult> {
  let patched: Buffer
  let dates: Map<string, string>
  try {
    ;({ patched, dates } = await markCommentRanges(bytes))
  } catch (error) {
    return { ok: false, message: `not a Word .docx file (${(error as Error).message})` }
  }
  let model: { children: DocxNode[]; comments: DocxComment[] } | null = null
  try {
    await mammoth.convertToHtml({ buffer: patched }, {
      transformDocument: (document: { children: DocxNode[]; comments: DocxComment[] }) => {
        model = document
        return document
      },
    })
  } catch (error) {
    return { ok: false, message: `mammoth cannot read this .docx (${(error as Error).message})` }
  }
  if (!model) return { ok: false, message: 'mammoth found no document body' }
  const { children, comments } = model as { children: DocxNode[]; comments: DocxComment[] }

  const paragraphs: string[] = []
  const starts = new Map<string, number>()
  const ends = new Map<string, number>()
  const references = new Map<string, number>()
  let offset = 0
  const addParagraph = (raw: string, refs: { id: string; at: number }[]) => {
    const base = paragraphs.length === 0 ? 0 : offset + PARAGRAPH_SEPARATOR.length
    let text = ''
    let last = 0
    const clean = raw.replace(/[\r\n]/g, ' ')
    for (const m of clean.matchAll(MARKER)) {
      text += clean.slice(last, m.index)
      last = m.index + m[0].length
      if (m[1] !== undefined) starts.set(m[1], base + text.length)
      else ends.set(m[2], base + text.length)
    }
    text += clean.slice(last)
    for (const ref of refs) references.set(ref.id, base + Math.min(ref.at, text.length))
    if (text.trim() === '') return
    paragraphs.push(text)
    offset = base + text.length
  }
  const paragraphText = (node: DocxNode, refs: { id: string; at: number }[]): string => {
    let out = ''
    const visit = (n: DocxNode) => {
      if (n.type === 'text') out += n.value ?? ''
      else if (n.type === 'tab') out += '\t'
      else if (n.type === 'break') out += ' '
      else if (n.type === 'commentReference' && n.commentId !== undefined) refs.push({ id: n.commentId, at: out.replace(MARKER, '').length })
      else for (const c of n.children ?? []) visit(c)
    }
    visit(node)
    return out
  }
  const walk = (nodes: DocxNode[]) => {
    for (const node of nodes) {
      if (node.type === 'paragraph') {
        const refs: { id: string; at: number }[] = []
        addParagraph(paragraphText(node, refs), refs)
      } else {
        walk(node.children ?? [])
      }
    }
  }
  walk(children)
  const projection = paragraphs.join(PARAGRAPH_SEPARATOR)

  const annotations: Annotation[] = []
  for (const comment of comments) {
    const text = comment.body.map((p) => paragraphText(p, []).replace(MARKER, '')).filter((t) => t.trim()).join('\n')
    let end = ends.get(comment.commentId) ?? references.get(comment.commentId)
    let start = starts.get(comment.commentId)
    if (end === undefined) continue
    end = Math.min(end, projection.length)
    if (start === undefined) start = wordBefore(projection, end)
    if (start > end) start = end
    const id = `docx-comment-${comment.commentId}`
    const author = comment.authorName?.trim() || 'Word'
    const created = dates.get(comment.commentId) ?? now
    annotations.push({
      id,
      type: 'note',
      author,
      created,
      updated: created,
      status: 'open',
      comments: text ? [{ id: `${id}.c1`, author, created, text }] : [],
      links: [],
      anchor: createAnchor(projection, start, end),
    })
  }
  return { ok: true, edition: { ...plainEdition(paragraphs), annotations } }
}

/** Start of the word that ends at `end` (white space delimits words here). */
function wordBefore(projection: string, end: number): number {
  let start = end
  while (start > 0 && !/\s/.test(projection[start - 1])) start--
  return start
}

/**
 * The .docx with every comment range boundary of word/document.xml replaced by a
 * run with a marker character; a boundary between paragraphs moves into the
 * paragraph next to it (the next for a start, the previous for an end). Also the
 * comments' dates by id, from word/comments.xml (valid ISO 8601 dates only).
 * Throws when the bytes are not a zip with word/document.xml.
 */
async function markCommentRanges(bytes: Uint8Array): Promise<{ patched: Buffer; dates: Map<string, string> }> {
  const zip = await JSZip.loadAsync(bytes)
  const part = zip.file('word/document.xml')
  if (!part) throw new Error('no word/document.xml')
  const dates = new Map<string, string>()
  const commentsPart = zip.file('word/comments.xml')
  if (commentsPart) {
    const comments = new DOMParser().parseFromString(await commentsPart.async('string'), 'text/xml')
    for (const comment of Array.from(comments.getElementsByTagNameNS(WORD_NS, 'comment'))) {
      const id = comment.getAttributeNS(WORD_NS, 'id')
      const date = comment.getAttributeNS(WORD_NS, 'date')
      if (id && date && !Number.isNaN(Date.parse(date))) dates.set(id, new Date(date).toISOString())
    }
  }
  const document = new DOMParser().parseFromString(await part.async('string'), 'text/xml')
  const boundaries = [
    ...Array.from(document.getElementsByTagNameNS(WORD_NS, 'commentRangeStart')),
    ...Array.from(document.getElementsByTagNameNS(WORD_NS, 'commentRangeEnd')),
  ]
  if (boundaries.length === 0) return { patched: Buffer.from(bytes), dates }
  for (const boundary of boundaries) {
    const isStart = boundary.localName === 'commentRangeStart'
    const id = boundary.getAttributeNS(WORD_NS, 'id') ?? boundary.getAttribute('w:id') ?? ''
    if (!/^\d+$/.test(id)) continue
    const run = document.createElementNS(WORD_NS, 'w:r')
    const text = document.createElementNS(WORD_NS, 'w:t')
    text.setAttribute('xml:space', 'preserve')
    text.appendChild(document.createTextNode(`${isStart ? START : END}${id}${CLOSE}`))
    run.appendChild(text)
    const parent = boundary.parentNode
    if (parent && parent.localName === 'body') {
      // Between paragraphs: into the paragraph the range begins or ends in.
      const sibling = isStart ? boundary.nextSibling : boundary.previousSibling
      let target = sibling
      while (target && target.localName !== 'p') target = isStart ? target.nextSibling : target.previousSibling
      if (target) {
        if (isStart) target.insertBefore(run, target.firstChild)
        else target.appendChild(run)
      }
      parent.removeChild(boundary)
    } else if (parent) {
      parent.replaceChild(run, boundary)
    }
  }
  zip.file('word/document.xml', new XMLSerializer().serializeToString(document))
  return { patched: await zip.generateAsync({ type: 'nodebuffer' }), dates }
}
