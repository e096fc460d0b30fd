/**
 * Runs jing (RELAX NG) on XML files against validators/tei/tei_all.rng, all files
 * in one JVM start (~0.4 s each start). jing does not resolve pointers: see
 * tests/core/export/tei.test.ts for that.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const TEI_ALL = join(import.meta.dirname, '../../validators/tei/tei_all.rng')

/** True when a `jing` command is on the PATH. */
export function hasJing(): boolean {
  try {
    execFileSync('jing', [], { stdio: 'ignore' })
    return true
  } catch (error) {
    return (error as { code?: string }).code !== 'ENOENT'
  }
}

/**
 * Validates files; returns jing's error lines per file (empty array = valid).
 * jing's harmless "Unable to locate" start-up warnings are dropped.
 */
export function jingFiles(files: readonly string[], schema = TEI_ALL): Map<string, string[]> {
  let output = ''
  try {
    execFileSync('jing', [schema, ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; status?: number }
    output = `${e.stdout ?? ''}\n${e.stderr ?? ''}`
    if (e.status === undefined) throw error
  }
  const result = new Map<string, string[]>(files.map((f) => [f, []]))
  for (const line of output.split('\n')) {
    if (!line.trim() || line.includes('Unable to locate')) continue
    const file = files.find((f) => line.startsWith(f) || line.startsWith(join(process.cwd(), f)))
    if (file) result.get(file)!.push(line)
    else for (const f of files) result.get(f)!.push(line)
  }
  return result
}

/** Writes each named XML text to a temporary file and validates them all in one jing run. */
export function jingTexts(texts: Record<string, string>, schema = TEI_ALL): Record<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'variorum-jing-'))
  const files = Object.entries(texts).map(([name, text]) => {
    const path = join(dir, `${name}.xml`)
    writeFileSync(path, text)
    return [name, path] as const
  })
  const result = jingFiles(files.map(([, p]) => p), schema)
  return Object.fromEntries(files.map(([name, p]) => [name, result.get(p)!]))
}
