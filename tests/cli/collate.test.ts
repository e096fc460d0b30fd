import { readFileSync } from 'node:fs'
import { DOMParser, type Element as XmlElement } from '@xmldom/xmldom'
import { describe, expect, it } from 'vitest'
import type { CollatexTable } from '../../core/export'
import { main } from '../../server/cli/main'
import { jingTexts } from '../validators/jing'
import { run, runBin, samplePath, scratchFiles } from './cliHarness'

const { write } = scratchFiles('collate')
const sample = readFileSync(samplePath, 'utf8')

/** [start, end] of each line of the sample opening with `opening`, in file offsets. */
function linesStarting(opening: string): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (let at = sample.indexOf(opening); at >= 0; at = sample.indexOf(opening, at + 1)) {
    if (at > 0 && sample[at - 1] !== '\n') continue
    const end = sample.indexOf('\n', at)
    out.push([at, end < 0 ? sample.length : end])
  }
  return out
}

/** Parses the one JSON object printed, checks its keys and that each witness's tokens and ranges rebuild it. */
function parseTable(stdout: string, texts: Record<string, string>, offsets: Record<string, number> = {}): CollatexTable {
  expect(stdout.trim().split('\n')).toHaveLength(1)
  const parsed = JSON.parse(stdout) as CollatexTable
  expect(Object.keys(parsed)).toEqual(['witnesses', 'table', 'ranges', 'moves'])
  expect(parsed.witnesses).toEqual(Object.keys(texts))
  parsed.witnesses.forEach((siglum, w) => {
    const byTokens = parsed.table.map((row) => row[w].map((token) => token.t).join('')).join('')
    expect(byTokens, `${siglum} rebuilt from its tokens`).toBe(texts[siglum])
    let at = offsets[siglum] ?? 0
    for (const [r, row] of parsed.ranges.entries()) {
      const range = row[w]
      expect(range === null, `${siglum} row ${r}: range absent exactly where the cell is empty`).toBe(parsed.table[r][w].length === 0)
      if (range) {
        expect(range[0]).toBe(at)
        at = range[1]
      }
    }
    expect(at).toBe((offsets[siglum] ?? 0) + texts[siglum].length)
  })
  return parsed
}

const cellText = (table: CollatexTable, row: number, w: number) => table.table[row][w].map((t) => t.t).join('')

