import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it, onTestFailed } from 'vitest'
import * as Y from 'yjs'
import { PostgresDocumentStore } from '../../server/persistence/postgres/PostgresDocumentStore'
import { temporaryPostgresDatabase } from '../server/persistence/engines'
import { connectTo, REDIS_URL, type Client } from './instances'
import { createTestDocument, paragraphText, projectDocument } from './testWorkspace'

const root = fileURLToPath(new URL('../..', import.meta.url))
const WRITERS = 20
/**
 * Words 0…3 of each writer reach everyone before the fault; 4…7 are typed around the kill;
 * 8…11 after it. Few enough that the test ends within its minute on a loaded machine
 * (at a load of 20 on two cores the servers alone took 25 s to start).
 */
const WORDS_EACH = 12
const FIRST_PHASE = 4
const SECOND_PHASE_END = 8
const WORD = /^w\d+-\d+$/

/** The `w<writer>-<n>` words of a text. */
function wordsOf(text: string): Set<string> {
  return new Set(text.split(/\s+/).filter((word) => WORD.test(word)))
}

/** The real bin's `serve` in a child process on PostgreSQL + Redis; resolves with its URL once it listens. */
function serveInChild(env: NodeJS.ProcessEnv): { child: ChildProcessWithoutNullStreams; url: Promise<string> } {
  const child = spawn(process.execPath, ['bin/variorum.mjs', 'serve', '--port', '0', '--host', '127.0.0.1', '--documents', '/nonexistent'], {
    cwd: root,
    env: { ...process.env, ...env },
  })
  // Should the test process itself end abruptly, the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))
  let output = ''
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /workspace at (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1].replace('localhost', '127.0.0.1'))
    })
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)))
  })
  return { child, url }
}

/**
 * The first instance's road to Redis, a TCP proxy the test controls: `hold()` drops
 * everything the instance sends from then on, so what it commits afterwards is in
 * PostgreSQL and reaches its own clients but no other instance: an instance dying
 * between commit and publish, for a whole burst of commits instead of by chance.
 */
