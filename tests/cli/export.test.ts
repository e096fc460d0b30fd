import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { run, runBin, samplePath, scratchFiles } from './cliHarness'
import { jingTexts } from '../validators/jing'
import { ANNOTATION_MUSTS, failedAssertions } from '../validators/webAnnotationSchemas'

const { dir, write } = scratchFiles('export')

// A small raw scrape: a typo, an English word in Chinese, a repeated passage.
const RAW = [
  '\ufeff标题',
  '',
  '双方在贸易 and 投资领域合作，办好自已的事情。',
  '',
  '中国同中亚国家共建一带一路走深走实，贸易额增长百分之三十五，产业投资、绿色矿产、科技创新等合作积极推进。',
  '',
  '其他内容在这里。',
  '',
  '中国同中亚国家共建一带一路走深走实，贸易额增长百分之三十五，产业投资、绿色矿产、科技创新等合作积极推进。',
  '',
].join('\r\n')

describe('variorum export', () => {
  it('exports every format from a raw file, running the engines (TEI valid, W3C valid)', async () => {
    const path = write('raw.txt', RAW)
    const outputs: Record<string, string> = {}
    for (const format of ['tei', 'w3c', 'html', 'md', 'txt']) {
      const { code, stdout, stderr } = await run(['export', path, '--format', format, '--title', '标题 & <x>'])
      expect([format, code, stderr]).toEqual([format, 0, ''])
      outputs[format] = stdout
    }
    expect(jingTexts({ raw: outputs.tei }).raw).toEqual([])
    const items = JSON.parse(outputs.w3c).first.items
    const types = items.map((i: { body: Array<{ purpose: string; value: string }> }) => i.body.find((b) => b.purpose === 'tagging')!.value).sort()
    expect(types).toEqual(expect.arrayContaining(['duplicate', 'duplicate', 'intrusion', 'typo']))
    for (const item of items) expect(failedAssertions(item, ANNOTATION_MUSTS)).toEqual([])
    expect(outputs.txt).toContain('自己')
    expect(outputs.txt).not.toContain(' and ')
    expect(outputs.txt.split('中国同中亚国家').length).toBe(2) // the repeat is removed
    expect(outputs.html).toContain('<title>标题 &amp; &lt;x&gt;</title>')
    expect(outputs.md).toMatch(/\[\^1\]: /)
  })

  it('imports annotations onto the file, reporting those it cannot anchor', async () => {
    const path = write('plain.txt', '第一段文字。\n\n第二段文字。\n')
    const annotations = write(
      'anns.jsonld',
      JSON.stringify([
        { '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'urn:x:1', type: 'Annotation', bodyValue: '好', target: { source: 's', selector: { type: 'TextQuoteSelector', exact: '第二段' } } },
        { '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'urn:x:2', type: 'Annotation', target: { source: 's', selector: { type: 'TextQuoteSelector', exact: '不存在的引文' } } },
      ]),
    )
    const { code, stdout, stderr } = await run(['export', path, '--format', 'w3c', '--annotations', annotations])
    expect(code).toBe(0)
    expect(stderr).toBe('variorum export: unanchored urn:x:2: quote not found in the text "不存在的引文"\nvariorum export: 1 anchored, 1 unanchored, 0 invalid\n')
    const items = JSON.parse(stdout).first.items
    expect(items.map((i: { target: { selector: Array<{ exact?: string; start?: number }> } }) => [i.target.selector[0].exact, i.target.selector[1].start])).toEqual([['第二段', 8]])
  })

  it('writes to --out and reports on standard error', async () => {
    const path = write('out.txt', '一段。\n')
    const out = join(dir, 'edition.xml')
    const { code, stdout, stderr } = await run(['export', path, '--format', 'tei', '--out', out])
    expect([code, stdout]).toEqual([0, ''])
    expect(stderr).toMatch(/^variorum export: wrote .*edition\.xml \(tei, 0 annotations\)\n$/)
    expect(readFileSync(out, 'utf8')).toContain('<p xml:id="p1">一段。</p>')
  })

  it('exits 2 on a bad or missing format and 1 on a missing file or bad JSON', async () => {
    const path = write('x.txt', 'x\n')
    expect((await run(['export', path, '--format', 'pdf'])).code).toBe(2)
    expect((await run(['export', path])).code).toBe(2)
    expect((await run(['export', '--format', 'md'])).code).toBe(2)
    const missing = await run(['export', join(dir, 'nope.txt'), '--format', 'md'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/nope\.txt: no such file/)
    const bad = await run(['export', path, '--format', 'md', '--annotations', write('bad.jsonld', '{')])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(/bad\.jsonld: not JSON/)
  })

  it('runs from the real bin on the sample', async () => {
    const { stdout } = await runBin(['export', samplePath, '--format', 'md'])
    expect(stdout.startsWith('# china-central-asia-summit-2025-06-17\n')).toBe(true)
    expect(stdout).toMatch(/\*\*Duplicate\*\*/)
    expect(stdout).toMatch(/\*\*Typo\*\* “自已”/)
  })
})
