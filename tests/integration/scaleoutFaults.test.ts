import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PostgresDocumentStore } from '../../server/persistence/postgres/PostgresDocumentStore'
import { FanoutUnavailableError } from '../../server/sync/RedisFanout'
import { CLOSE_CODES } from '../../server/sync/closeCodes'
import { startWorkspace, type RunningWorkspace } from '../../server/workspace'
import { temporaryPostgresDatabase } from '../server/persistence/engines'
import { connectTo, type Client } from './instances'
import { createTestDocument, paragraphText, projectDocument, waitForConvergence, waitForDoc } from './testWorkspace'

const TEXT = 'First paragraph.\n\nSecond paragraph.\nThird paragraph.\n'
/**
 * How long a recovery may take to show (vitest's default poll gives up after 1 s): Redis
 * connections are retried every 250 ms growing to 2 s, and CI runs this beside browser tests
 * on two cores. A bound, not a timing assertion: each poll ends as soon as the state holds.
 */
const RECOVERY = { timeout: 15_000 }

/** A TCP port nobody listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Resolves once something accepts TCP connections on `port`. */
async function listening(port: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** A redis-server of the test's own on `port` (no persistence), killed by `stop`. */
function startRedis(port: number): { process: ChildProcess; stop(): Promise<void> } {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
  return {
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGKILL')
      }),
  }
}

/**
 * A TCP proxy to PostgreSQL the test controls: `cut()` drops every connection
 * through it and refuses new ones (PostgreSQL unreachable), `restore()` accepts again.
 */
async function postgresProxy(): Promise<{ port: number; cut(): Promise<void>; restore(): Promise<void>; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const port = await freePort()
  let server: net.Server | null = null
  const listen = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(5432, '127.0.0.1')
      for (const socket of [client, upstream]) {
        sockets.add(socket)
        socket.once('close', () => sockets.delete(socket))
        socket.on('error', () => {
          client.destroy()
          upstream.destroy()
        })
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', () => resolve()))
  }
  const cut = async () => {
    const closing = server
    server = null
    for (const socket of sockets) socket.destroy()
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()))
  }
  await listen()
  return { port, cut, restore: listen, close: cut }
}