async function redisLink(): Promise<{ url: string; hold(): void; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>()
  let held = false
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(new URL(REDIS_URL).port), new URL(REDIS_URL).hostname)
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.once('close', () => sockets.delete(socket))
      socket.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
    }
    client.on('data', (chunk: Buffer) => void (held || upstream.write(chunk)))
    upstream.pipe(client)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return {
    url: `redis://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    hold: () => void (held = true),
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * A load balancer the test controls: each connection goes to the first backend
 * that accepts it, in order; a dead backend is skipped. So clients start on the
 * first instance and, once it is killed, reconnect to the next.
 */
async function balancer(backends: number[]): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    sockets.add(client)
    client.once('close', () => sockets.delete(client))
    client.pause()
    const tryBackend = (index: number): void => {
      if (index >= backends.length) return void client.destroy()
      const upstream = net.connect(backends[index], '127.0.0.1')
      upstream.once('error', () => {
        if (upstream.bytesRead === 0 && upstream.bytesWritten === 0) tryBackend(index + 1)
        else client.destroy()
      })
      upstream.once('connect', () => {
        sockets.add(upstream)
        upstream.once('close', () => {
          sockets.delete(upstream)
          client.destroy()
        })
        client.once('close', () => upstream.destroy())
        client.on('error', () => upstream.destroy())
        client.pipe(upstream).pipe(client)
        client.resume()
      })
    }
    tryBackend(0)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  return {
    port: (server.address() as net.AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/**
 * Kill -9 of one of two instances (real `serve` processes on PostgreSQL + Redis) while
 * 20 writers type through a balancer; just before the kill its publishes stop reaching
 * Redis, so the writers hold each other's last edits that the surviving instance never
 * heard of, and the first to reconnect carries them in their sync step 2 (the path of the
 * one CI failure: every writer but the first few refused 4422 on reconnecting, their
 * later words missing). Bounded: the
 * test gives up after 60 s, and its processes, database and proxies go whatever happens
 * (pub/sub leaves no Redis keys).
 */
describe('an instance killed while 20 writers write', () => {
  let database: { url: string; drop(): Promise<void> } | null = null
  const children: ChildProcessWithoutNullStreams[] = []
  const clients: Client[] = []
  const cleanups: (() => Promise<void>)[] = []

  beforeEach(async () => {
    database = await temporaryPostgresDatabase()
  })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await Promise.all(children.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
      child.kill('SIGTERM')
      // A server that does not drain in time is killed: the hook must end.
      const stuck = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(stuck)
    }))
    for (const cleanup of cleanups.splice(0)) await cleanup().catch(() => {})
    await database?.drop()
    database = null
  })

  it('loses nothing any observer saw, and every client converges on the surviving instance', async () => {
    // When it fails (or runs out of time), say how far it got and when.
    const started = Date.now()
    const phases: string[] = []
    const reached = (phase: string) => phases.push(`${phase} at ${((Date.now() - started) / 1000).toFixed(1)} s`)
    onTestFailed(() => console.log(`kill test reached: ${phases.join('; ')}`))
    const prefix = `variorum-test-scaleout-kill-${randomBytes(4).toString('hex')}`
    const link = await redisLink()
    cleanups.push(() => link.close())
    const env = { VARIORUM_DATABASE_URL: database!.url, VARIORUM_REDIS_PREFIX: prefix }
    // Both at once: the test run's global setup has built dist/server, which bin/variorum.mjs runs.
    const first = serveInChild({ ...env, VARIORUM_REDIS_URL: link.url })
    const second = serveInChild({ ...env, VARIORUM_REDIS_URL: REDIS_URL })
    children.push(first.child, second.child)
    const [firstUrl, secondUrl] = await Promise.all([first.url, second.url])
    reached('servers up')
    const lb = await balancer([Number(new URL(firstUrl).port), Number(new URL(secondUrl).port)])
    cleanups.push(() => lb.close())
    const id = await createTestDocument(secondUrl, 'Kill test.\nSecond paragraph.', 'Kill')

    // The writers go through the balancer (to the first instance); the observer sits on the second.
    const observer = connectTo(secondUrl, id)
    const writers = Array.from({ length: WRITERS }, () => connectTo(`http://127.0.0.1:${lb.port}`, id))
    clients.push(observer, ...writers)
    await Promise.all([observer.synced, ...writers.map((w) => w.synced)])
    reached('clients synced')
    // A permanent close (44xx) would leave a writer out for good: none may happen.
    const permanent: string[] = []
    for (const writer of writers) writer.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && event.code >= 4400 && event.code < 4500) permanent.push(`${event.code} ${event.reason}`)
    })
    const seen = new Set<string>()
    observer.doc.on('update', () => {
      for (const word of wordsOf(projectDocument(observer.doc))) seen.add(word)
    })
    const typeWords = (from: number, to: number, before?: (n: number) => Promise<void>) =>
      Promise.all(writers.map(async (writer, w) => {
        for (let n = from; n < to; n++) {
          await before?.(n)
          paragraphText(writer.doc, 1).insert(0, `w${w}-${n} `)
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
      }))
    const wordsNumbered = (n: number) => writers.map((_, w) => `w${w}-${n}`)
    const holdsAll = (client: Client, words: string[]) => {
      const have = wordsOf(projectDocument(client.doc))
      return words.every((word) => have.has(word))
    }

    // 1. A first third of the words, through the first instance; the observer gets them through Redis.
    await typeWords(0, FIRST_PHASE)
    await expect.poll(() => holdsAll(observer, Array.from({ length: FIRST_PHASE }, (_, n) => wordsNumbered(n)).flat()), { timeout: 15_000 }).toBe(true)
    // 2. The first instance's publishes stop reaching Redis and the writers type on: what it
    // commits now reaches the writers only. Once every writer holds every writer's first word of
    // this phase, the instance is killed (SIGKILL) while they are still typing; those words are in
    // PostgreSQL and in the writers' docs, and the surviving instance never heard of them.
    reached('first third everywhere')
    link.hold()
    const unheardWords = wordsNumbered(FIRST_PHASE)
    let observerHadUnheard = true
    const killed = (async () => {
      await expect.poll(() => writers.every((writer) => holdsAll(writer, unheardWords)), { timeout: 15_000 }).toBe(true)
      observerHadUnheard = unheardWords.some((word) => seen.has(word))
      first.child.kill('SIGKILL')
      reached('killed')
    })()
    // 3. The last third is typed after the kill: every writer must have moved over.
    await typeWords(FIRST_PHASE, WORDS_EACH, async (n) => {
      if (n === SECOND_PHASE_END) await killed
    })
    reached('all typed')
    expect(observerHadUnheard).toBe(false)
    const seenBeforeEnd = new Set(seen)

    const expectedWords = new Set(Array.from({ length: WRITERS }, (_, w) => Array.from({ length: WORDS_EACH }, (__, n) => `w${w}-${n}`)).flat())
    try {
      await expect.poll(() => wordsOf(projectDocument(observer.doc)).size, { timeout: 25_000 }).toBe(expectedWords.size)
    } finally {
      // On failure, say whose words are missing and whether their writers were shut out.
      const have = wordsOf(projectDocument(observer.doc))
      const missingBy = writers
        .map((writer, w) => ({ writer: w, missing: [...expectedWords].filter((word) => word.startsWith(`w${w}-`) && !have.has(word)).length, connected: writer.provider.wsconnected }))
        .filter((entry) => entry.missing > 0)
      if (missingBy.length > 0) console.log('kill test: permanent closes', JSON.stringify(permanent), 'missing', JSON.stringify(missingBy))
    }
    reached('observer has every word')
    expect(permanent).toEqual([])
    await expect.poll(() => writers.filter((w) => projectDocument(w.doc) !== projectDocument(observer.doc)).length, { timeout: 10_000 }).toBe(0)
    const final = projectDocument(observer.doc)
    // Everything the observer ever saw is still there, and every writer's every word.
    for (const word of seenBeforeEnd) expect(wordsOf(final).has(word)).toBe(true)
    expect(wordsOf(final)).toEqual(expectedWords)
    for (const writer of writers) expect(projectDocument(writer.doc)).toBe(final)
    // And it is in PostgreSQL.
    const store = await PostgresDocumentStore.open(database!.url, { maxConnections: 1 })
    try {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, (await store.fetch(id))!)
      expect(projectDocument(doc)).toBe(final)
    } finally {
      await store.close()
    }
  }, 60_000)
})
