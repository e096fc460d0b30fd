import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/**
 * Builds the client (`vite build` → `clientDir`) when its index.html is missing
 * or older than any source it is built from (client/, core/, vite.config.ts).
 * Returns true when it built. Throws when the build fails.
 */
export function buildClientIfNeeded(projectRoot: string, clientDir: string, log: (line: string) => void): boolean {
  if (!existsSync(join(projectRoot, 'client', 'index.html'))) {
    log('no client sources (client/index.html); serving without building')
    return false
  }
  const index = join(clientDir, 'index.html')
  const sources = Math.max(
    newestMtime(join(projectRoot, 'client')),
    newestMtime(join(projectRoot, 'core')),
    newestMtime(join(projectRoot, 'vite.config.ts')),
  )
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return false
  log('building the client (vite build)…')
  execFileSync(process.execPath, [join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: projectRoot,
    stdio: 'inherit',
  })
  return true
}
