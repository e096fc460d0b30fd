import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import net from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { PostgresDocumentStore } from '../../server/persistence/postgres/PostgresDocumentStore'
import { temporaryPostgresDatabase } from '../server/persistence/engines'
import { connectTo, REDIS_URL, type Client } from '../integration/instances'
import { createTestDocument, paragraphText, projectDocument } from '../integration/testWorkspace'

const root = fileURLToPath(new URL('../..', import.meta.url))
const WRITERS = 20
const WORDS_EACH = 25

/** The real bin's `serve` in a child process on PostgreSQL + Redis; resolves with its URL once it listens. */
function serveInChild(env: NodeJS.ProcessEnv): { child: ChildProcessWithoutNullStreams; url: Promise<string> } {
  const child = spawn(process.execPath, ['bin/variorum.mjs', 'serve', '--port', '0', '--host', '127.0.0.1', '--documents', '/nonexistent'], {
    cwd: root,
    env: { ...process.env, ...env },
  })
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

describe('an instance killed while 20 writers write', () => {
  let database: { url: string; drop(): Promise<void> }
  const children: ChildProcessWithoutNullStreams[] = []
  const clients: Client[] = []
  const cleanups: (() => Promise<void>)[] = []

  beforeEach(async () => {
    database = await temporaryPostgresDatabase()
  })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    for (const child of children.splice(0)) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
        child.kill('SIGTERM')
        await exited
      }
    }
    for (const cleanup of cleanups.splice(0)) await cleanup()
    await database.drop()
  })

  it('loses nothing any observer saw, and every client converges on the surviving instance', async () => {
    const env = {
      VARIORUM_DATABASE_URL: database.url,
      VARIORUM_REDIS_URL: REDIS_URL,
      VARIORUM_REDIS_PREFIX: `variorum-test-scaleout-kill-${randomBytes(4).toString('hex')}`,
    }
    // One after the other: the first start may build dist/server (bin/variorum.mjs), which the second then reuses.
    const first = serveInChild(env)
    children.push(first.child)
    const firstUrl = await first.url
    const second = serveInChild(env)
    children.push(second.child)
    const secondUrl = await second.url
    const lb = await balancer([Number(new URL(firstUrl).port), Number(new URL(secondUrl).port)])
    cleanups.push(() => lb.close())
    const id = await createTestDocument(secondUrl, 'Kill test.\nSecond paragraph.', 'Kill')

    // The writers go through the balancer (to the first instance); the observer sits on the second.
    const observer = connectTo(secondUrl, id)
    const writers = Array.from({ length: WRITERS }, () => connectTo(`http://127.0.0.1:${lb.port}`, id))
    clients.push(observer, ...writers)
    await Promise.all([observer.synced, ...writers.map((w) => w.synced)])
    // A permanent close (44xx) would leave a writer out for good: none may happen.
    const permanent: number[] = []
    for (const writer of writers) writer.provider.on('connection-close', (event: CloseEvent | null) => {
      if (event && event.code >= 4400 && event.code < 4500) permanent.push(event.code)
    })
    const seen = new Set<string>()
    observer.doc.on('update', () => {
      for (const word of projectDocument(observer.doc).split(/\s+/)) if (/^w\d+-\d+$/.test(word)) seen.add(word)
    })

    let killed = false
    const killedAfter = new Promise<void>((resolve) => {
      const check = () => {
        if (killed || seen.size < (WRITERS * WORDS_EACH) / 3) return
        killed = true
        first.child.kill('SIGKILL')
        observer.doc.off('update', check)
        resolve()
      }
      observer.doc.on('update', check)
    })
    // Every writer types its words one at a time: the first instance is killed while
    // they type the first half (once the observer has seen a third of all words), and
    // the second half is typed after the kill, so every writer must have moved over.
    let writtenAtKill = -1
    void killedAfter.then(() => {
      writtenAtKill = written
    })
    let written = 0
    await Promise.all(writers.map(async (writer, w) => {
      for (let n = 0; n < WORDS_EACH; n++) {
        if (n === Math.ceil(WORDS_EACH / 2)) await killedAfter
        paragraphText(writer.doc, 1).insert(0, `w${w}-${n} `)
        written++
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
    }))
    expect(writtenAtKill).toBeLessThan(WRITERS * WORDS_EACH)
    const seenBeforeEnd = new Set(seen)

    const expectedWords = new Set(Array.from({ length: WRITERS }, (_, w) => Array.from({ length: WORDS_EACH }, (__, n) => `w${w}-${n}`)).flat())
    const wordsOf = (text: string) => new Set(text.split(/\s+/).filter((word) => /^w\d+-\d+$/.test(word)))
    try {
      await expect.poll(() => wordsOf(projectDocument(observer.doc)).size, { timeout: 60_000 }).toBe(expectedWords.size)
    } finally {
      const have = wordsOf(projectDocument(observer.doc))
      const missingBy = writers.map((wr, w) => [w, Array.from({ length: WORDS_EACH }, (_, n) => `w${w}-${n}`).filter((x) => !have.has(x)).length, wr.provider.wsconnected, wordsOf(projectDocument(wr.doc)).size])
      console.log('kill test: permanent closes', JSON.stringify(permanent), 'missing', JSON.stringify(missingBy.filter((m) => (m[1] as number) > 0)))
    }
    await expect.poll(() => writers.filter((w) => projectDocument(w.doc) !== projectDocument(observer.doc)).length, { timeout: 30_000 }).toBe(0)
    expect(permanent).toEqual([])
    const final = projectDocument(observer.doc)
    // Everything the observer ever saw is still there, and every writer's every word.
    for (const word of seenBeforeEnd) expect(wordsOf(final).has(word)).toBe(true)
    expect(wordsOf(final)).toEqual(expectedWords)
    for (const writer of writers) expect(projectDocument(writer.doc)).toBe(final)
    // And it is in PostgreSQL.
    const store = await PostgresDocumentStore.open(database.url, { maxConnections: 1 })
    try {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, (await store.fetch(id))!)
      expect(projectDocument(doc)).toBe(final)
    } finally {
      await store.close()
    }
  }, 120_000)
})
