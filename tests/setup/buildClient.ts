import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Vitest global setup: browser tests load the built client from the real server,
 * so build it once when dist/client is missing or older than any client source.
 */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

export default function setup(): void {
  const index = 'dist/client/index.html'
  if (!existsSync('client/index.html')) return
  const sourcesChanged = Math.max(newestMtime('client'), newestMtime('core'), statSync('vite.config.ts').mtimeMs)
  if (existsSync(index) && statSync(index).mtimeMs >= sourcesChanged) return
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' })
}
