import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import * as OpenCC from 'opencc-js'
import { afterEach, describe, expect, it } from 'vitest'
import { paragraphsFromPlainText, projectParagraphs } from '../../../core/text'
import type { UploadPreview } from '../../../core/api'
import { startTestWorkspace, type TestWorkspace } from '../../integration/testWorkspace'

const SAMPLE = readFileSync('documents/china-central-asia-summit-2025-06-17.txt', 'utf8')
const FIXTURES = 'tests/fixtures/import'
const projectionOf = (text: string) => projectParagraphs(paragraphsFromPlainText(text))

interface Summary {
  id: string
  title: string
  sourceEncoding: string | null
  sourceFormat: string | null
}
interface ErrorBody {
  error: { id: string; message: string; offset?: number }
}

async function upload(base: string, bytes: Buffer, query: string) {
  const response = await fetch(`${base}/api/documents?${query}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) })
  return { status: response.status, body: (await response.json()) as Summary & ErrorBody }
}

async function preview(base: string, bytes: Buffer, query: string) {
  const response = await fetch(`${base}/api/documents/preview?${query}`, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes) })
  expect(response.status).toBe(200)
  return (await response.json()) as UploadPreview
}

const textOf = async (base: string, id: string) => (await fetch(`${base}/api/documents/${id}/text`)).text()
const bom = (...bytes: number[]) => Buffer.from(bytes)

describe('document import through the API', () => {
  let ws: TestWorkspace | null = null
  afterEach(async () => {
    await ws?.dispose()
    ws = null
  })

  const traditional = OpenCC.Converter({ from: 'cn', to: 'tw' })(SAMPLE)
  const encodings: [string, Buffer, string, string][] = [
    ['GB18030', iconv.encode(SAMPLE, 'gb18030'), 'GB18030', SAMPLE],
    ['Big5 (traditional form)', iconv.encode(traditional, 'big5'), 'Big5', traditional],
    ['UTF-16LE with BOM', Buffer.concat([bom(0xff, 0xfe), iconv.encode(SAMPLE, 'utf16le')]), 'UTF-16LE', SAMPLE],
    ['UTF-16BE with BOM', Buffer.concat([bom(0xfe, 0xff), iconv.encode(SAMPLE, 'utf16be')]), 'UTF-16BE', SAMPLE],
    ['UTF-8 with BOM', Buffer.concat([bom(0xef, 0xbb, 0xbf), Buffer.from(SAMPLE, 'utf8')]), 'UTF-8', SAMPLE],
  ]
  for (const [label, bytes, encoding, original] of encodings) {
    it(`imports the sample in ${label} to the text of the UTF-8 original, and records ${encoding}`, async () => {
      ws = await startTestWorkspace()
      const base = ws.workspace.url
      const seen = await preview(base, bytes, 'fileName=sample.txt')
      expect([seen.format, seen.encoding, seen.confidence, seen.problem]).toEqual(['txt', encoding, 1, null])
      expect(seen.preview).toBe(projectionOf(original).slice(0, seen.preview!.length))
      const created = await upload(base, bytes, 'fileName=sample.txt')
      expect(created.status).toBe(201)
      expect([created.body.sourceEncoding, created.body.sourceFormat]).toEqual([encoding, 'txt'])
      expect(await textOf(base, created.body.id)).toBe(projectionOf(original))
      const summary = (await (await fetch(`${base}/api/documents/${created.body.id}`)).json()) as Summary
      expect(summary.sourceEncoding).toBe(encoding)
    })
  }

  it('reads a Latin-1 French and German text as ISO-8859-1, not GBK', async () => {
    ws = await startTestWorkspace()
    const bytes = readFileSync(`${FIXTURES}/latin1-prose.txt`)
    const seen = await preview(ws.workspace.url, bytes, 'fileName=prose.txt')
    expect(seen.encoding).toBe('ISO-8859-1')
    expect(seen.confidence).toBeGreaterThanOrEqual(0.5)
    expect(seen.alternatives.map((a) => a.encoding)).not.toContain('GB18030')
    const created = await upload(ws.workspace.url, bytes, 'fileName=prose.txt')
    expect(created.status).toBe(201)
    expect(await textOf(ws.workspace.url, created.body.id)).toBe(projectionOf(iconv.decode(bytes, 'latin1')))
    expect(await textOf(ws.workspace.url, created.body.id)).toContain('Über den Dächern der Stadt')
  })

  it('refuses binary and mixed-encoding files with the byte offset, and stores nothing', async () => {
    ws = await startTestWorkspace()
    const base = ws.workspace.url
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52])
    const utf8Part = Buffer.from(SAMPLE.slice(0, 600), 'utf8')
    const gbkPart = iconv.encode('这一段是用GBK编码的。\n', 'gbk')
    const mixed = Buffer.concat([utf8Part, gbkPart, Buffer.from('后面又是UTF-8。\n', 'utf8')])
    const binary = await upload(base, png, 'fileName=image.txt')
    expect([binary.status, binary.body.error.id, binary.body.error.offset]).toEqual([400, 'binary-content', 8])
    const refused = await upload(base, mixed, 'fileName=mixed.txt')
    expect([refused.status, refused.body.error.id, refused.body.error.offset]).toEqual([400, 'invalid-encoding', utf8Part.length])
    expect(refused.body.error.message).toContain(`at byte ${utf8Part.length}`)
    const seen = await preview(base, mixed, 'fileName=mixed.txt')
    expect([seen.encoding, seen.problem?.id, seen.problem?.offset, seen.preview]).toEqual(['UTF-8', 'invalid-encoding', utf8Part.length, null])
    // A control character inside otherwise valid text: binary-content at its byte.
    const escape = Buffer.concat([Buffer.from('第一段\n', 'utf8'), Buffer.from([0x1b]), Buffer.from('[0m\n')])
    const control = await upload(base, escape, 'fileName=log.txt')
    expect([control.body.error.id, control.body.error.offset]).toEqual(['binary-content', Buffer.byteLength('第一段\n')])
    expect(await (await fetch(`${base}/api/documents`)).json()).toEqual([])
  })

  it('asks when the encoding is uncertain, and takes the encoding the user chooses', async () => {
    ws = await startTestWorkspace()
    const base = ws.workspace.url
    const polish = 'Zażółć gęślą jaźń. Łódź jest dużym miastem w Polsce, a Kraków leży na południu.\n'
    const bytes = iconv.encode(polish, 'iso-8859-2')
    const seen = await preview(base, bytes, 'fileName=pl.txt')
    expect([seen.encoding, seen.problem?.id]).toEqual([null, 'encoding-uncertain'])
    expect(seen.confidence).toBeLessThan(0.5)
    // The best guess is right here, but at 30% it is offered, not taken.
    expect(seen.detected?.encoding).toBe('ISO-8859-2')
    expect(seen.alternatives.map((a) => a.encoding)).toContain('ISO-8859-1')
    const asked = await upload(base, bytes, 'fileName=pl.txt')
    expect([asked.status, asked.body.error.id]).toEqual([422, 'encoding-uncertain'])
    const chosen = await preview(base, bytes, 'fileName=pl.txt&encoding=ISO-8859-2')
    expect([chosen.encoding, chosen.problem, chosen.preview]).toEqual(['ISO-8859-2', null, polish.trim()])
    const created = await upload(base, bytes, 'fileName=pl.txt&encoding=ISO-8859-2')
    expect([created.status, created.body.sourceEncoding]).toEqual([201, 'ISO-8859-2'])
    expect(await textOf(base, created.body.id)).toBe(polish.trim())
    const unknown = await upload(base, bytes, 'fileName=pl.txt&encoding=klingon')
    expect([unknown.status, unknown.body.error.id]).toEqual([400, 'unknown-encoding'])
    // The user's choice is checked too: the sample's GB18030 bytes are not UTF-8 from
    // its first Chinese character on (after the ASCII line breaks it starts with).
    const wrong = await upload(base, iconv.encode(SAMPLE, 'gb18030'), 'fileName=s.txt&encoding=UTF-8')
    expect([wrong.body.error.id, wrong.body.error.offset]).toEqual(['invalid-encoding', SAMPLE.search(/[^\t\n\r -~]/)])
  })

  it('extracts the main text of a web page made by pandoc: paragraphs kept, script and navigation dropped', async () => {
    ws = await startTestWorkspace()
    const created = await upload(ws.workspace.url, readFileSync(`${FIXTURES}/article.html`), 'fileName=article.html')
    expect([created.status, created.body.title, created.body.sourceFormat, created.body.sourceEncoding]).toEqual([201, 'Summit notes', 'html', 'UTF-8'])
    expect(await textOf(ws.workspace.url, created.body.id)).toBe(
      [
        'Summit notes',
        'The leaders met in Astana on 17 June 2025 and signed a treaty of permanent good-neighbourliness between the six countries.',
        '两年前，我们相聚中国西安，共同擘画了中国中亚合作的“西安愿景”。',
        'First point of the list',
        'Second point, with bold words',
        'A quoted paragraph.',
        'A closing paragraph.',
      ].join('\n\n'),
    )
  })

  it('reads a web page in the encoding its <meta charset> declares rather than the statistical guess', async () => {
    ws = await startTestWorkspace()
    const page = '<html><head><meta charset="gbk"><title>短网页</title></head><body><p>这是一个很短的中文网页。</p></body></html>'
    const bytes = iconv.encode(page, 'gbk')
    // As plain text the same bytes get the detector's name for the family, GB18030.
    const statistics = await preview(ws.workspace.url, bytes, 'fileName=page.txt')
    expect([statistics.encoding, statistics.detected?.encoding]).toEqual(['GB18030', 'GB18030'])
    const declared = await preview(ws.workspace.url, bytes, 'fileName=page.html')
    expect([declared.encoding, declared.preview]).toEqual(['GBK', '这是一个很短的中文网页。'])
    const created = await upload(ws.workspace.url, bytes, 'fileName=page.html')
    expect([created.status, created.body.title, created.body.sourceEncoding]).toEqual([201, '短网页', 'GBK'])
    expect(await textOf(ws.workspace.url, created.body.id)).toBe('这是一个很短的中文网页。')
  })

  it('turns a .docx with two Word comments into a document with two annotations on the commented words, by their authors', async () => {
    ws = await startTestWorkspace()
    const base = ws.workspace.url
    const bytes = readFileSync(`${FIXTURES}/comments.docx`)
    const seen = await preview(base, bytes, 'fileName=comments.docx')
    expect([seen.format, seen.encoding, seen.annotations, seen.problem]).toEqual(['docx', null, 2, null])
    const created = await upload(base, bytes, 'fileName=comments.docx')
    expect([created.status, created.body.sourceFormat, created.body.sourceEncoding]).toEqual([201, 'docx', null])
    const text = await textOf(base, created.body.id)
    expect(text.split('\n\n')).toEqual([
      'Summit notes',
      'The leaders met in Astana on 17 June 2025 and signed a treaty of permanent good-neighbourliness between the six countries.',
      '两年前，我们相聚中国西安，共同擘画了中国中亚合作的“西安愿景”。',
      'A closing paragraph without comments.',
    ])
    const exported = (await (await fetch(`${base}/api/documents/${created.body.id}/export?format=w3c`)).json()) as {
      first: { items: { creator: { name: string }; created: string; body: { purpose: string; value: string }[]; target: { selector: { type: string; exact?: string; start?: number; end?: number }[] } }[] }
    }
    const annotations = exported.first.items.map((item) => {
      const quote = item.target.selector.find((s) => s.type === 'TextQuoteSelector')!
      const position = item.target.selector.find((s) => s.type === 'TextPositionSelector')!
      return {
        author: item.creator.name,
        created: item.created,
        quote: quote.exact,
        atPosition: text.slice(position.start, position.end),
        comment: item.body.find((b) => b.purpose === 'commenting')?.value,
      }
    })
    expect(annotations).toEqual([
      { author: 'Alice Martin', created: '2026-12-01T10:00:00.000Z', quote: 'treaty of permanent good-neighbourliness', atPosition: 'treaty of permanent good-neighbourliness', comment: 'Is this the official name of the treaty?' },
      { author: '王小明', created: '2026-12-02T09:30:00.000Z', quote: '西安愿景', atPosition: '西安愿景', comment: '引号内的名称需核对原文。' },
    ])
  })

  it('refuses a broken .docx and a TEI file that is not well-formed with invalid-document, storing nothing', async () => {
    ws = await startTestWorkspace()
    const base = ws.workspace.url
    const docx = await upload(base, Buffer.from('PK\u0003\u0004 not really a zip'), 'fileName=broken.docx')
    expect([docx.status, docx.body.error.id]).toEqual([400, 'invalid-document'])
    const tei = await upload(base, Buffer.from('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>open'), 'fileName=broken.xml')
    expect([tei.status, tei.body.error.id]).toEqual([400, 'invalid-document'])
    const foreign = await upload(base, Buffer.from('<?xml version="1.0"?><TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><div><head>Ode</head><lg><l>First  line,</l>\n<l>second <note>a note</note>line.</l></lg><p>A <choice><sic>teh</sic><corr>the</corr></choice> end.</p></div></body></text></TEI>'), 'fileName=ode.xml')
    expect([foreign.status, foreign.body.sourceFormat]).toEqual([201, 'tei'])
    expect(await textOf(base, foreign.body.id)).toBe('Ode\n\nFirst line,\n\nsecond line.\n\nA the end.')
  })

  it('loads every import format from the documents directory on start, skipping what the import refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'variorum-import-docs-'))
    try {
      copyFileSync(`${FIXTURES}/comments.docx`, join(dir, 'comments.docx'))
      copyFileSync(`${FIXTURES}/article.html`, join(dir, 'article.html'))
      writeFileSync(join(dir, 'summit-gb.txt'), iconv.encode(SAMPLE, 'gb18030'))
      writeFileSync(join(dir, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00]))
      writeFileSync(join(dir, 'notes.json'), '{}')
      const lines: string[] = []
      ws = await startTestWorkspace({ documentsDir: dir, log: (line) => lines.push(line) })
      const listed = (await (await fetch(`${ws.workspace.url}/api/documents`)).json()) as Summary[]
      expect(listed.map((d) => [d.id, d.sourceFormat, d.sourceEncoding])).toEqual([
        ['article', 'html', 'UTF-8'],
        ['comments', 'docx', null],
        ['summit-gb', 'txt', 'GB18030'],
      ])
      expect(lines).toContain('skipped image.txt: a NUL byte (is it a binary file?) at byte 4')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
