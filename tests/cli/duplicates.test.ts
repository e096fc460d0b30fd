import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { run, runBin, samplePath, scratchFiles } from './cliHarness'

const { dir, write } = scratchFiles('duplicates')

const repeated = '两国元首共同见证了经贸、交通、科技、媒体等领域多份合作文件的签署，并就进一步深化全面战略伙伴关系交换了意见。'
const other = '清晨的江面上还笼着一层薄雾，渡船的汽笛声从对岸传来，早起的人们提着菜篮走过石板路。'

describe('variorum duplicates', () => {
  it('prints exactly one JSON object with offsets into the file as decoded, BOM removed, CRLF kept', async () => {
    const content = `\ufeff标题\r\n\r\n${repeated}\r\n\r\n${other}\r\n\r\n${repeated}\r\n`
    const { code, stdout, stderr } = await run(['duplicates', write('bom-crlf.txt', content), '--json'])
    expect([code, stderr]).toEqual([0, ''])
    expect(stdout.endsWith('}\n')).toBe(true)
    expect(stdout.trim().split('\n')).toHaveLength(1)
    const text = content.slice(1)
    const first = text.indexOf(repeated)
    const second = text.lastIndexOf(repeated)
    expect(JSON.parse(stdout)).toEqual({
      clusters: [{ kind: 'exact', similarity: 1, occurrences: [{ start: first, end: first + repeated.length }, { start: second, end: second + repeated.length }] }],
    })
    expect(text.slice(second, second + repeated.length)).toBe(repeated)
  })

  it('keeps to the documented keys and reports the sample\'s clusters', async () => {
    const { stdout } = await run(['duplicates', samplePath, '--json'])
    const { clusters } = JSON.parse(stdout) as { clusters: Array<Record<string, unknown>> }
    expect(Object.keys(JSON.parse(stdout))).toEqual(['clusters'])
    for (const cluster of clusters) {
      expect(Object.keys(cluster)).toEqual(['kind', 'similarity', 'occurrences'])
      for (const o of cluster.occurrences as Array<Record<string, unknown>>) expect(Object.keys(o)).toEqual(['start', 'end'])
    }
    expect(clusters.map((c) => c.kind)).toEqual(['boilerplate', 'exact', 'near', 'boilerplate', 'boilerplate', 'boilerplate', 'exact'])
  })

  it('applies --min-length in characters', async () => {
    const path = write('short.txt', `${other}短句重复了一次。\n\n${repeated}\n\n短句重复了一次。再来。\n`)
    const plain = JSON.parse((await run(['duplicates', path, '--json'])).stdout)
    expect(plain.clusters).toEqual([])
    const { code, stdout } = await run(['duplicates', path, '--json', '--min-length', '7'])
    expect(code).toBe(0)
    const text = readFileSync(path, 'utf8')
    const quoted = JSON.parse(stdout).clusters.map((c: { occurrences: Array<{ start: number; end: number }> }) => c.occurrences.map((o) => text.slice(o.start, o.end)))
    expect(quoted).toEqual([['短句重复了一次。', '短句重复了一次。']])
  })

  it('prints a readable report with quotes and line numbers without --json', async () => {
    const { code, stdout, stderr } = await run(['duplicates', samplePath])
    expect([code, stderr]).toEqual([0, ''])
    expect(stdout).toMatch(/3 duplicated passages, 4 boilerplate repeats/)
    expect(stdout).toMatch(/exact, similarity 1\.00, 3 occurrences/)
    expect(stdout).toMatch(/\(lines 167–179, \d+ chars\): “据联合国开发计划署估算/)
    expect(stdout).toMatch(/Boilerplate \(formulaic repeats, not faults\)/)
    expect(stdout).toMatch(/“同事们、朋友们！”/)
  })

  it('counts lines at every line break of core/text: a file with CR line ends numbers its lines too', async () => {
    const path = write('cr.txt', `标题\r\r${repeated}\r\r${other}\r\r${repeated}\r`)
    const { code, stdout } = await run(['duplicates', path])
    expect(code).toBe(0)
    expect(stdout).toMatch(/\(line 3, \d+ chars\)/)
    expect(stdout).toMatch(/\(line 7, \d+ chars\)/)
  })

  it('fails with exit 1 and nothing on stdout for a missing file or a non-UTF-8 file', async () => {
    const missing = await run(['duplicates', join(dir, 'nope.txt'), '--json'])
    expect([missing.code, missing.stdout]).toEqual([1, ''])
    expect(missing.stderr).toMatch(/nope\.txt: no such file/)
    const latin1 = await run(['duplicates', write('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a])), '--json', '--encoding', 'UTF-8'])
    expect([latin1.code, latin1.stdout]).toEqual([1, ''])
    expect(latin1.stderr).toMatch(/not valid UTF-8/)
  })

  it('exits 2 on usage errors', async () => {
    for (const args of [['duplicates'], ['duplicates', 'a.txt', 'b.txt'], ['duplicates', samplePath, '--min-length', '0'], ['duplicates', samplePath, '--min-length', 'ten'], ['duplicates', samplePath, '--bogus']]) {
      const { code, stdout, stderr } = await run(args)
      expect([code, stdout]).toEqual([2, ''])
      expect(stderr).toMatch(/variorum duplicates: /)
    }
  })

  it('runs through the real bin', async () => {
    const { stdout } = await runBin(['duplicates', samplePath, '--json'])
    const { clusters } = JSON.parse(stdout) as { clusters: Array<{ kind: string; occurrences: Array<{ start: number; end: number }> }> }
    const sample = readFileSync(samplePath, 'utf8')
    const block = clusters.find((c) => c.kind === 'exact' && c.occurrences.length === 3)!
    expect(sample.slice(block.occurrences[1].start, block.occurrences[1].start + 13)).toBe('建“一带一路”与哈萨克斯坦')
  })
})
