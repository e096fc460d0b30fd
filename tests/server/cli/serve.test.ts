import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { main } from '../../../server/cli/main'

describe('variorum serve', () => {
  it('starts the real bin on the given port and shuts down cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'variorum-serve-'))
    writeFileSync(join(dir, 'doc.txt'), 'hello\nworld\n')
    const child = spawn(process.execPath, ['bin/variorum.mjs', 'serve', '--port', '0', '--host', '127.0.0.1', '--data', join(dir, 'data'), '--documents', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    try {
      let output = ''
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          const match = /workspace at (http:\/\/\S+)/.exec(output)
          if (match) resolve(match[1])
        })
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)))
      })
      const documents = (await (await fetch(`${url}/api/documents`)).json()) as { id: string }[]
      expect(documents.map((d) => d.id)).toEqual(['doc'])
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
      child.kill('SIGTERM')
      expect(await exited).toBe(0)
      expect(output).toContain('SIGTERM: storing pending edits and shutting down')
    } finally {
      child.kill('SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reports a bad port as a usage error (exit 2)', async () => {
    let stderr = ''
    const code = await main(['serve', '--port', 'eighty'], { stdout: () => {}, stderr: (text) => (stderr += text) })
    expect(code).toBe(2)
    expect(stderr).toContain('PORT eighty is not a port number')
  })
})
