/**
 * `npm run bench:sync`: our durable sync server against the reference
 * @y/websocket-server 0.1.1 (in memory), in the same run, side by side.
 *
 * Each server runs in its own child process (fresh for each configuration, so
 * RSS and CPU are its own) and the stock y-websocket clients in a third one.
 * For N = 10, 50, 100 clients and 1 or 10 writers it measures propagation
 * latency p50/p99 at a steady rate, sustained updates/s with a bounded window
 * of updates in flight, the server's peak RSS and CPU time per update; then the
 * join time of a ~1 MB document. Ratios are ours / reference. Each server is
 * started once per configuration and each run uses a fresh room.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { paragraphsFromPlainText } from '../../core/text'
import { seedDocument } from '../../doc/text/seedDocument'
import type { JoinResult, JoinTask, LoadResult, LoadTask } from './clientProcess'
import type { ServerStats } from './serverProcess'

/** `ours` commits every update to SQLite before broadcasting it; `ours-fsync` also fsyncs each commit. */
type Kind = 'ours' | 'ours-fsync' | 'reference'
const here = fileURLToPath(new URL('.', import.meta.url))
const root = join(here, '..', '..')
// On the project's disk, not a tmpfs: the fsyncs must be real.
const scratch = join(root, '.tmp')

const ALL_CONFIGS: { clients: number; writers: number }[] = [
  { clients: 10, writers: 1 },
  { clients: 10, writers: 10 },
  { clients: 50, writers: 1 },
  { clients: 50, writers: 10 },
  { clients: 100, writers: 1 },
  { clients: 100, writers: 10 },
]
/** BENCH_SYNC_CONFIGS="10x1,100x10" runs a subset (for profiling), "none" only the join; default all. */
const CONFIGS = process.env.BENCH_SYNC_CONFIGS
  ? process.env.BENCH_SYNC_CONFIGS.split(',').filter((spec) => spec !== 'none').map((spec) => {
      const [clients, writers] = spec.split('x').map(Number)
      return { clients, writers }
    })
  : ALL_CONFIGS
/** Receiver-side deliveries per second in the latency phase: e.g. N = 100 → 2000 / 99 ≈ 20 updates/s. */
const LATENCY_DELIVERIES_PER_SECOND = 2000
/** BENCH_SYNC_LATENCY_MS=3000 takes more latency samples: p99 of a 1 s phase rests on one or two slow updates. */
const LATENCY_MS = Number(process.env.BENCH_SYNC_LATENCY_MS ?? 1000)
const THROUGHPUT_MS = 1200
/** Runs per configuration on ours and on the reference; the machine is shared, so medians of 3. */
const REPEATS = 3
/** Updates in flight across all writers in the throughput phase: 32 for one writer, 4 each for ten. */
const WINDOW_TOTAL = 32

function child(file: string, args: string[]): ChildProcess {
  // BENCH_SYNC_PROFILE=DIR writes a V8 CPU profile of every child into DIR.
  const profile = process.env.BENCH_SYNC_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SYNC_PROFILE}`] : []
  return fork(join(here, file), args, { execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
}

function nextMessage<T>(process: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited with ${code}`))
    process.once('exit', onExit)
    process.once('message', (message) => {
      process.off('exit', onExit)
      const error = (message as { error?: string }).error
      if (error) reject(new Error(error))
      else resolve(message as T)
    })
  })
}

interface Server {
  kind: Kind
  process: ChildProcess
  syncUrl: string
  httpUrl: string
  dataDir?: string
}

async function startServer(kind: Kind): Promise<Server> {
  mkdirSync(scratch, { recursive: true })
  const dataDir = kind === 'reference' ? undefined : mkdtempSync(join(scratch, 'bench-sync-'))
  const args = kind === 'reference' ? ['reference'] : ['ours', dataDir!, kind === 'ours-fsync' ? 'fsync' : 'commit']
  const process = child('serverProcess.ts', args)
  const { port } = await nextMessage<{ port: number }>(process)
  return { kind, process, dataDir, httpUrl: `http://127.0.0.1:${port}`, syncUrl: `ws://127.0.0.1:${port}/sync` }
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((resolve) => server.process.once('exit', resolve))
  server.process.send('stop')
  await exited
  if (server.dataDir) rmSync(server.dataDir, { recursive: true, force: true })
}

async function stats(server: Server): Promise<ServerStats> {
  const reply = nextMessage<ServerStats>(server.process)
  server.process.send('stats')
  return reply
}

