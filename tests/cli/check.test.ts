import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { run, runBin, samplePath, scratchFiles } from './cliHarness'

const { dir, write } = scratchFiles('check')

describe('variorum check', () => {
  it('prints one JSON object whose offsets point into the file as decoded, BOM removed', async () => {
    const content = '\ufeff标题\r\n\r\n双方在贸易 and 投资领域合作，自已办好事情。\r\n'
    const path = write('bom.txt', content)
    const { code, stdout, stderr } = await run(['check', path, '--json'])
    expect([code, stderr]).toEqual([0, ''])
    expect(stdout.endsWith('}\n')).toBe(true)
    const { findings } = JSON.parse(stdout)
    const text = content.slice(1)
    expect(findings).toEqual([
      { rule: 'script-intrusion', start: 12, end: 15, message: expect.any(String), fix: { start: 11, end: 16, text: '和' } },
      { rule: 'typo', start: 23, end: 25, message: expect.any(String), fix: { start: 23, end: 25, text: '自己' } },
    ])
    expect(text.slice(11, 16)).toBe(' and ')
    expect(text.slice(23, 25)).toBe('自已')
  })

  it('omits fix when there is none and keeps to the documented keys', async () => {
    const { stdout } = await run(['check', samplePath, '--json'])
    const { findings } = JSON.parse(stdout) as { findings: Array<Record<string, unknown>> }
    const sample = readFileSync(samplePath, 'utf8')
    expect(findings.length).toBe(15)
    for (const finding of findings) {
      expect(Object.keys(finding)).toEqual(finding.fix ? ['rule', 'start', 'end', 'message', 'fix'] : ['rule', 'start', 'end', 'message'])
    }
    const marker = findings.find((finding) => finding.rule === 'continuation-marker')!
    expect(sample.slice(marker.start as number, marker.end as number)).toBe('(上接第一版)')
  })

  it('filters by --rule', async () => {
    const { stdout } = await run(['check', samplePath, '--json', '--rule', 'layout-break', '--rule', 'typo'])
    const rules = (JSON.parse(stdout).findings as Array<{ rule: string }>).map((finding) => finding.rule)
    expect(rules.filter((rule) => rule === 'layout-break')).toHaveLength(7)
    expect(rules.filter((rule) => rule === 'typo')).toHaveLength(1)
    expect(rules).toHaveLength(8)
  })

  it('prints a readable report with line:column, quote and message', async () => {
    const path = write('report.txt', '第一行。\n\n双方在贸易 and 投资领域合作。\n')
    const { code, stdout } = await run(['check', path])
    expect(code).toBe(0)
    expect(stdout).toContain(`${path}:3:7  script-intrusion  "and"`)
    expect(stdout).toContain('"和" was meant')
    expect(stdout).toContain('1 finding (script-intrusion 1)')
    const clean = write('clean.txt', '一切正常。\n')
    expect((await run(['check', clean])).stdout).toBe(`${clean}: no findings\n`)
  })

  it('fails with exit 1 and nothing on stdout for a missing or non-UTF-8 file', async () => {
    const missing = await run(['check', join(dir, 'absent.txt'), '--json'])
    expect([missing.code, missing.stdout]).toEqual([1, ''])
    expect(missing.stderr).toContain('absent.txt: no such file')
    const latin1 = await run(['check', write('latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a])), '--json', '--encoding', 'UTF-8'])
    expect([latin1.code, latin1.stdout]).toEqual([1, ''])
    expect(latin1.stderr).toContain('not valid UTF-8')
  })

  it('exits 2 on a bad option, a missing FILE or an unknown rule', async () => {
    for (const args of [['check', samplePath, '--jsn'], ['check'], ['check', samplePath, '--rule', 'spelling']]) {
      const { code, stdout, stderr } = await run(args)
      expect([code, stdout]).toEqual([2, ''])
      expect(stderr).toMatch(/^variorum check: /)
    }
  })

  it('works through the real bin', async () => {
    const { stdout } = await runBin(['check', samplePath, '--json', '--rule', 'fragment'])
    const findings = JSON.parse(stdout).findings as Array<{ rule: string; start: number; end: number }>
    const sample = readFileSync(samplePath, 'utf8')
    expect(findings.map((finding) => sample.slice(finding.start, finding.end))).toEqual(['建“一带一路”与哈萨克斯', '据，'])
  })
})
