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

/** What the client is built from: its own folder, the shared pure code it imports, and vite's config. */
const clientSources = ['client', 'core', 'doc', 'vite.config.ts']

/**
 * Builds the client (`vite build` → `clientDir`) when its index.html is missing
 * or older than any file under `clientSources` (a missing one counts as old).
 * Returns true when it built. Throws when the build fails.
 */
export function buildClientIfNeeded(projectRoot: string, clientDir: string, log: (line: string) => void): boolean {
  if (!existsSync(join(projectRoot, 'client', 'index.html'))) {
    log('no client sources (client/index.html); serving without building')
    return false
  }
  const index = join(clientDir, 'index.html')
  const sources = Math.max(...clientSources.map((path) => newestMtime(join(projectRoot, path))))
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return false
  log('building the client (vite build)…')
  execFileSync(process.execPath, [join(projectRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: projectRoot,
    stdio: 'inherit',
  })
  return true
}