/** A document room on `server`: ours needs it created through the API first. */
async function createRoom(server: Server, text: string): Promise<string> {
  if (server.kind === 'reference') return `bench-${Math.random().toString(36).slice(2)}`
  const response = await fetch(`${server.httpUrl}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: text,
  })
  return ((await response.json()) as { id: string }).id
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

interface Row {
  clients: number
  writers: number
  p50: number
  p99: number
  samples: number
  updatesPerSecond: number
  cpuMicrosPerUpdate: number
  maxRssMB: number
}

/** One load run on a running server, in a fresh room. */
async function measureLoad(server: Server, clients: ChildProcess, clientsCount: number, writers: number): Promise<Row> {
  const room = await createRoom(server, `Benchmark ${Math.random()}\nsecond paragraph\n`)
  const before = await stats(server)
  const task: LoadTask = {
    type: 'load',
    url: server.syncUrl,
    room,
    clients: clientsCount,
    writers,
    latencyRate: LATENCY_DELIVERIES_PER_SECOND / (clientsCount - 1),
    latencyMs: LATENCY_MS,
    window: Math.max(2, Math.floor(WINDOW_TOTAL / writers)),
    throughputMs: THROUGHPUT_MS,
  }
  const reply = nextMessage<LoadResult>(clients)
  clients.send(task)
  const result = await reply
  const after = await stats(server)
  const sorted = [...result.latencies].sort((a, b) => a - b)
  const totalUpdates = result.latencies.length / (clientsCount - 1) + result.delivered
  return {
    clients: clientsCount,
    writers,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    samples: sorted.length,
    updatesPerSecond: result.updatesPerSecond,
    cpuMicrosPerUpdate: (after.cpuMicros - before.cpuMicros) / totalUpdates,
    maxRssMB: after.maxRssBytes / 2 ** 20,
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** The median of each metric over repeated runs (peak RSS: the largest). */
function medianRow(runs: Row[]): Row {
  return {
    ...runs[0],
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    updatesPerSecond: median(runs.map((r) => r.updatesPerSecond)),
    cpuMicrosPerUpdate: median(runs.map((r) => r.cpuMicrosPerUpdate)),
    maxRssMB: Math.max(...runs.map((r) => r.maxRssMB)),
  }
}

/**
 * One configuration: the three servers started side by side, then REPEATS runs
 * on ours and the reference interleaved (one on ours-fsync), medians reported.
 */
async function measureConfig(clients: ChildProcess, clientsCount: number, writers: number): Promise<Record<Kind, Row>> {
  const kinds: Kind[] = ['ours', 'reference', 'ours-fsync']
  const servers = await Promise.all(kinds.map(startServer))
  try {
    const runs: Record<Kind, Row[]> = { ours: [], reference: [], 'ours-fsync': [] }
    for (let rep = 0; rep < REPEATS; rep++) {
      const order = rep % 2 === 0 ? servers : [...servers].reverse()
      for (const server of order) {
        if (server.kind === 'ours-fsync' && rep > 0) continue
        runs[server.kind].push(await measureLoad(server, clients, clientsCount, writers))
      }
    }
    return { ours: medianRow(runs.ours), reference: medianRow(runs.reference), 'ours-fsync': medianRow(runs['ours-fsync']) }
  } finally {
    await Promise.all(servers.map(stopServer))
  }
}

/** ~1 MB of UTF-8: the sample document repeated, each copy numbered so no two paragraphs are equal. */
function megabyteText(): string {
  const sample = readFileSync(join(root, 'documents', 'china-central-asia-summit-2025-06-17.txt'), 'utf8')
  const copies: string[] = []
  let bytes = 0
  for (let i = 0; bytes < 1024 * 1024; i++) {
    const copy = sample.replace(/^(.+)$/gm, `$1 [${i}]`)
    copies.push(copy)
    bytes += Buffer.byteLength(copy)
  }
  return copies.join('\n')
}

interface JoinTimes {
  /** Ours only: the first join of another document of the same size, on the fresh server process. */
  freshProcess?: number
  /** Joins of the measured document, one after the other; ours: its room cold on the first. */
  joins: number[]
}

async function measureJoin(kind: Kind, clients: ChildProcess, text: string): Promise<JoinTimes> {
  const server = await startServer(kind)
  const run = async (task: JoinTask) => {
    const reply = nextMessage<JoinResult>(clients)
    clients.send(task)
    return (await reply).joinMs
  }
  try {
    let freshProcess: number | undefined
    if (kind !== 'reference') {
      // The reference process has served a seeding client and a witness join before
      // its measured joins; ours serves one join of another document first, so that
      // its first measured join times a cold room on a running server, not V8
      // compiling the server's code. That first join is reported on its own.
      const other = await createRoom(server, `${text}\nwarm-up`)
      ;[freshProcess] = await run({ type: 'join', url: server.syncUrl, room: other, repeats: 1 })
    }
    const room = await createRoom(server, text)
    const task: JoinTask = { type: 'join', url: server.syncUrl, room, repeats: 5 }
    if (kind === 'reference') {
      const paragraphs = paragraphsFromPlainText(text)
      task.seed = [...seedDocument(paragraphs, { title: 'bench', sourceHash: '', createdAt: '' })]
    }
    return { freshProcess, joins: await run(task) }
  } finally {
    await stopServer(server)
  }
}

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-')
const ratio = (ours: number, reference: number) => (reference > 0 ? `${(ours / reference).toFixed(2)}×` : '-')

export default async function syncBench(): Promise<void> {
  const clients = child('clientProcess.ts', [])
  await nextMessage<{ ready: true }>(clients)
  try {
    const rows: Record<Kind, Row>[] = []
    for (const { clients: n, writers } of CONFIGS) rows.push(await measureConfig(clients, n, writers))
    console.log(`Load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores. Medians of ${REPEATS} runs (fsync: 1 run).`)

    console.log('Propagation latency (ms, writer → each receiver), sustained updates/s, server CPU per update and peak RSS.')
    console.log('ours: every update committed to SQLite (WAL, synchronous=NORMAL) before it is broadcast; reference: in memory only.')
    console.log('| N | writers | p50 ours | p50 ref | ratio | p99 ours | p99 ref | ratio | upd/s ours | upd/s ref | ratio | server CPU µs/upd ours | ref | ratio | peak RSS MB ours | ref | ratio |')
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for (const { ours, reference } of rows) {
      console.log(
        `| ${ours.clients} | ${ours.writers} | ${fmt(ours.p50)} | ${fmt(reference.p50)} | ${ratio(ours.p50, reference.p50)} ` +
          `| ${fmt(ours.p99)} | ${fmt(reference.p99)} | ${ratio(ours.p99, reference.p99)} ` +
          `| ${fmt(ours.updatesPerSecond, 0)} | ${fmt(reference.updatesPerSecond, 0)} | ${ratio(ours.updatesPerSecond, reference.updatesPerSecond)} ` +
          `| ${fmt(ours.cpuMicrosPerUpdate, 0)} | ${fmt(reference.cpuMicrosPerUpdate, 0)} | ${ratio(ours.cpuMicrosPerUpdate, reference.cpuMicrosPerUpdate)} ` +
          `| ${fmt(ours.maxRssMB, 0)} | ${fmt(reference.maxRssMB, 0)} | ${ratio(ours.maxRssMB, reference.maxRssMB)} |`,
      )
    }
    console.log('\nours-fsync: the same with synchronous=FULL, one fsync per group commit (survives a machine crash).')
    console.log('| N | writers | p50 fsync | p50 ref | ratio | p99 fsync | p99 ref | ratio | upd/s fsync | upd/s ref | ratio |')
    console.log('|---|---|---|---|---|---|---|---|---|---|---|')
    for (const { 'ours-fsync': ours, reference } of rows) {
      console.log(
        `| ${ours.clients} | ${ours.writers} | ${fmt(ours.p50)} | ${fmt(reference.p50)} | ${ratio(ours.p50, reference.p50)} ` +
          `| ${fmt(ours.p99)} | ${fmt(reference.p99)} | ${ratio(ours.p99, reference.p99)} ` +
          `| ${fmt(ours.updatesPerSecond, 0)} | ${fmt(reference.updatesPerSecond, 0)} | ${ratio(ours.updatesPerSecond, reference.updatesPerSecond)} |`,
      )
    }

    if (process.env.BENCH_SYNC_SKIP_JOIN) return
    const text = megabyteText()
    // The reference first: seeding it also warms the client process up, so that
    // ours' first join measures the server's cold load, not the client's JIT.
    const reference = await measureJoin('reference', clients, text)
    const ours = await measureJoin('ours', clients, text)
    const [oursJoin, referenceJoin] = [ours.joins, reference.joins]
    console.log(`\nJoin time of a ${(Buffer.byteLength(text) / 2 ** 20).toFixed(2)} MB document, 5 joins one after the other. Ours opens the room from SQLite on the first (cold) join (answered from the stored bytes; the Y.Doc loads 1 s later or on the first edit) and keeps it 10 s after the last client leaves; the reference only ever holds it in memory, its process warmed by seeding it.`)
    console.log('| | ours | reference | ratio |')
    console.log('|---|---|---|---|')
    console.log(`| first join (ms; ours: room cold, read from SQLite) | ${fmt(oursJoin[0], 1)} | ${fmt(referenceJoin[0], 1)} | ${ratio(oursJoin[0], referenceJoin[0])} |`)
    console.log(`| median of 5 joins (ms) | ${fmt(median(oursJoin), 1)} | ${fmt(median(referenceJoin), 1)} | ${ratio(median(oursJoin), median(referenceJoin))} |`)
    console.log(`| each join in order (ms) | ${oursJoin.map((ms) => fmt(ms, 0)).join(', ')} | ${referenceJoin.map((ms) => fmt(ms, 0)).join(', ')} | |`)
    console.log(`| ours: first join on the fresh process (another document, room cold; ms) | ${fmt(ours.freshProcess ?? NaN, 1)} | - | |`)
  } finally {
    clients.kill()
  }
}
