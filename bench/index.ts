/**
 * `npm run bench [-- NAME ...]`: runs every bench/<area>/<name>.bench.ts (or those whose
 * path contains one of the NAMEs). Each module's default export runs its
 * comparisons side by side and prints its own table: the machines are shared and
 * noisy, so only ratios measured in the same run mean anything.
 */
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const benchRoot = fileURLToPath(new URL('.', import.meta.url))

function findBenchFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return findBenchFiles(path)
    return entry.name.endsWith('.bench.ts') ? [path] : []
  }).sort()
}

const filters = process.argv.slice(2)
const files = findBenchFiles(benchRoot).filter(
  (file) => filters.length === 0 || filters.some((name) => relative(benchRoot, file).includes(name)),
)
for (const file of files) {
  console.log(`\n## ${relative(benchRoot, file)}\n`)
  const module = (await import(pathToFileURL(file).href)) as { default: () => Promise<void> }
  await module.default()
}
// Every bench closes what it opened, but a stray handle (a socket in a closing
// state, a timer in a library) must not keep the run alive after its table.
process.exit(0)
