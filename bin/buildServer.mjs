// Builds the server and the `variorum` CLI into dist/server as plain ES modules, and tells
// whether that build is older than its sources. Plain JavaScript on purpose: it runs before
// any TypeScript is compiled, from bin/variorum.mjs, `npm run build` and the tests' setup.
//
// Why esbuild and not `tsc`: our imports are extensionless (`moduleResolution: Bundler`), which
// Node's ES module loader cannot resolve, and tsc neither rewrites them nor bundles, so its
// output would not run as is and would load one file per module at every start. esbuild is
// made for exactly this: it bundles from the entry point (so it takes whatever server/ imports,
// core/, doc/ or elsewhere, without a hand-kept list of folders), splits the code at each
// dynamic `import()` so `variorum check` never loads the server, and builds the whole server
// in a fraction of a second without type checking (that is `npm run typecheck`'s job). It has
// no dependencies of its own and is the same version vite and tsx already install.
// Rolldown (vite's bundler) could do it too, but esbuild's Node output is the older, settled one.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const projectRoot = resolve(fileURLToPath(new URL('..', import.meta.url)))
const outDir = join(projectRoot, 'dist', 'server')
const stampPath = join(outDir, 'build-stamp.json')

/** The built CLI module: it exports `main(argv)` as server/cli/main.ts does. */
export const serverEntry = join(outDir, 'main.js')

/**
 * Files that change the output without being bundled: this script (the build options), the
 * TypeScript settings esbuild reads, and the lockfile (esbuild's own version).
 */
const buildConfigFiles = ['bin/buildServer.mjs', 'tsconfig.json', 'package-lock.json']

/**
 * True when dist/server exists and no file it was built from changed since: the stamp lists
 * every source the bundler read (relative to the project root), so a new file only matters
 * once an existing, listed one imports it. A listed file that is gone makes it stale too.
 * Costs one stat a source (a few milliseconds), and never loads esbuild.
 */
export function serverBuildIsFresh() {
  let stamp
  try {
    stamp = JSON.parse(readFileSync(stampPath, 'utf8'))
  } catch {
    return false
  }
  for (const file of [...stamp.inputs, ...buildConfigFiles]) {
    const stat = statSync(join(projectRoot, file), { throwIfNoEntry: false })
    if (!stat || stat.mtimeMs > stamp.builtAt) return false
  }
  return true
}

/**
 * Bundles server/cli/main.ts and what it imports into dist/server: main.js plus one chunk a
 * dynamically imported subcommand (and the code they share). Every package stays an external
 * import from node_modules, so the server, y-websocket and the tests share one Yjs instance
 * and better-sqlite3 keeps its native binding. Throws when esbuild is not installed (a
 * production install without dev dependencies must ship a build) or the sources do not compile.
 */
export async function buildServer() {
  let esbuild
  try {
    esbuild = await import('esbuild')
  } catch {
    throw new Error('dist/server is missing or older than its sources, and esbuild (a dev dependency) is not installed: run `npm ci`, then `npm run build`')
  }
  // Taken before reading any source: a file saved during the build counts as newer.
  const builtAt = Date.now()
  // Built beside the live folder and swapped in whole, so a CLI started meanwhile never sees half a build.
  const staging = `${outDir}.${process.pid}.tmp`
  rmSync(staging, { recursive: true, force: true })
  const result = await esbuild.build({
    absWorkingDir: projectRoot,
    // The job worker threads (server/workerJobs/JobWorker.ts starts them for ImportWorker,
    // SearchPlanner and startCompactor) load their own entries.
    entryPoints: {
      main: 'server/cli/main.ts',
      importWorkerThread: 'server/import/importWorkerThread.ts',
      searchWorkerThread: 'server/search/searchWorkerThread.ts',
      compactorWorkerThread: 'server/persistence/compactorWorkerThread.ts',
    },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
    // Not minified, so stack traces read as the sources; `node --enable-source-maps` maps them back.
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  })
  const inputs = Object.keys(result.metafile.inputs)
  writeFileSync(join(staging, 'build-stamp.json'), `${JSON.stringify({ builtAt, inputs }, null, 1)}\n`)
  rmSync(outDir, { recursive: true, force: true })
  try {
    renameSync(staging, outDir)
  } catch (error) {
    // Another process built the same sources at the same moment and swapped its build in first.
    rmSync(staging, { recursive: true, force: true })
    if (!existsSync(stampPath)) throw error
  }
}

// `node bin/buildServer.mjs` (part of `npm run build`): build unconditionally.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await buildServer()
}
