/**
 * A sync server in its own process, so its RSS and CPU time are its own:
 * `ours <dataDir> <commit|fsync> [databaseUrl [redisUrl redisPrefix]]` starts the Variorum
 * workspace (durable: SQLite, or PostgreSQL when a database URL is given, fanned out
 * through Redis under its own prefix when a Redis URL is given too), `reference`
 * starts @y/websocket-server 0.1.1's setupWSConnection on a plain ws server
 * (documents in memory only). Reports `{ port }` over IPC, then answers
 * 'stats' with `{ maxRssBytes, rssBytes, cpuMicros }` and exits on 'stop'.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'

export interface ServerStats {
  rssBytes: number
  maxRssBytes: number
  /** User + system CPU time of the process so far (worker threads included), in µs. */
  cpuMicros: number
  /** Event-loop delay since the previous 'stats' (perf_hooks, 1 ms resolution): p99 and max, in ms. */
  loopDelayP99Ms: number
  loopDelayMaxMs: number
}

async function startOurs(dataDir: string, durability: string, databaseUrl?: string, redisUrl?: string, redisPrefix?: string): Promise<{ port: number; stop: () => Promise<void> }> {
  // BENCH_SYNC_WORKSPACE: the workspace as built (sync.bench.ts, buildWorkspace), whose worker threads load their built entries.
  const built = process.env.BENCH_SYNC_WORKSPACE
  const { startWorkspace } = (built ? await import(pathToFileURL(built).href) : await import('../../server/workspace')) as typeof import('../../server/workspace')
  const workspace = await startWorkspace({
    port: 0,
    dataDir,
    durability: durability === 'fsync' ? 'fsync' : 'commit',
    // The per-socket update limit (60/s, burst 600: issue 14's abuse guard) would close a
    // benchmark writer with 4430 mid-run, permanently; the reference has no such limit.
    limits: { updatesPerSecond: 1_000_000, updateBurst: 1_000_000 },
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(redisUrl ? { redis: { url: redisUrl, prefix: redisPrefix } } : {}),
  })
  return { port: workspace.port, stop: () => workspace.close() }
}

async function startReference(): Promise<{ port: number; stop: () => Promise<void> }> {
  const { WebSocketServer } = await import('ws')
  const { setupWSConnection } = (await import('@y/websocket-server/utils')) as {
    setupWSConnection: (conn: unknown, req: unknown) => void
  }
  const wss = new WebSocketServer({ noServer: true })
  wss.on('connection', setupWSConnection)
  const server = createServer((_req, res) => res.end('okay'))
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    stop: async () => {
      for (const ws of wss.clients) ws.terminate()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

const [kind, dataDir, durability, databaseUrl, redisUrl, redisPrefix] = process.argv.slice(2)
// How late the event loop ran its timers: a long synchronous task in the server shows here
// as it does in the propagation latency, and tells the server's share of a tail from the clients'.
const loopDelay = monitorEventLoopDelay({ resolution: 1 })
loopDelay.enable()
const running = kind === 'ours' ? await startOurs(dataDir, durability, databaseUrl, redisUrl, redisPrefix) : await startReference()
process.on('message', (message: string) => {
  if (message === 'stats') {
    const cpu = process.cpuUsage()
    const stats: ServerStats = {
      rssBytes: process.memoryUsage().rss,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      cpuMicros: cpu.user + cpu.system,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
    }
    loopDelay.reset()
    process.send?.(stats)
  } else if (message === 'stop') {
    void running.stop().then(() => process.exit(0))
  }
})
process.send?.({ port: running.port })
