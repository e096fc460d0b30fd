import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { root, run, runBin, samplePath, scratchFiles } from './cliHarness'

const { write } = scratchFiles('cli-import')
const sample = readFileSync(samplePath, 'utf8')
const fixture = (name: string) => join(root, 'tests/fixtures/import', name)

describe('CLI commands read every import format and encoding', () => {
  it('gives the same duplicates and checks for the sample in GB18030 and UTF-16LE as for the UTF-8 original', async () => {
    const gb = write('sample-gb.txt', iconv.encode(sample, 'gb18030'))
    const utf16 = write('sample-16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(sample, 'utf16le')]))
    for (const command of ['duplicates', 'check']) {
      const original = await run([command, samplePath, '--json'])
      expect(original.code).toBe(0)
      for (const path of [gb, utf16]) {
        const converted = await run([command, path, '--json'])
        expect([converted.code, converted.stdout, converted.stderr]).toEqual([0, original.stdout, ''])
      }
    }
  })

  it('asks for --encoding when unsure, and reads the file in the encoding named', async () => {
    const polish = 'Zażółć gęślą jaźń. Łódź jest dużym miastem w Polsce, a Kraków leży na południu.\n'
    const path = write('pl.txt', iconv.encode(polish, 'iso-8859-2'))
    const asked = await run(['check', path, '--json'])
    expect([asked.code, asked.stdout]).toEqual([1, ''])
    expect(asked.stderr).toMatch(/the encoding is uncertain: ISO-8859-2 \(\d+%\), .*; name it with --encoding NAME/)
    const named = await run(['compare', path, path, '--json', '--encoding', 'ISO-8859-2'])
    expect(named.code).toBe(0)
    expect(JSON.parse(named.stdout).segments).toEqual([{ op: 'equal', a: [0, polish.length], b: [0, polish.length] }])
  })

  it('refuses binary and mixed files with the byte offset', async () => {
    const binary = await run(['duplicates', write('image.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00])), '--json'])
    expect([binary.code, binary.stdout]).toEqual([1, ''])
    expect(binary.stderr).toContain('image.txt: a NUL byte (is it a binary file?) at byte 8')
    const utf8 = Buffer.from(sample.slice(0, 300), 'utf8')
    const mixed = await run(['check', write('mixed.txt', Buffer.concat([utf8, iconv.encode('这一段是GBK。', 'gbk')])), '--json'])
    expect([mixed.code, mixed.stdout]).toEqual([1, ''])
    expect(mixed.stderr).toContain(`mixed.txt: a byte sequence that is not valid UTF-8 at byte ${utf8.length}`)
  })

  it('reads the paragraphs of a .docx, an .html page and a TEI file, one a line', async () => {
    const paragraphs = [
      'Summit notes',
      'The leaders met in Astana on 17 June 2025 and signed a treaty of permanent good-neighbourliness between the six countries.',
      '两年前，我们相聚中国西安，共同擘画了中国中亚合作的“西安愿景”。',
    ]
    const docx = await run(['compare', fixture('comments.docx'), fixture('article.html'), '--json'])
    expect(docx.code).toBe(0)
    const html = await run(['export', fixture('article.html'), '--format', 'txt'])
    expect(html.code).toBe(0)
    expect(html.stdout.startsWith(paragraphs.join('\n\n'))).toBe(true)
    const tei = write('poem.xml', '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><lg><l>床前明月光，</l><l>疑是地上霜。</l></lg></body></text></TEI>')
    const checked = await run(['duplicates', tei, '--json'])
    expect([checked.code, checked.stdout]).toEqual([0, '{"clusters":[]}\n'])
    // The docx's first three paragraphs are the html's: the alignment starts equal.
    const segments = JSON.parse(docx.stdout).segments as { op: string; a: [number, number] }[]
    expect(segments[0]).toMatchObject({ op: 'equal', a: [0, paragraphs.join('\n').length + 1] })
  })

  it('works through the real bin with --encoding', async () => {
    const path = write('big5.txt', iconv.encode('床前明月光，疑是地上霜。\n舉頭望明月，低頭思故鄉。\n', 'big5'))
    const { stdout } = await runBin(['duplicates', path, '--json', '--encoding', 'Big5'])
    expect(stdout).toBe('{"clusters":[]}\n')
  })

  it('exports a .docx with its Word comments as the annotations, instead of the engines\' findings', async () => {
    const { code, stdout } = await run(['export', fixture('comments.docx'), '--format', 'w3c'])
    expect(code).toBe(0)
    const items = JSON.parse(stdout).first.items as { creator: { name: string }; target: { selector: { type: string; exact?: string }[] } }[]
    expect(items.map((item) => [item.creator.name, item.target.selector.find((s) => s.type === 'TextQuoteSelector')?.exact])).toEqual([
      ['Alice Martin', 'treaty of permanent good-neighbourliness'],
      ['王小明', '西安愿景'],
    ])
  })

  it('collates witnesses given in different encodings as if both were UTF-8', async () => {
    const a = write('a.txt', '床前明月光，疑是地上霜。\n')
    const bText = '床前看月光，疑是地上霜。\n'
    const bUtf8 = write('b.txt', bText)
    const bBig5 = write('b-big5.txt', iconv.encode(bText, 'big5'))
    const reference = await run(['collate', '--w', `A=${a}`, '--w', `B=${bUtf8}`])
    expect(reference.code).toBe(0)
    const converted = await run(['collate', '--w', `A=${a}`, '--w', `B=${bBig5}`, '--encoding', 'Big5'])
    expect(converted.code).toBe(1)
    // --encoding applies to every file: the UTF-8 witness is not Big5.
    expect(converted.stderr).toContain('a.txt: a byte sequence that is not valid Big5 at byte')
    const detected = await run(['collate', '--w', `A=${a}`, '--w', `B=${bBig5}`])
    expect(detected.stdout).toBe(reference.stdout)
  })
})
