/**
 * `npm run bench -- scaleout`: how long an edit takes to reach another client
 * (issue #16), side by side in one run, fixed rounds:
 * - one instance on SQLite (the default),
 * - one instance on PostgreSQL,
 * - two instances on one PostgreSQL database fanned out through Redis, the writer
 *   on one and the observer on the other.
 * Each round types one word on the writer and waits until the observer has it
 * (one update in flight at a time, so the figure is the path's latency, not a
 * queue's). Needs the machine's PostgreSQL (127.0.0.1:5432) and Redis (6379);
 * uses a database and a channel prefix of its own, removed afterwards.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { DOC_MODEL, projectDocument } from '../../doc'
import { startWorkspace, type RunningWorkspace, type WorkspaceOptions } from '../../server/workspace'

const ROUNDS = 400
const WARMUP = 30
const POSTGRES = 'postgres://postgres@127.0.0.1:5432'
const REDIS = 'redis://127.0.0.1:6379'

interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
}

function connect(url: string, id: string): Promise<Client> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${url.replace('http', 'ws')}/sync`, id, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
  return new Promise((resolve) => {
    const onSync = (synced: boolean) => {
      if (!synced) return
      provider.off('sync', onSync)
      resolve({ doc, provider })
    }
    provider.on('sync', onSync)
  })
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

async function createDocument(url: string): Promise<string> {
  const response = await fetch(`${url}/api/documents`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'Scale-out bench.\nSecond paragraph.', title: `bench ${randomBytes(4).toString('hex')}` }),
  })
  return ((await response.json()) as { id: string }).id
}

/** ms from typing a word on `writer` until `observer` holds it, per round. */
async function measure(writer: Client, observer: Client): Promise<number[]> {
  const latencies: number[] = []
  const first = () => (writer.doc.getXmlFragment(DOC_MODEL.fragment).get(0) as Y.XmlElement).get(0) as Y.XmlText
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const word = `w${round} `
    const seen = new Promise<void>((resolve) => {
      const check = () => {
        if (!projectDocument(observer.doc).startsWith(word)) return
        observer.doc.off('update', check)
        resolve()
      }
      observer.doc.on('update', check)
    })
    const started = performance.now()
    first().insert(0, word)
    await seen
    if (round >= WARMUP) latencies.push(performance.now() - started)
  }
  return latencies
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]
}

export default async function run(): Promise<void> {
  const database = `variorum_bench_scaleout_${randomBytes(4).toString('hex')}`
  const prefix = `variorum-bench-scaleout-${randomBytes(4).toString('hex')}`
  const dataDir = mkdtempSync(join(tmpdir(), 'variorum-bench-scaleout-'))
  await admin(`CREATE DATABASE ${database}`)
  const running: RunningWorkspace[] = []
  const clients: Client[] = []
  const start = async (options: Partial<WorkspaceOptions>) => {
    const workspace = await startWorkspace({ port: 0, dataDir: join(dataDir, String(running.length)), clientDir: join(dataDir, 'no-client'), ...options })
    running.push(workspace)
    return workspace
  }
  try {
    const rows: { name: string; latencies: number[] }[] = []

    const sqlite = await start({})
    const sqliteDoc = await createDocument(sqlite.url)
    const [sw, so] = [await connect(sqlite.url, sqliteDoc), await connect(sqlite.url, sqliteDoc)]
    clients.push(sw, so)
    rows.push({ name: 'one instance, SQLite', latencies: await measure(sw, so) })

    const url = `${POSTGRES}/${database}`
    const alone = await start({ databaseUrl: url })
    const aloneDoc = await createDocument(alone.url)
    const [pw, po] = [await connect(alone.url, aloneDoc), await connect(alone.url, aloneDoc)]
    clients.push(pw, po)
    rows.push({ name: 'one instance, PostgreSQL', latencies: await measure(pw, po) })

    const a = await start({ databaseUrl: url, redis: { url: REDIS, prefix } })
    const b = await start({ databaseUrl: url, redis: { url: REDIS, prefix } })
    const sharedDoc = await createDocument(a.url)
    const [rw, ro] = [await connect(a.url, sharedDoc), await connect(b.url, sharedDoc)]
    clients.push(rw, ro)
    rows.push({ name: 'two instances, PostgreSQL + Redis (writer on one, observer on the other)', latencies: await measure(rw, ro) })

    const base = rows[1].latencies
    console.log(`${ROUNDS} rounds each (after ${WARMUP} warm-up rounds), one update in flight; ms from typing on the writer to the observer holding it\n`)
    console.log('| path | p50 | p99 | max | p50 vs one PostgreSQL instance | p99 vs one PostgreSQL instance |')
    console.log('|---|---|---|---|---|---|')
    for (const { name, latencies } of rows) {
      const ratio = (p: number) => `${(percentile(latencies, p) / percentile(base, p)).toFixed(2)}x`
      console.log(`| ${name} | ${percentile(latencies, 50).toFixed(2)} | ${percentile(latencies, 99).toFixed(2)} | ${Math.max(...latencies).toFixed(2)} | ${ratio(50)} | ${ratio(99)} |`)
    }
  } finally {
    for (const client of clients) {
      client.provider.destroy()
      client.doc.destroy()
    }
    await Promise.all(running.map((workspace) => workspace.close()))
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