describe('variorum collate', () => {
  const fives = linesStarting('五要维护公正合理')
  const witnessArgs = ['A', 'B', 'C'].flatMap((siglum, i) => ['--w', `${siglum}=${samplePath}:${fives[i][0]}:${fives[i][1]}`])
  const texts = { A: sample.slice(...fives[0]), B: sample.slice(...fives[1]), C: sample.slice(...fives[2]) }

  it('collates three ranges of one file into CollateX’s alignment table, offsets into the file', async () => {
    expect(fives).toHaveLength(3)
    const { code, stdout, stderr } = await run(['collate', ...witnessArgs])
    expect([code, stderr]).toEqual([0, ''])
    const table = parseTable(stdout, texts, { A: fives[0][0], B: fives[1][0], C: fives[2][0] })
    const dropped = table.table.findIndex((row) => row[0].map((t) => t.t).join('').includes('中方支持中亚国家在国际事务中发挥更大作用'))
    expect(cellText(table, dropped, 2)).toBe(cellText(table, dropped, 0))
    expect(cellText(table, dropped, 1)).toBe('我们要携手捍卫国际公平正义，')
    expect(table.table[dropped][1].map((t) => t.t).slice(0, 3)).toEqual(['我', '们', '要'])
    expect(table.moves).toEqual([])
  })

  it('reads CollateX JSON input from a file and from standard input, and reports transpositions by siglum', async () => {
    const input = {
      witnesses: [
        { id: 'W1', content: 'The bridge opened in May. Crowds gathered on both banks of the river. Fireworks ended the day.' },
        { id: 'W2', tokens: [{ t: 'Crowds ' }, { t: 'gathered ' }, { t: 'on both banks of the river. ' }, { t: 'The bridge opened in May. Fireworks ended the day.' }] },
      ],
    }
    const contents = { W1: input.witnesses[0].content!, W2: input.witnesses[1].tokens!.map((t) => t.t).join('') }
    const fromFile = await run(['collate', '--collatex', write('in.json', JSON.stringify(input))])
    expect(fromFile.code).toBe(0)
    const table = parseTable(fromFile.stdout, contents)
    expect(table.moves).toHaveLength(1)
    expect(table.moves[0].places.map((p) => [p.witness, contents[p.witness as 'W1' | 'W2'].slice(...p.range).trim()])).toEqual([
      ['W1', 'The bridge opened in May.'], ['W2', 'The bridge opened in May.'],
    ])
    let stdout = ''
    const code = await main(['collate', '--collatex', '-'], {
      stdout: (text) => void (stdout += text), stderr: () => undefined, readStdin: async () => new TextEncoder().encode(JSON.stringify(input)),
    })
    expect([code, stdout]).toEqual([0, fromFile.stdout])
  })

  it('prints a TEI edition with the apparatus, valid against tei_all', async () => {
    const { code, stdout } = await run(['collate', ...witnessArgs, '--format', 'tei', '--describe', 'A=page 1', '--describe', 'C=speech closing', '--title', 'Point five'])
    expect(code).toBe(0)
    expect(jingTexts({ collation: stdout }).collation).toEqual([])
    const doc = new DOMParser().parseFromString(stdout, 'text/xml')
    const witnesses = Array.from(doc.getElementsByTagName('witness')) as unknown as XmlElement[]
    expect(witnesses.map((w) => [w.getAttribute('xml:id'), w.textContent])).toEqual([
      ['A', 'page 1'], ['B', `${samplePath} ${fives[1][0]}:${fives[1][1]}`], ['C', 'speech closing'],
    ])
    const rdgs = Array.from(doc.getElementsByTagName('rdg')) as unknown as XmlElement[]
    expect(rdgs.map((r) => [r.getAttribute('wit'), r.textContent])).toContainEqual(['#B', '我们要携手捍卫国际公平正义，'])
    expect(doc.getElementsByTagName('title')[0].textContent).toBe('Point five')
  })

  it('proposes the sets of versions inside a file, with the --w options that collate each', async () => {
    const { code, stdout } = await run(['collate', '--propose', samplePath])
    expect(code).toBe(0)
    const { proposals } = JSON.parse(stdout) as { proposals: Array<{ reason: string; witnesses: Array<{ start: number; end: number }>; args: string[] }> }
    const five = proposals.find((p) => p.witnesses.length === 3)!
    expect(five.witnesses.map((w) => sample.slice(w.start, w.end))).toEqual(Object.values(texts).map((t) => expect.stringMatching(new RegExp(`^${t.slice(0, 20)}`))))
    expect(five.args).toEqual(['A', 'B', 'C'].flatMap((siglum, i) => ['--w', `${siglum}=${samplePath}:${five.witnesses[i].start}:${five.witnesses[i].end}`]))
    const collated = await run(['collate', ...five.args])
    expect(collated.code).toBe(0)
  })

  it('shows page 1’s text under 三要 that is the continuation’s 四要 text as one misplaced block (#17)', async () => {
    // the first proposal is page 1's points one to five against the continuation's three to five
    const { proposals } = JSON.parse((await run(['collate', '--propose', samplePath])).stdout) as { proposals: Array<{ witnesses: Array<{ start: number; end: number }>; args: string[] }> }
    const [first] = proposals
    const [a, b] = first.witnesses.map((w) => sample.slice(w.start, w.end))
    expect(a).toMatch(/^一要/)
    expect(b).toMatch(/^三要/)
    const { code, stdout } = await run(['collate', ...first.args])
    expect(code).toBe(0)
    const parsed = parseTable(stdout, { A: a, B: b }, { A: first.witnesses[0].start, B: first.witnesses[1].start })
    expect(parsed.moves).toHaveLength(1)
    const [move] = parsed.moves
    expect(move.misplaced).toBe(true)
    const [placeA, placeB] = move.places
    const inA = sample.slice(...placeA.range)
    const inB = sample.slice(...placeB.range)
    // in A it follows 三要's heading sentence; in B it is the body of 四要 after its opening sentences
    expect(sample.slice(placeA.range[0] - 19, placeA.range[0])).toBe('三要打造和平安宁、休戚与共的安全格局。')
    expect(inA).toMatch(/^中方愿在中亚开发更多文化中心/)
    const fourB = b.indexOf('四要拉紧')
    expect(placeB.range[0] - first.witnesses[1].start).toBeGreaterThan(fourB)
    expect(inB).toMatch(/^愿在中亚开发更多文化中心.*“心联通”格局。\n*$/s)
    // one block each side: a row of its own holding the whole place, the other witness absent
    const rowsOf = (w: number, range: [number, number]) => parsed.ranges.filter((r) => r[w] && r[w]![0] < range[1] && r[w]![1] > range[0])
    expect(rowsOf(0, placeA.range)).toEqual([[placeA.range, null]])
    expect(rowsOf(1, placeB.range)).toEqual([[null, placeB.range]])
    // and the rows between: B's own point-three body and point-four opening, A's lines B lacks
    expect(parsed.table.length).toBeLessThan(18)
  })

  it('gives a passage two non-base witnesses hold at different places a row of its own at each (#17)', async () => {
    const texts = {
      A: 'The river rose in spring and the mill stopped for a week.',
      B: 'The mill stopped for a week when the old dam broke. The river flooded the lower fields.',
      C: 'The river flooded the lower fields. The mill stopped for a week when the old dam broke.',
    }
    const files = Object.entries(texts).map(([siglum, text]) => `${siglum}=${write(`${siglum}.txt`, text)}`)
    const { code, stdout } = await run(['collate', ...files.flatMap((f) => ['--w', f])])
    expect(code).toBe(0)
    const parsed = parseTable(stdout, texts)
    const flooded = parsed.moves.find((m) => m.places.some((p) => texts[p.witness as 'B'].slice(...p.range).includes('flooded')))!
    expect(flooded.places.map((p) => p.witness)).toEqual(['B', 'C'])
    for (const place of flooded.places) {
      const w = parsed.witnesses.indexOf(place.witness)
      // a row of its own holds the place (all but a word or mark at an edge that a base cut left outside) and
      // the other of B and C reads nothing there
      const own = parsed.ranges.filter((r) => r[w] && r[w]![0] >= place.range[0] && r[w]![1] <= place.range[1] && r[w]![1] - r[w]![0] >= 0.8 * (place.range[1] - place.range[0]))
      expect(own, `${place.witness}'s place in one row`).toHaveLength(1)
      expect(own[0][w === 1 ? 2 : 1]).toBeNull()
    }
  })

  it('rejects bad usage with exit 2 and unreadable input with exit 1, each with a message', async () => {
    const a = write('a.txt', '甲乙丙。')
    const cases: Array<[string[], number, RegExp]> = [
      [['collate', '--w', `A=${a}`], 2, /at least two witnesses .* got 1/],
      [['collate', '--w', `A=${a}`, '--w', `A=${a}`], 2, /siglum 'A' is given twice/],
      [['collate', '--w', `A=${a}:3:1`, '--w', `B=${a}`], 2, /start is after end/],
      [['collate', '--w', `A=${a}:0:99`, '--w', `B=${a}`], 2, /end is past the end of .*a\.txt \(4 code units\)/],
      [['collate', '--w', a, '--w', `B=${a}`], 2, /is not SIGLUM=FILE/],
      [['collate', '--w', `A=${a}`, '--w', `B=${a}`, '--format', 'xml'], 2, /--format 'xml' is not json or tei/],
      [['collate', '--w', `A=${a}`, '--w', `B=${a}`, '--describe', 'Z=x'], 2, /--describe Z: no witness has that siglum/],
      [['collate', '--w', `A=${a}`, '--collatex', a], 2, /either as --w or as --collatex/],
      [['collate', 'file.txt'], 2, /unexpected argument 'file.txt'/],
      [['collate', '--propose', a, '--w', `A=${a}`], 2, /--propose takes only FILE/],
      [['collate', '--w', `A=${a}`, '--w', 'B=/no/such/file.txt'], 1, /no such file/],
      [['collate', '--collatex', write('bad.json', '{"witnesses": [')], 1, /bad\.json: not JSON/],
      [['collate', '--collatex', write('one.json', '{"witnesses": [{"id": "A", "content": "x"}]}')], 1, /at least two witnesses, got 1/],
      [['collate', '--collatex', write('noid.json', '{"witnesses": [{"content": "x"}, {"id": "B", "content": "y"}]}')], 1, /witness 1 has no "id" string/],
    ]
    for (const [args, exit, message] of cases) {
      const { code, stdout, stderr } = await run(args)
      expect([code, stdout], args.join(' ')).toEqual([exit, ''])
      expect(stderr, args.join(' ')).toMatch(message)
    }
  })

  it('works through the real bin', async () => {
    const a = write('bin-a.txt', '会议于二月召开，各方代表出席。')
    const b = write('bin-b.txt', '会议于三月召开，各方代表出席。')
    const { stdout } = await runBin(['collate', '--w', `A=${a}`, '--w', `B=${b}`])
    const table = parseTable(stdout, { A: '会议于二月召开，各方代表出席。', B: '会议于三月召开，各方代表出席。' })
    expect(table.table.map((row) => row.map((cell) => cell.map((t) => t.t).join('')))).toEqual([
      ['会议于二月召开，', '会议于三月召开，'], ['各方代表出席。', '各方代表出席。'],
    ])
  })
})
