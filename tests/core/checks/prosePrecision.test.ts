import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runChecks } from '../../../core/checks'
import { isDateLine } from '../../../core/checks/dateLine'
import { findLayoutBreaks } from '../../../core/checks/layoutBreak'
import { paragraphShape } from '../../../core/checks/paragraphShape'
import { splitParagraphs } from '../../../core/checks'
import { doc } from './helpers'

const proseDir = new URL('../../fixtures/prose/', import.meta.url)
const proseFiles = readdirSync(proseDir).filter((name) => name.endsWith('.txt')).sort()

/** Written in their own line layout: a fortune file (entries between "%" lines, verse), a manual page and poems. */
const alreadyWrapped = new Set(['en-literary-sayings.txt', 'en-technical-manual-page.txt', 'en-literary-poem.txt', 'zh-literary-poem.txt'])

function expectNoLayoutFindings(text: string): void {
  const findings = runChecks(text, { rules: ['layout-break', 'fragment', 'script-intrusion'] })
  expect(findings.map((finding) => [finding.rule, text.slice(finding.start, finding.end)])).toEqual([])
}

/**
 * Breaks `line` into lines of at most `width` columns (a CJK character is two), at spaces
 * in Latin text and anywhere in CJK but before a closing mark (no line starts with "，" or "】").
 */
function wrapLine(line: string, width: number): string {
  const lines: string[] = []
  let current = ''
  let columns = 0
  for (const token of line.match(/\p{Script=Han}[，。、；：！？）】》”’」』]*|[^\s\p{Script=Han}]+|\s+/gu) ?? []) {
    const tokenColumns = /\p{Script=Han}|[\u3000-\u303f\uff00-\uffef]/u.test(token) ? 2 * Array.from(token).length : token.length
    if (columns + tokenColumns > width && current.trim() !== '') {
      lines.push(current.trimEnd())
      current = ''
      columns = 0
      if (/^\s+$/.test(token)) continue
    }
    current += token
    columns += tokenColumns
  }
  lines.push(current.trimEnd())
  return lines.join('\n')
}

// #18 point 6: ordinary prose of several genres, written for the purpose (tests/fixtures/prose/README.md).
describe('checks on ordinary prose', () => {
  it('has texts of every genre in both languages', () => {
    for (const lang of ['en', 'zh']) for (const genre of ['legal', 'technical', 'news', 'literary']) {
      expect(proseFiles.some((name) => name.startsWith(`${lang}-${genre}-`))).toBe(true)
    }
  })

  it.each(proseFiles)('finds no layout break, fragment or intrusion in %s', (name) => {
    expectNoLayoutFindings(readFileSync(new URL(name, proseDir), 'utf8'))
  })

  // Licences, manuals and mail are hard-wrapped: the same texts wrapped as they would be, with blank lines between paragraphs.
  it.each(proseFiles.filter((name) => !alreadyWrapped.has(name)))('finds none in %s hard-wrapped at 72 columns', (name) => {
    const text = readFileSync(new URL(name, proseDir), 'utf8')
    expectNoLayoutFindings(text.split('\n').map((line) => wrapLine(line, 72)).join('\n\n'))
  })

  it('finds none in lines wrapped to a width without blank lines between paragraphs', () => {
    const text = readFileSync(new URL('en-news-council-report.txt', proseDir), 'utf8')
    expectNoLayoutFindings(text.split('\n').filter((line) => line !== '').map((line) => wrapLine(line, 64)).join('\n'))
  })
})

/** Asserts the kind of each line, all at once. */
function expectKinds(kinds: Record<string, string>): void {
  expect(Object.fromEntries(Object.keys(kinds).map((line) => [line, paragraphShape(line).kind]))).toEqual(kinds)
}