/** What `/readyz` answers: status and checks. */
async function readiness(instance: RunningWorkspace): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${instance.url}/readyz`)
  return { status: response.status, body: await response.json() }
}

/** Every close code the client's provider saw, in order. */
function closeCodes(client: Client): number[] {
  const codes: number[] = []
  client.provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) codes.push(event.code)
  })
  return codes
}

describe('faults of a scaled-out workspace', () => {
  let database: { url: string; drop(): Promise<void> }
  let dataDir: string
  let prefix: string
  const instances: RunningWorkspace[] = []
  const clients: Client[] = []
  const cleanups: (() => Promise<void>)[] = []

  const start = async (options: { databaseUrl?: string; redisUrl?: string } = {}) => {
    const instance = await startWorkspace({
      port: 0,
      dataDir,
      clientDir: join(dataDir, 'no-client'),
      databaseUrl: options.databaseUrl ?? database.url,
      redis: options.redisUrl ? { url: options.redisUrl, prefix } : undefined,
    })
    instances.push(instance)
    return instance
  }
  const connect = (instance: RunningWorkspace, id: string): Client => {
    const client = connectTo(instance.url, id)
    clients.push(client)
    return client
  }
  const stored = async (id: string): Promise<string> => {
    const store = await PostgresDocumentStore.open(database.url, { maxConnections: 1 })
    try {
      const doc = new Y.Doc()
      const state = await store.fetch(id)
      if (state) Y.applyUpdate(doc, state)
      return projectDocument(doc)
    } finally {
      await store.close()
    }
  }

  beforeEach(async () => {
    database = await temporaryPostgresDatabase()
    dataDir = mkdtempSync(join(tmpdir(), 'variorum-faults-'))
    prefix = `variorum-test-scaleout-faults-${randomBytes(4).toString('hex')}`
  })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await Promise.all(instances.splice(0).map((instance) => instance.close()))
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('refuses to start when Redis cannot be reached, naming the address, and leaves nothing running', async () => {
    const port = await freePort()
    const refused = await start({ redisUrl: `redis://:secret@127.0.0.1:${port}` }).then(
      () => null,
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(FanoutUnavailableError)
    expect((refused as Error).message).toMatch(new RegExp(`^cannot reach Redis at redis://:…@127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`))
    // The database it had opened is released: the test's drop (FORCE) would hang on nothing, and a start without Redis works.
    const alone = await start()
    expect((await fetch(`${alone.url}/api/documents`)).status).toBe(200)
  })

  it('keeps serving each instance\'s clients while Redis is down, and converges every instance once it is back', async () => {
    const port = await freePort()
    let redis = startRedis(port)
    cleanups.push(() => redis.stop())
    await listening(port)
    const redisUrl = `redis://127.0.0.1:${port}`
    const [one, two] = [await start({ redisUrl }), await start({ redisUrl })]
    const id = await createTestDocument(one.url, TEXT, 'Redis outage')
    const [a1, a2, b1] = [connect(one, id), connect(one, id), connect(two, id)]
    await Promise.all([a1.synced, a2.synced, b1.synced])
    paragraphText(a1.doc, 0).insert(0, 'before ')
    await waitForDoc(b1.doc, (doc) => projectDocument(doc).startsWith('before '))

    expect(await readiness(one)).toEqual({ status: 200, body: { ready: true, checks: { database: true, redis: true, draining: false } } })
    await redis.stop()
    // Unready (no new clients for it), while it keeps serving its own clients...
    await expect.poll(() => readiness(two), RECOVERY).toEqual({ status: 503, body: { ready: false, checks: { database: true, redis: false, draining: false } } })
    paragraphText(a1.doc, 1).insert(0, 'during-a ')
    paragraphText(b1.doc, 2).insert(0, 'during-b ')
    await waitForDoc(a2.doc, (doc) => projectDocument(doc).includes('during-a '))
    // ...and what they write is stored.
    await expect.poll(() => stored(id), RECOVERY).toContain('during-b ')
    expect(projectDocument(b1.doc)).not.toContain('during-a ')

    redis = startRedis(port)
    await listening(port)
    await expect.poll(() => readiness(two), RECOVERY).toEqual({ status: 200, body: { ready: true, checks: { database: true, redis: true, draining: false } } })
    await waitForConvergence([a1.doc, a2.doc, b1.doc])
    await waitForDoc(b1.doc, (doc) => projectDocument(doc).includes('during-a '))
    const expected = 'before First paragraph.\n\nduring-a Second paragraph.\n\nduring-b Third paragraph.'
    for (const client of [a1, a2, b1]) expect(projectDocument(client.doc)).toBe(expected)
    // Fan-out works again afterwards.
    paragraphText(b1.doc, 0).insert(0, 'after ')
    await waitForDoc(a2.doc, (doc) => projectDocument(doc).startsWith('after '))
    expect(await stored(id)).toBe(`after ${expected}`)
  })

  it('makes writes fail visibly while PostgreSQL is unreachable (4500, reconnecting), and loses nothing acknowledged or written meanwhile', async () => {
    const proxy = await postgresProxy()
    cleanups.push(() => proxy.close())
    const proxied = database.url.replace(':5432/', `:${proxy.port}/`)
    const instance = await start({ databaseUrl: proxied })
    const id = await createTestDocument(instance.url, TEXT, 'Postgres outage')
    const writer = connect(instance, id)
    const reader = connect(instance, id)
    await Promise.all([writer.synced, reader.synced])
    const codes = closeCodes(writer)
    paragraphText(writer.doc, 0).insert(0, 'acknowledged ')
    // The reader has it, so it was stored.
    await waitForDoc(reader.doc, (doc) => projectDocument(doc).startsWith('acknowledged '))

    await proxy.cut()
    expect(await readiness(instance)).toEqual({ status: 503, body: { ready: false, checks: { database: false, draining: false } } })
    paragraphText(writer.doc, 1).insert(0, 'written-during-outage ')
    // The server could not store it: the socket is closed with storageFailed, and the client keeps trying.
    await expect.poll(() => codes, RECOVERY).toContain(CLOSE_CODES.storageFailed)
    expect(projectDocument(reader.doc)).not.toContain('written-during-outage')

    await proxy.restore()
    await expect.poll(() => readiness(instance), RECOVERY).toEqual({ status: 200, body: { ready: true, checks: { database: true, draining: false } } })
    // The writer reconnects and sends what it kept; everyone converges on both edits.
    await waitForDoc(reader.doc, (doc) => projectDocument(doc).includes('written-during-outage '))
    await waitForConvergence([writer.doc, reader.doc])
    const expected = 'acknowledged First paragraph.\n\nwritten-during-outage Second paragraph.\n\nThird paragraph.'
    expect(projectDocument(reader.doc)).toBe(expected)
    expect(await stored(id)).toBe(expected)
    const late = connect(instance, id)
    await late.synced
    expect(projectDocument(late.doc)).toBe(expected)
  })
})
