/**
 * Part of `npm run bench:sync` (issue #16; alone: `npm run bench -- sync/instances`):
 * the deployments side by side in one run, fixed rounds, each server in its own process:
 * - one instance on SQLite,
 * - one instance on PostgreSQL (a temporary database of its own),
 * - three instances on one PostgreSQL database (another temporary one) fanned out
 *   through Redis under a key prefix of its own; the clients are spread over the
 *   three round-robin, so the writers sit on three different instances, and the
 *   latency samples are taken only on receivers on another instance than the writer,
 * - the reference @y/websocket-server 0.1.1 (in memory, one process).
 * For each: propagation latency p50/p99 at a steady rate (writer → every receiver),
 * throughput (updates/s seen by every receiver, a bounded window in flight), and the
 * join time of a ~1 MB document (on the three-instance deployment: created through
 * the first instance, joined through the second). Then the two target ratios.
 * Needs PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379); the databases are
 * dropped afterwards and the fan-out (pub/sub) leaves no Redis keys.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { paragraphsFromPlainText } from '../../core/text'
import { seedDocument } from '../../doc/text/seedDocument'
import type { JoinResult, JoinTask, LoadResult, LoadTask } from './clientProcess'
import type { ServerStats } from './serverProcess'

const here = fileURLToPath(new URL('.', import.meta.url))
const root = join(here, '..', '..')
const scratch = join(root, '.tmp')
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432'
const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Clients on the document (spread over the instances), writers among them. */
const CLIENTS = Number(process.env.BENCH_SYNC_INSTANCES_CLIENTS ?? 12)
const WRITERS = 3
/**
 * Updates in each latency phase, at a steady LATENCY_RATE updates/s in all (1,000 at
 * 50/s: 20 s). 50/s, not the 100/s of the other sync table: on the shared 2-core
 * machine one PostgreSQL instance sustains little more than 100/s, and at its
 * capacity the samples would measure a queue, not the path.
 */
const LATENCY_UPDATES = Number(process.env.BENCH_SYNC_INSTANCES_UPDATES ?? 1000)
const LATENCY_RATE = Number(process.env.BENCH_SYNC_INSTANCES_RATE ?? 50)
/** Throughput phase: updates in flight across all writers, and how long. */
const WINDOW_TOTAL = Number(process.env.BENCH_SYNC_INSTANCES_WINDOW ?? 30)
/**
 * Capacity phase, as long, with this many in flight: with 30, updates/s is 30 ÷ the round
 * trip (Little's law), so it ranks the path's latency (measured apart above), and a
 * deployment with more hops (commit, publish, a second instance) scores lower at any
 * capacity. Typists do not wait for their last keystroke to reach everyone; what they feel
 * under load is how many updates/s the deployment delivers to everyone once saturated.
 */
const CAPACITY_WINDOW_TOTAL = Number(process.env.BENCH_SYNC_INSTANCES_CAPACITY_WINDOW ?? 300)
const THROUGHPUT_MS = 3000
/** Rounds over the four deployments, order reversed every other round; medians reported. */
// Three, not two: the median of two rounds was the better of the two.
const ROUNDS = Number(process.env.BENCH_SYNC_INSTANCES_ROUNDS ?? 3)
const JOINS = 5

type Name = 'sqlite' | 'postgres' | 'three' | 'reference'
const LABELS: Record<Name, string> = {
  sqlite: 'one instance, SQLite',
  postgres: 'one instance, PostgreSQL',
  three: 'three instances, PostgreSQL + Redis',
  reference: 'reference @y/websocket-server',
}

function child(file: string, args: string[]): ChildProcess {
  // BENCH_SYNC_PROFILE=DIR writes a V8 CPU profile of every child into DIR.
  const profile = process.env.BENCH_SYNC_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SYNC_PROFILE}`] : []
  return fork(join(here, file), args, { execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
}

/** The child's next message; a child silent for TASK_TIMEOUT_MS fails the run rather than hanging it. */
const TASK_TIMEOUT_MS = 180_000
function nextMessage<T>(process: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`child exited with ${code}`))
    const timer = setTimeout(() => {
      process.off('exit', onExit)
      reject(new Error(`no answer from ${process.spawnargs.slice(-1)[0]} after ${TASK_TIMEOUT_MS} ms`))
    }, TASK_TIMEOUT_MS)
    process.once('exit', onExit)
    process.once('message', (message) => {
      clearTimeout(timer)
      process.off('exit', onExit)
      const error = (message as { error?: string }).error
      if (error) reject(new Error(error))
      else resolve(message as T)
    })
  })
}

interface Instance {
  process: ChildProcess
  httpUrl: string
  syncUrl: string
  dataDir?: string
}

interface Deployment {
  name: Name
  instances: Instance[]
  /** Its PostgreSQL database, whose server processes' CPU time is counted too. */
  database?: string
}

async function startInstance(args: string[], dataDir?: string): Promise<Instance> {
  const process = child('serverProcess.ts', args)
  const { port } = await nextMessage<{ port: number }>(process)
  return { process, dataDir, httpUrl: `http://127.0.0.1:${port}`, syncUrl: `ws://127.0.0.1:${port}/sync` }
}