describe('what ordinary prose looks like to the layout rules', () => {
  const breaks = (...paragraphs: string[]) =>
    findLayoutBreaks(splitParagraphs(doc(...paragraphs))).map(({ paragraph, continued }) => ({ paragraph, continued }))

  it('reads an item ending on a conjunction before the next item as an enumeration, not a break', () => {
    expect(breaks('(a) commits a material breach; or', '(b) ceases to carry on business.')).toEqual([])
    expect(breaks('- server_url: the address of the server, and', '- batch_size: records in one request.')).toEqual([])
    expect(breaks('（一）乙方擅自转租的；或者', '（二）乙方拖欠租金的。')).toEqual([])
    expect(breaks('2. 双击安装包；以及', '3. 运行脚本。')).toEqual([])
    // Not before a list item, or after a comma in Chinese: still a cut.
    expect(breaks('The parties agree that the fees are due; and', 'Payment is late.')).toEqual([{ paragraph: 0, continued: true }])
    expect(breaks('会谈中，双方深入交换了意见，并', '1. 加强合作')).toEqual([{ paragraph: 0, continued: false }])
  })

  it('reads a less indented, still indented line after an indented block as structure, not a continuation', () => {
    expect(breaks('              print what would be done, and do nothing', '       --help display this help and exit')).toEqual([])
    expect(breaks('    keep N compressed copies, or all of them if N is 0', '  The next section')).toEqual([])
    // A column's first line carries no indentation: a cut paragraph and its unindented continuation.
    expect(breaks('\u3000\u3000两年来，双方互设文化中心、开设高校分校等取得', '进展，往来频繁。')).toEqual([{ paragraph: 0, continued: true }])
  })

  it('takes a paragraph opening with a lower-case technical name for a start, not a fragment', () => {
    const fragments = (text: string) => runChecks(text, { rules: ['fragment'] }).map((f) => text.slice(f.start, f.end))
    expect(fragments('Processors differ.\n\nx86 processors run the older instruction set, and most laptops use them.')).toEqual([])
    expect(fragments('Packages are small.\n\nnode.js modules are loaded once, then cached for the rest of the run.')).toEqual([])
    expect(fragments('The vote was close.\n\nbudget for the coming year, which the council must approve by March.')).toEqual(['budget for the'])
  })

  it('leaves Latin values joined by a short CJK link in Chinese text alone, not the English word between Chinese words', () => {
    const intrusions = (text: string) => runChecks(text, { rules: ['script-intrusion'] }).map((f) => text.slice(f.start, f.end))
    expect(intrusions('将调试开关设为 on 或 off，默认为 off。')).toEqual([])
    expect(intrusions('维护主权安全 and 领土完整。')).toEqual(['and'])
  })

  it('reads short CJK lines of nearly equal length as verse and separator lines as separators, not breaks or fragments', () => {
    expect(breaks('我曾在这里等你，', '看一列又一列的火车开走，', '站台上的灯亮了又灭。')).toEqual([])
    // Two short lines of very different length, and a long cut line, are not verse.
    expect(breaks('我曾经爱过你，', '爱情，也许在我的心灵里还没有完全消亡，但愿它不会再打扰你。')).toEqual([{ paragraph: 0, continued: true }])
    expect(breaks('The committee met on Tuesday to discuss the', 'budget for next year.')).toEqual([{ paragraph: 0, continued: true }])
    const text = 'A saying that ends here.\n%\nlower-case entries are entries.\n%\nAnother one.'
    expect(runChecks(text, { rules: ['layout-break', 'fragment'] })).toEqual([])
    expectKinds({ '%': 'separator', '* * *': 'separator', '----': 'separator' })
  })

  it('reads lettered, roman and numbered clauses, table terms and options as list items', () => {
    expectKinds({
      '(b) becomes insolvent; or': 'list-item',
      '(iv) any other matter': 'list-item',
      '4.2 Late payments carry interest': 'list-item',
      '2.4 million people voted in the election, the most since': 'prose',
      '0      if OK,': 'list-item',
      '-k, --keep=N': 'list-item',
      '--help display this help and exit': 'list-item',
      '[1] Lee K, Okafor N. Delta synchronisation over unreliable links. Netw Syst J 2023;41:112-130': 'list-item',
      '▶支持断点续传': 'list-item',
    })
  })

  it('reads title and date lines as datelines', () => {
    for (const line of ['Tuesday, 9 April 2024', 'Dated 14 March 2024', "Minutes of the Tenants' Committee, 12 June 2024", 'Published 2 February 2025', '2024-04-09', 'March 2024']) {
      expect([line, paragraphShape(line).kind]).toEqual([line, 'dateline'])
    }
    for (const line of ['2024年5月6日，星期一', '会议纪要（2024年5月6日）', '版本 3.2　　2025年2月2日']) {
      expect([line, isDateLine(line, true)]).toEqual([line, true])
    }
    expect(isDateLine('The meeting was held on 12 June 2024', false)).toBe(false)
    expect(isDateLine('会议于2024年5月6日', true)).toBe(false)
    expect(isDateLine('两年来，双方于2024年5月', true)).toBe(false)
    expect(breaks('The meeting was held on 12 June 2024', 'and ended late.')).toEqual([{ paragraph: 0, continued: true }])
  })

  it('lets form lines end on a placeholder and letters on a salutation', () => {
    for (const line of ['If you disagree, please contact us before ____________', 'Name: {{signatory_name}}', 'Replace the token, then set ${API_TOKEN}', 'Reply by email to <EMAIL ADDRESS>', 'Dear [Tenant Name],', 'Yours sincerely,']) {
      expect([line, paragraphShape(line).endsSentence]).toEqual([line, true])
    }
    expect(paragraphShape('We are writing to let you know that the rent,').endsSentence).toBe(false)
    // Field lines of minutes and forms end where their value ends.
    for (const line of ['Present: A. Jones (chair), B. Smith, C. Wu', 'Location: Community Hall, Room 3', 'Best,']) {
      expect([line, paragraphShape(line).endsSentence]).toEqual([line, true])
    }
    expect(paragraphShape('He told the committee that the treasurer: the budget for the').endsSentence).toBe(false)
    // A word ending on 的 (标的, 目的) does not leave a heading open.
    expect(paragraphShape('第五条　合同标的').endsOpen).toBe(false)
    // The last paragraph without its stop is no cut; one ending open still is.
    expect(breaks('The meeting closed.', 'The budget was approved, with two abstentions')).toEqual([])
    expect(breaks('The meeting closed.', 'The budget was approved, with the')).toEqual([{ paragraph: 1, continued: false }])
  })

  it('reads Title Case headings with commas and Chinese headline couplets as headings', () => {
    expectKinds({
      'Heating, Repairs and Communal Areas': 'heading',
      '坚持稳中求进，推动高质量发展': 'heading',
      'Heating, repairs and the communal areas': 'prose',
      '两年来，双方互设文化中心、开设高校分校等取得': 'prose',
      '今年以来，我国经济运行': 'prose',
    })
  })
})
