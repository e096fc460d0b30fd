import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { main } from '../../server/cli/main'

/** The repository root, for paths the CLI tests pass to `variorum`. */
export const root = new URL('../../', import.meta.url).pathname
export const samplePath = join(root, 'documents/china-central-asia-summit-2025-06-17.txt')

/** Runs the CLI in-process with a capturing io: exit code and everything written. */
export async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

/** Runs the real `bin/variorum.mjs` in a child process, as a user would. */
export function runBin(args: string[]): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)('node', [join(root, 'bin/variorum.mjs'), ...args], { cwd: root, maxBuffer: 64 << 20 })
}

/** A scratch folder for one test file, and a writer of files into it. */
export function scratchFiles(prefix: string): { dir: string; write(name: string, content: string | Uint8Array): string } {
  const dir = mkdtempSync(join(tmpdir(), `variorum-${prefix}-`))
  return {
    dir,
    write(name, content) {
      const path = join(dir, name)
      writeFileSync(path, content)
      return path
    },
  }
}
