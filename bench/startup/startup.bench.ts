/**
 * `npm run bench -- startup`: how long the `variorum` command takes to start, against a bare
 * `node -e 0` measured in the same rounds. The bin runs the build in dist/server; the row
 * "tsx, as before" loads the TypeScript sources through tsx the way bin/variorum.mjs did
 * before the build existed, for the ratio the build bought. Each round runs every command
 * once, in an order rotated from round to round so that no command always runs right after
 * another; the table shows the medians. Target: `--help` within 2× a bare Node start.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildServer, serverBuildIsFresh } from '../../bin/buildServer.mjs'

const ROUNDS = 15
const root = fileURLToPath(new URL('../..', import.meta.url))

const TSX_HELP = `import { register } from 'tsx/esm/api'
register()
const { main } = await import('./server/cli/main.ts')
process.exitCode = await main(['--help'])`

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/** Wall-clock milliseconds of one run; throws when the command fails, so a broken bin is not timed. */
function timeRun(args: string[]): number {
  const started = performance.now()
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 })
  const ms = performance.now() - started
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`)
  return ms
}

export default async function (): Promise<void> {
  // The first run after an edit builds; a stale build would time esbuild, not the start.
  if (!serverBuildIsFresh()) await buildServer()
  const scratch = mkdtempSync(join(tmpdir(), 'variorum-bench-startup-'))
  const small = join(scratch, 'small.txt')
  // A few hundred characters: the time is the start, not the checks.
  writeFileSync(small, 'A short text for the start-up bench.\n\nIt has three paragraphs and no\n\nfindings worth the name.\n'.repeat(4))
  const bin = join(root, 'bin', 'variorum.mjs')
  const commands = [
    { label: 'node -e 0', args: ['-e', '0'] },
    { label: 'variorum --help', args: [bin, '--help'] },
    { label: 'variorum check small.txt', args: [bin, 'check', small] },
    { label: 'variorum --help, tsx as before', args: ['--input-type=module', '-e', TSX_HELP] },
  ]
  const times = commands.map(() => [] as number[])
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < commands.length; k++) {
        const index = (round + k) % commands.length
        times[index].push(timeRun(commands[index].args))
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  const floor = median(times[0])
  console.log(`median of ${ROUNDS} rounds, order rotated each round; target: --help ≤ 2× node -e 0\n`)
  console.log('| command | median ms | × node -e 0 |')
  console.log('|---|---:|---:|')
  commands.forEach(({ label }, index) => {
    const ms = median(times[index])
    console.log(`| ${label} | ${ms.toFixed(0)} | ${(ms / floor).toFixed(2)} |`)
  })
}
