/**
 * The benchmark's clients, in their own process so their CPU time is not the
 * server's: N stock y-websocket `WebsocketProvider`s on one document. Each task
 * arrives over IPC and its result goes back the same way.
 *
 * Every written update is one push of `[writer, seq, sentAt]` onto the doc's
 * `bench` Y.Array; a receiver's latency sample is `performance.now() - sentAt`
 * (one clock: writers and receivers share this process).
 */
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

export interface LoadTask {
  type: 'load'
  url: string
  room: string
  clients: number
  writers: number
  /** Latency phase: total updates per second across writers, and how long. */
  latencyRate: number
  latencyMs: number
  /** Throughput phase: updates each writer keeps in flight (not yet seen by every receiver), and how long. */
  window: number
  throughputMs: number
}

export interface LoadResult {
  connectMs: number
  latencies: number[]
  /** Updates seen by every receiver during the throughput phase, per second. */
  updatesPerSecond: number
  throughputStart: number
  throughputEnd: number
  delivered: number
}

export interface JoinTask {
  type: 'join'
  url: string
  room: string
  repeats: number
  /** When given, first put this update into the room (the reference server cannot be seeded otherwise). */
  seed?: number[]
}

export interface JoinResult {
  joinMs: number[]
}

type Entry = [writer: number, seq: number, sentAt: number]

const polyfill = WebSocket as unknown as typeof globalThis.WebSocket
// Each provider adds a process 'exit' listener (y-websocket, to drop its awareness).
process.setMaxListeners(0)

function connect(url: string, room: string): { doc: Y.Doc; provider: WebsocketProvider; synced: Promise<void> } {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(url, room, doc, { WebSocketPolyfill: polyfill, disableBc: true })
  const synced = new Promise<void>((resolve) => {
    const onSync = (state: boolean) => {
      if (!state) return
      provider.off('sync', onSync)
      resolve()
    }
    provider.on('sync', onSync)
  })
  return { doc, provider, synced }
}

async function load(task: LoadTask): Promise<LoadResult> {
  const started = performance.now()
  const clients = Array.from({ length: task.clients }, () => connect(task.url, task.room))
  await Promise.all(clients.map((client) => client.synced))
  const connectMs = performance.now() - started

  const receivers = task.clients - 1
  const seen = new Map<string, number>()
  const inFlight = new Array<number>(task.writers).fill(0)
  let phase: 'latency' | 'throughput' | 'drain' = 'latency'
  const latencies: number[] = []
  let delivered = 0
  let onComplete: (writer: number) => void = () => {}
  let pending = 0
  let drained: (() => void) | null = null

  clients.forEach(({ doc }, index) => {
    doc.getArray<Entry>('bench').observe((event) => {
      const now = performance.now()
      for (const item of event.changes.added) {
        for (const [writer, seq, sentAt] of item.content.getContent() as Entry[]) {
          if (writer === index) continue
          if (phase === 'latency') latencies.push(now - sentAt)
          const key = `${writer}:${seq}`
          const count = (seen.get(key) ?? 0) + 1
          if (count < receivers) {
            seen.set(key, count)
            continue
          }
          seen.delete(key)
          pending--
          onComplete(writer)
          if (pending === 0 && drained) drained()
        }
      }
    })
  })

  const seqs = new Array<number>(task.writers).fill(0)
  const write = (writer: number) => {
    pending++
    clients[writer].doc.getArray<Entry>('bench').push([[writer, seqs[writer]++, performance.now()]])
  }
  const drain = () =>
    new Promise<void>((resolve) => {
      if (pending === 0) return resolve()
      drained = () => {
        drained = null
        resolve()
      }
    })

  // Latency: a steady, moderate rate, so the samples measure the path, not a queue.
  await new Promise<void>((resolve) => {
    let next = 0
    const timer = setInterval(() => write(next++ % task.writers), 1000 / task.latencyRate)
    setTimeout(() => {
      clearInterval(timer)
      resolve()
    }, task.latencyMs)
  })
  await drain()

  // Throughput: every writer keeps `window` updates in flight for throughputMs.
  phase = 'throughput'
  let running = true
  const throughputStart = performance.now()
  onComplete = (writer) => {
    delivered++
    inFlight[writer]--
    if (running) {
      inFlight[writer]++
      write(writer)
    }
  }
  for (let writer = 0; writer < task.writers; writer++) {
    for (let i = 0; i < task.window; i++) {
      inFlight[writer]++
      write(writer)
    }
  }
  await new Promise<void>((resolve) => setTimeout(resolve, task.throughputMs))
  running = false
  const throughputEnd = performance.now()
  const deliveredInWindow = delivered
  phase = 'drain'
  await drain()

  for (const { provider, doc } of clients) {
    provider.destroy()
    doc.destroy()
  }
  return {
    connectMs,
    latencies,
    updatesPerSecond: (deliveredInWindow * 1000) / (throughputEnd - throughputStart),
    throughputStart,
    throughputEnd,
    delivered: deliveredInWindow,
  }
}

async function join(task: JoinTask): Promise<JoinResult> {
  if (task.seed) {
    const seeder = connect(task.url, task.room)
    Y.applyUpdate(seeder.doc, Uint8Array.from(task.seed))
    await seeder.synced
    // A second client seeing the content proves the server holds it.
    const witness = connect(task.url, task.room)
    await witness.synced
    await new Promise<void>((resolve) => {
      const check = () => {
        if (witness.doc.getXmlFragment('prosemirror').length === seeder.doc.getXmlFragment('prosemirror').length) resolve()
      }
      witness.doc.on('update', check)
      check()
    })
    for (const client of [seeder, witness]) {
      client.provider.destroy()
      client.doc.destroy()
    }
  }
  const joinMs: number[] = []
  for (let i = 0; i < task.repeats; i++) {
    const started = performance.now()
    const client = connect(task.url, task.room)
    await client.synced
    if (client.doc.getXmlFragment('prosemirror').length === 0) throw new Error('joined an empty document')
    joinMs.push(performance.now() - started)
    const closed = new Promise<void>((resolve) => client.provider.once('status', () => resolve()))
    client.provider.destroy()
    await closed
    client.doc.destroy()
  }
  return { joinMs }
}

process.on('message', (task: LoadTask | JoinTask) => {
  const run = task.type === 'load' ? load(task) : join(task)
  run.then(
    (result) => process.send?.(result),
    (error: unknown) => process.send?.({ error: String(error) }),
  )
})
process.send?.({ ready: true })