function startOurs(databaseUrl?: string, redisPrefix?: string): Promise<Instance> {
  mkdirSync(scratch, { recursive: true })
  const dataDir = mkdtempSync(join(scratch, 'bench-sync-instances-'))
  const args = ['ours', dataDir, 'commit', ...(databaseUrl ? [databaseUrl] : []), ...(redisPrefix ? [REDIS, redisPrefix] : [])]
  return startInstance(args, dataDir)
}

async function stopInstance(instance: Instance): Promise<void> {
  if (instance.process.exitCode === null) {
    const exited = new Promise((resolve) => instance.process.once('exit', resolve))
    instance.process.send('stop')
    await exited
  }
  if (instance.dataDir) rmSync(instance.dataDir, { recursive: true, force: true })
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${POSTGRES}/postgres` })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/** A document on `deployment`: ours creates it through the first instance's API; the reference gets a fresh room seeded by the first client. */
async function createRoom(deployment: Deployment, text: string): Promise<string> {
  if (deployment.name === 'reference') return `bench-${randomBytes(6).toString('hex')}`
  const response = await fetch(`${deployment.instances[0].httpUrl}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body: text,
  })
  if (!response.ok) throw new Error(`creating a document: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { id: string }).id
}

const seedOf = (text: string) => [...seedDocument(paragraphsFromPlainText(text), { title: 'bench', sourceHash: '', createdAt: '' })]

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

interface Load {
  p50: number
  p99: number
  samples: number
  updatesPerSecond: number
  /** Updates/s seen by every receiver with CAPACITY_WINDOW_TOTAL in flight. */
  capacityUpdatesPerSecond: number
  /** CPU time of the deployment's server processes (all three instances summed) per update written, µs. */
  cpuMicrosPerUpdate: number
  /** CPU time of the PostgreSQL backends serving its database per update written, µs (NaN without one). */
  postgresMicrosPerUpdate: number
  /** CPU time of the clients' process per update written, µs. */
  clientMicrosPerUpdate: number
}

/**
 * User + system CPU time, µs, of the PostgreSQL backends connected to `database` now
 * (from /proc; a backend that exits meanwhile takes its time with it, so this
 * undercounts a little; the WAL writer and checkpointer, shared, are not counted).
 */
async function postgresCpuMicros(database: string | undefined): Promise<Map<number, number>> {
  const times = new Map<number, number>()
  if (!database) return times
  const client = new pg.Client({ connectionString: `${POSTGRES}/postgres` })
  await client.connect()
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database])
    for (const { pid } of rows) {
      try {
        // Fields 14 and 15 (utime, stime) in clock ticks of 10 ms, after the ")" that ends the command name.
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
        times.set(pid, (Number(fields[11]) + Number(fields[12])) * 10_000)
      } catch {
        // Not on this machine's /proc (a remote PostgreSQL) or gone: not counted.
      }
    }
  } finally {
    await client.end()
  }
  return times
}

function postgresCpuSpent(before: Map<number, number>, after: Map<number, number>): number {
  let spent = 0
  for (const [pid, micros] of after) spent += micros - (before.get(pid) ?? 0)
  return spent
}

/** User + system CPU time of every server process of the deployment so far, µs (PostgreSQL and Redis not included). */
async function serversCpuMicros(deployment: Deployment): Promise<number> {
  const all = await Promise.all(
    deployment.instances.map((instance) => {
      const reply = nextMessage<ServerStats>(instance.process)
      instance.process.send('stats')
      return reply
    }),
  )
  return all.reduce((sum, stats) => sum + stats.cpuMicros, 0)
}

async function measureLoad(deployment: Deployment, clients: ChildProcess): Promise<Load> {
  const text = `Benchmark ${randomBytes(4).toString('hex')}\nsecond paragraph\n`
  const room = await createRoom(deployment, text)
  const task: LoadTask = {
    type: 'load',
    url: deployment.instances[0].syncUrl,
    urls: deployment.instances.map((instance) => instance.syncUrl),
    room,
    clients: CLIENTS,
    writers: WRITERS,
    latencyRate: LATENCY_RATE,
    latencyUpdates: LATENCY_UPDATES,
    window: Math.floor(WINDOW_TOTAL / WRITERS),
    throughputMs: THROUGHPUT_MS,
    capacityWindow: Math.floor(CAPACITY_WINDOW_TOTAL / WRITERS),
  }
  if (deployment.name === 'reference') task.seed = seedOf(text)
  const cpuBefore = await serversCpuMicros(deployment)
  const postgresBefore = await postgresCpuMicros(deployment.database)
  const reply = nextMessage<LoadResult>(clients)
  clients.send(task)
  const result = await reply
  const cpu = (await serversCpuMicros(deployment)) - cpuBefore
  const postgresCpu = postgresCpuSpent(postgresBefore, await postgresCpuMicros(deployment.database))
  const sorted = [...result.latencies].sort((a, b) => a - b)
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    samples: sorted.length,
    updatesPerSecond: result.updatesPerSecond,
    capacityUpdatesPerSecond: result.capacityUpdatesPerSecond ?? NaN,
    cpuMicrosPerUpdate: cpu / result.written,
    postgresMicrosPerUpdate: deployment.database ? postgresCpu / result.written : NaN,
    clientMicrosPerUpdate: result.cpuMicros / result.written,
  }
}

/** Join times of the ~1 MB document; ours: created through the first instance, joined through the last, its room cold there on the first join. */
async function measureJoin(deployment: Deployment, clients: ChildProcess, text: string): Promise<number[]> {
  const run = async (task: JoinTask) => {
    const reply = nextMessage<JoinResult>(clients)
    clients.send(task)
    return (await reply).joinMs
  }
  const url = deployment.instances[deployment.instances.length - 1].syncUrl
  if (deployment.name !== 'reference') {
    // A join of another document first, so the measured first join times a cold
    // room on a warm process, not V8 compiling the server (the reference process
    // is warmed alike by its seeding client).
    await run({ type: 'join', url, room: await createRoom(deployment, `${text}\nwarm-up`), repeats: 1 })
  }
  const room = await createRoom(deployment, text)
  const task: JoinTask = { type: 'join', url, room, repeats: JOINS }
  if (deployment.name === 'reference') task.seed = seedOf(text)
  return run(task)
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

const fmt = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-')
const times = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : '-')

export default async function instancesBench(): Promise<void> {
  const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ')
  const tag = `syncbench_${randomBytes(4).toString('hex')}`
  const databases = { postgres: `variorum_bench_${tag}_one`, three: `variorum_bench_${tag}_three` }
  const prefix = `variorum-bench-${tag}`
  const clients = child('clientProcess.ts', [])
  const deployments: Deployment[] = []
  const createdDatabases: string[] = []
  try {
    await nextMessage<{ ready: true }>(clients)
    for (const database of Object.values(databases)) {
      await admin(`CREATE DATABASE ${database}`)
      createdDatabases.push(database)
    }
    deployments.push({ name: 'sqlite', instances: [await startOurs()] })
    deployments.push({ name: 'postgres', database: databases.postgres, instances: [await startOurs(`${POSTGRES}/${databases.postgres}`)] })
    // One at a time: the first runs the migrations on the shared database.
    const three: Instance[] = []
    deployments.push({ name: 'three', database: databases.three, instances: three })
    for (let i = 0; i < 3; i++) three.push(await startOurs(`${POSTGRES}/${databases.three}`, prefix))
    deployments.push({ name: 'reference', instances: [await startInstance(['reference'])] })

    const loads: Record<Name, Load[]> = { sqlite: [], postgres: [], three: [], reference: [] }
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? deployments : [...deployments].reverse()
      for (const deployment of order) loads[deployment.name].push(await measureLoad(deployment, clients))
    }
    const text = megabyteText()
    const joins = {} as Record<Name, number[]>
    // The reference first: seeding it also warms the client process up.
    for (const deployment of [...deployments].reverse()) joins[deployment.name] = await measureJoin(deployment, clients, text)

    const summary = (name: Name) => ({
      p50: median(loads[name].map((l) => l.p50)),
      p99: median(loads[name].map((l) => l.p99)),
      samples: loads[name].reduce((sum, l) => sum + l.samples, 0),
      updatesPerSecond: median(loads[name].map((l) => l.updatesPerSecond)),
      cpuMicrosPerUpdate: median(loads[name].map((l) => l.cpuMicrosPerUpdate)),
      postgresMicrosPerUpdate: median(loads[name].map((l) => l.postgresMicrosPerUpdate)),
      clientMicrosPerUpdate: median(loads[name].map((l) => l.clientMicrosPerUpdate)),
      perRound: loads[name].map((l) => fmt(l.updatesPerSecond, 0)).join(', '),
      capacity: median(loads[name].map((l) => l.capacityUpdatesPerSecond)),
      capacityPerRound: loads[name].map((l) => fmt(l.capacityUpdatesPerSecond, 0)).join(', '),
      joinFirst: joins[name][0],
      joinMedian: median(joins[name]),
    })
    const rows = Object.fromEntries(deployments.map(({ name }) => [name, summary(name)])) as Record<Name, ReturnType<typeof summary>>

    console.log(
      `${CLIENTS} stock y-websocket clients on one document, ${WRITERS} writers; ${ROUNDS} round(s) over the four deployments (order reversed every other round), medians. ` +
        `Latency: ${LATENCY_UPDATES} updates per round at ${LATENCY_RATE} updates/s, ms from the writer typing to each receiver holding it ` +
        `(three instances: only receivers on another instance than the writer). Throughput: ${WINDOW_TOTAL} updates in flight for ${THROUGHPUT_MS / 1000} s, ` +
        `updates/s seen by every receiver; capacity: the same with ${CAPACITY_WINDOW_TOTAL} in flight (saturated). Server CPU: user + system time of the deployment's server processes (three instances summed) ` +
        `over a whole load task, per update written; PostgreSQL CPU: its backends serving the deployment's database (Redis not counted). Join: a ${(Buffer.byteLength(text) / 2 ** 20).toFixed(2)} MB document, ${JOINS} joins one after the other ` +
        '(ours: the first on a cold room; three instances: created through the first instance, joined through the third).',
    )
    console.log(`Load average at the start: ${loadAtStart}; at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores.\n`)
    console.log('| deployment | p50 ms | p99 ms | samples | updates/s | updates/s per round | capacity updates/s | capacity per round | server CPU µs/update | PostgreSQL CPU µs/update | client process CPU µs/update | 1 MB join, first (ms) | median join (ms) |')
    console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|')
    for (const { name } of deployments) {
      const row = rows[name]
      console.log(
        `| ${LABELS[name]} | ${fmt(row.p50)} | ${fmt(row.p99)} | ${row.samples} | ${fmt(row.updatesPerSecond, 0)} | ${row.perRound} | ${fmt(row.capacity, 0)} | ${row.capacityPerRound} | ${fmt(row.cpuMicrosPerUpdate, 0)} | ${fmt(row.postgresMicrosPerUpdate, 0)} | ${fmt(row.clientMicrosPerUpdate, 0)} | ${fmt(row.joinFirst, 1)} | ${fmt(row.joinMedian, 1)} |`,
      )
    }
    const { three: t, postgres: p, sqlite: s, reference: r } = rows
    console.log('\nTargets (issue #16):')
    console.log(`- three instances' throughput ÷ the reference's: ${times(t.updatesPerSecond, r.updatesPerSecond)} with ${WINDOW_TOTAL} in flight; ${times(t.capacity, r.capacity)} saturated (${CAPACITY_WINDOW_TOTAL} in flight) (target ≥ 1.00×)`)
    console.log(`- three instances' p99 ÷ one PostgreSQL instance's p99: ${times(t.p99, p.p99)} (target ≤ 2.00×); ÷ one SQLite instance's: ${times(t.p99, s.p99)}`)
    const cpuOf = (row: typeof t) => row.cpuMicrosPerUpdate + (Number.isFinite(row.postgresMicrosPerUpdate) ? row.postgresMicrosPerUpdate : 0)
    console.log(`- CPU per update (servers + PostgreSQL backends): three instances ÷ the reference: ${times(cpuOf(t), cpuOf(r))}; one PostgreSQL instance ÷ the reference: ${times(cpuOf(p), cpuOf(r))}`)
    console.log(`- also: three instances' throughput ÷ one PostgreSQL instance's: ${times(t.updatesPerSecond, p.updatesPerSecond)}; p50 ÷ one PostgreSQL instance's: ${times(t.p50, p.p50)}; median 1 MB join ÷ the reference's: ${times(t.joinMedian, r.joinMedian)}`)
  } finally {
    clients.kill()
    for (const deployment of deployments) await Promise.all(deployment.instances.map(stopInstance))
    for (const database of createdDatabases) await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  }
}
