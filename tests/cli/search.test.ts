import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SearchResponse } from '../../core/api'
import { search } from '../../server/cli/search'
import { startWorkspace } from '../../server/workspace'
import { run, scratchFiles } from './cliHarness'

const { dir, write } = scratchFiles('search')
const dataDir = join(dir, 'data')

beforeAll(async () => {
  write('summit.txt', '中国—中亚峰会在阿斯塔纳举行。\n两国元首见证了合作文件的签署。\n')
  write('harbour.txt', 'The ferry left the harbour at dawn.\nGulls followed the ferry.\n')
  // A long debounce: the server stops before indexing, so the CLI must catch up itself.
  const workspace = await startWorkspace({ port: 0, dataDir, documentsDir: dir, clientDir: join(dir, 'none'), searchIndex: { debounceMs: 60_000 } })
  await workspace.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('variorum search', () => {
  it('indexes what changed, then prints the hits as JSON', async () => {
    const { code, stdout, stderr } = await run(['search', '阿斯塔纳', '--data', dataDir, '--json'])
    expect([code, stderr]).toEqual([0, ''])
    const response = JSON.parse(stdout) as SearchResponse
    expect(response.hits.map((h) => [h.documentId, h.kind, h.start, h.end, h.snippet.match])).toEqual([['summit', 'text', 8, 12, '阿斯塔纳']])
    expect(response.truncated).toBe(false)
  })

  it('prints a readable report grouped by document, and applies filters', async () => {
    const { code, stdout } = await run(['search', 'FERRY', '--data', dataDir])
    expect(code).toBe(0)
    expect(stdout).toBe('2 matches for “FERRY”\n\nThe ferry left the harbour at dawn. (harbour)\n  text 4–9: The [ferry] left the harbour at dawn.\n  text 56–61: Gulls followed the [ferry].\n')
    expect((await run(['search', 'ferry', '--data', dataDir, '--kind', 'comment'])).stdout).toBe('no match for “ferry”\n')
  })

  it('reads VARIORUM_DATA_DIR, and reports bad usage with exit code 2', async () => {
    let stdout = ''
    const io = { stdout: (text: string) => void (stdout += text), stderr: () => {} }
    expect(await search(['峰', '--json'], io, { VARIORUM_DATA_DIR: dataDir })).toBe(0)
    expect((JSON.parse(stdout) as SearchResponse).hits.map((h) => h.start)).toEqual([5])
    const bad = await run(['search', 'x', '--data', dataDir, '--status', 'closed'])
    expect([bad.code, bad.stderr]).toEqual([2, "variorum search: --status: open or resolved, not 'closed'\n"])
    const missing = await run(['search', 'x', '--data', join(dir, 'nowhere')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no workspace database')
  })
})
