import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Alignment } from '../../core/align'
import { run, runBin, samplePath, scratchFiles } from './cliHarness'
import { checkAlignment } from '../core/align/checkAlignment'

const { dir, write } = scratchFiles('compare')

/** Parses the one JSON object printed and checks its keys are the documented ones. */
function parseOne(stdout: string): Alignment {
  expect(stdout.endsWith('}\n')).toBe(true)
  expect(stdout.trim().split('\n')).toHaveLength(1)
  const parsed = JSON.parse(stdout) as Alignment
  expect(Object.keys(parsed)).toEqual(['segments', 'moves'])
  for (const s of parsed.segments) expect(Object.keys(s)).toEqual(s.move === undefined ? ['op', 'a', 'b'] : ['op', 'a', 'b', 'move'])
  for (const m of parsed.moves) expect(Object.keys(m)).toEqual(['id', 'a', 'b'])
  return parsed
}

/** File offsets back to witness offsets, so the one checking helper can rebuild the witnesses. */
function unshift(alignment: Alignment, da: number, db: number): Alignment {
  const back = (r: [number, number], d: number): [number, number] => [r[0] - d, r[1] - d]
  return {
    segments: alignment.segments.map((s) => ({ ...s, a: back(s.a, da), b: back(s.b, db) })),
    moves: alignment.moves.map((m) => ({ ...m, a: back(m.a, da), b: back(m.b, db) })),
  }
}

const versionA = '三要打造和平安宁。中方愿在中亚开发更多文化中心、高校分校。\n村里的孩子们在田埂上放风筝，笑声传得很远。\n五要维护国际秩序。中方支持中亚国家发挥更大作用，愿同各方携手捍卫国际公平正义，反对霸权主义和强权政治。\n'
const versionB = '三要打造和平安宁。我们要加强地区安全治理。\n四要拉紧人文纽带。中方愿在中亚开发更多文化中心、高校分校。\n五要维护国际秩序。我们要携手捍卫国际公平正义，反对霸权主义和强权政治。\n村里的孩子们在田埂上放风筝，笑声传得很远。\n'

describe('variorum compare', () => {
  it('prints one JSON object for two files, offsets into the texts as decoded (BOM removed)', async () => {
    const pathA = write('a.txt', `\ufeff${versionA}`)
    const pathB = write('b.txt', versionB)
    const { code, stdout, stderr } = await run(['compare', pathA, pathB, '--json'])
    expect([code, stderr]).toEqual([0, ''])
    const alignment = checkAlignment(versionA, versionB, parseOne(stdout))
    expect(alignment.moves).toHaveLength(1)
    expect(versionA.slice(...alignment.moves[0].a)).toContain('村里的孩子们在田埂上放风筝')
    const replace = alignment.segments.find((s) => s.op === 'replace')!
    expect([versionA.slice(...replace.a), versionB.slice(...replace.b)]).toEqual(['中方支持中亚国家发挥更大作用，愿同各方', '我们要'])
  })

  it('compares two ranges of one file with offsets into that file', async () => {
    const sample = readFileSync(samplePath, 'utf8')
    const aStart = sample.indexOf('一要坚守')
    const aEnd = sample.indexOf('\n', sample.indexOf('习近平最后指出', aStart))
    const bStart = sample.indexOf('三要', sample.indexOf('(上接第一版)'))
    const bEnd = sample.indexOf('\n', sample.indexOf('习近平最后指出', bStart))
    const { code, stdout } = await run(['compare', samplePath, '--a', `${aStart}:${aEnd}`, '--b', `${bStart}:${bEnd}`, '--json'])
    expect(code).toBe(0)
    const alignment = parseOne(stdout)
    expect(alignment.segments[0].a[0]).toBe(aStart)
    expect(alignment.segments[0].b[0]).toBe(bStart)
    checkAlignment(sample.slice(aStart, aEnd), sample.slice(bStart, bEnd), unshift(alignment, aStart, bStart))
    const replace = alignment.segments.find((s) => s.op === 'replace' && sample.slice(...s.b) === '我们要')
    expect(replace && sample.slice(...replace.a)).toBe('中方支持中亚国家在国际事务中发挥更大作用，愿同各方')
  })

  it('prints a readable side-by-side report without --json', async () => {
    const pathA = write('ra.txt', versionA)
    const pathB = write('rb.txt', versionB)
    const { code, stdout } = await run(['compare', pathA, pathB])
    expect(code).toBe(0)
    const lines = stdout.split('\n')
    expect(lines[0]).toContain(`A: ${pathA}`)
    expect(lines[0]).toContain(`B: ${pathB}`)
    expect(lines.some((line) => line.startsWith('~') && line.includes('│ 我们要'))).toBe(true)
    expect(lines.filter((line) => line.startsWith('M1'))).toHaveLength(2) // both places of the move
    expect(stdout).toContain('legend: = same in both')
    expect(stdout).toContain('1 moved')
  })

  it('lists proposed version pairs with --propose', async () => {
    const { code, stdout } = await run(['compare', samplePath, '--propose', '--json'])
    expect(code).toBe(0)
    const { proposals } = JSON.parse(stdout) as { proposals: Array<{ reason: string; a: { start: number }; b: { start: number } }> }
    const sample = readFileSync(samplePath, 'utf8')
    expect(proposals[0].reason).toBe('continuation')
    expect(sample.slice(proposals[0].a.start, proposals[0].a.start + 2)).toBe('一要')
    expect(sample.slice(proposals[0].b.start, proposals[0].b.start + 2)).toBe('三要')
  })

  it('reports a missing file with exit 1', async () => {
    const { code, stderr } = await run(['compare', join(dir, 'nope.txt'), samplePath, '--json'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/nope\.txt: no such file/)
  })

  it('rejects a bad range with exit 2 and a message naming it', async () => {
    for (const [range, message] of [['5:2', /--a 5:2: start is after end/], ['0:99999999', /past the end/], ['x:1', /not START:END/]] as const) {
      const { code, stderr, stdout } = await run(['compare', samplePath, '--a', range, '--b', '0:10', '--json'])
      expect([code, stdout]).toEqual([2, ''])
      expect(stderr).toMatch(message)
    }
    const { code, stderr } = await run(['compare', samplePath, '--json'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/give both --a START:END and --b START:END/)
  })

  it('refuses a file that is not UTF-8 with exit 1', async () => {
    const path = write('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]))
    const { code, stderr } = await run(['compare', path, path, '--json', '--encoding', 'UTF-8'])
    expect(code).toBe(1)
    expect(stderr).toMatch(/not valid UTF-8/)
  })

  it('works through the real bin', async () => {
    const pathA = write('bin-a.txt', versionA)
    const pathB = write('bin-b.txt', versionB)
    const { stdout } = await runBin(['compare', pathA, pathB, '--json'])
    checkAlignment(versionA, versionB, parseOne(stdout))
  })
})
