/**
 * `npm run bench -- abuse`: issue 14's HTTP abuse figures, against the workspace in
 * its own process (bench/sync/serverProcess.ts), loopback only, fixed counts:
 * - slow bodies: 2,000 connections each announcing a 1 MB upload and trickling one
 *   byte every 500 ms; /healthz answer times (p50, p95, max) while they hang, beside
 *   the same probes with no slow connections. Target: max ≤ 100 ms.
 * - sign-in brute force: 60 wrong passwords in a row from one address; how many the
 *   server checked (401) before refusing unread (429) within the minute.
 * - upload burst: 50 small uploads in a row; the first 429 (the per-minute quota).
 */
import { fork, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { connect, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SLOW_CONNECTIONS = 2000
const PROBES = 60
const PROBE_GAP_MS = 50
const SIGN_IN_ATTEMPTS = 60
const UPLOADS = 50
const here = fileURLToPath(new URL('.', import.meta.url))

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

/** `PROBES` GET /healthz answer times in ms, one every PROBE_GAP_MS. */
async function probeHealth(base: string): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < PROBES; i++) {
    const started = performance.now()
    const response = await fetch(`${base}/healthz`)
    await response.arrayBuffer()
    if (response.status !== 200) throw new Error(`/healthz answered ${response.status}`)
    times.push(performance.now() - started)
    await new Promise((resolve) => setTimeout(resolve, PROBE_GAP_MS))
  }
  return times.sort((a, b) => a - b)
}

function openSlowBody(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST /api/documents HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n`)
      resolve(socket)
    })
    socket.on('error', reject)
  })
}

function row(label: string, times: number[]): string {
  return `| ${label} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 95).toFixed(1)} | ${times[times.length - 1].toFixed(1)} |`
}

export default async function run(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'variorum-bench-abuse-http-'))
  const server: ChildProcess = fork(join(here, '../sync/serverProcess.ts'), ['ours', dataDir, 'commit'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  try {
    const { port } = await new Promise<{ port: number }>((resolve) => server.once('message', (m) => resolve(m as { port: number })))
    const base = `http://127.0.0.1:${port}`

    const quiet = await probeHealth(base)
    const sockets: Socket[] = []
    for (let i = 0; i < SLOW_CONNECTIONS; i++) sockets.push(await openSlowBody(port))
    const trickle = setInterval(() => {
      for (const socket of sockets) if (!socket.destroyed) socket.write('x')
    }, 500)
    const loaded = await probeHealth(base)
    clearInterval(trickle)
    const stillOpen = sockets.filter((s) => !s.destroyed).length
    for (const socket of sockets) socket.destroy()
    console.log(`slow bodies: ${SLOW_CONNECTIONS} connections trickling 1 byte / 500 ms (${stillOpen} still open after the probes)\n`)
    console.log('| /healthz | p50 ms | p95 ms | max ms |\n|---|---|---|---|')
    console.log(row('alone', quiet))
    console.log(row(`beside ${SLOW_CONNECTIONS} slow bodies`, loaded))

    const json = { 'content-type': 'application/json' }
    const setup = await fetch(`${base}/api/setup`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'owner', password: 'bench password 1' }) })
    const cookie = (setup.headers.get('set-cookie') ?? '').split(';')[0]
    const signIn: number[] = []
    for (let i = 0; i < SIGN_IN_ATTEMPTS; i++) {
      const response = await fetch(`${base}/api/session`, { method: 'POST', headers: json, body: JSON.stringify({ username: 'owner', password: `guess ${i}` }) })
      await response.arrayBuffer()
      signIn.push(response.status)
    }
    console.log(`\nsign-in brute force: ${signIn.filter((s) => s === 401).length} of ${SIGN_IN_ATTEMPTS} wrong passwords checked in the minute, ${signIn.filter((s) => s === 429).length} refused with 429`)

    const uploads: number[] = []
    for (let i = 0; i < UPLOADS; i++) {
      const response = await fetch(`${base}/api/documents`, { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify({ text: `upload ${i}` }) })
      await response.arrayBuffer()
      uploads.push(response.status)
    }
    const first429 = uploads.indexOf(429)
    console.log(`upload burst: ${uploads.filter((s) => s === 201).length} of ${UPLOADS} stored, first 429 at upload ${first429 + 1}`)
  } finally {
    server.send('stop')
    await new Promise((resolve) => server.once('exit', resolve))
    rmSync(dataDir, { recursive: true, force: true })
  }
}
