/**
 * The benchmark's clients, in their own process so their CPU time is not the
 * server's: N stock y-websocket `WebsocketProvider`s on one document. Each task
 * arrives over IPC and its result goes back the same way.
 *
 * Every written update is typing: one token `⟨writer:seq:sentAt⟩` inserted at the
 * start of the document's first paragraph (the access rule refuses top-level
 * types outside the document's shape, so a side Y.Array would be closed 4422);
 * a receiver's latency sample is `performance.now() - sentAt` (one clock:
 * writers and receivers share this process).
 */
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { latencyRate, nextTrialPace, predictedPace, steadyRate, type PaceDecision, type PaceTrial } from './latencyPace'

export interface LoadTask {
  type: 'load'
  url: string
  /**
   * Several instances of one deployment: client i connects to urls[i % urls.length]
   * (writers, the first clients, land on different instances), and latency samples
   * are taken only on receivers on another instance than the writer's.
   * Throughput still counts an update once every receiver, wherever it is, has it.
   */
  urls?: string[]
  room: string
  clients: number
  writers: number
  /** Latency phase: total updates per second across writers, and how many updates in all. */
  latencyRate: number
  latencyUpdates: number
  /** When given, the first client puts this update into the room before the others join (the reference cannot be seeded otherwise). */
  seed?: number[]
  /** Throughput phase: updates each writer keeps in flight (not yet seen by every receiver), and how long. */
  window: number
  throughputMs: number
  /**
   * When given, a second throughput phase as long with this many updates in flight per
   * writer: enough to saturate the path, so that it measures capacity rather than
   * the round trip (updates/s = window ÷ round trip while the window is short).
   */
  capacityWindow?: number
  /**
   * When given, instead of the throughput phases: one saturated phase (sync.bench.ts's
   * calibration) with `window` updates in flight per writer, which lasts at least `minMs`
   * and until `minCompletions` updates have reached every receiver after the first one did
   * (at most `maxMs`), and reports `saturatedUpdatesPerSecond`.
   */
  saturate?: { window: number; minMs: number; minCompletions: number; maxMs: number }
  /**
   * When given, after everything else: paced trials (sync.bench.ts's calibration), each
   * `trialMs` long at most `maxUpdates` updates, stepping the rate down until a round of
   * `roundUpdates` would keep it (latencyPace.ts, predictedPace and nextTrialPace). The first rate is `rate`, or, without it,
   * `fraction` of the saturated phase's deliveries/s spread over the receivers (latencyRate).
   */
  trial?: { rate?: number; fraction: number; maxRate: number; trialMs: number; maxUpdates: number; roundUpdates: number; maxTrials: number; maxMs: number }
}

export interface LoadResult {
  connectMs: number
  latencies: number[]
  /**
   * How long the latency phase took, its drain included (ms): near latencyUpdates / latencyRate
   * when the server and the clients kept the pace; much longer, and the samples measure a queue.
   */
  latencyMs: number
  /** Updates seen by every receiver during the throughput phase, per second. */
  updatesPerSecond: number
  /** The same in the capacity phase (`capacityWindow`), when there was one. */
  capacityUpdatesPerSecond?: number
  /** The saturated phase (`saturate`): updates/s seen by every receiver once the first was (latencyPace.ts, steadyRate). */
  saturatedUpdatesPerSecond?: number
  throughputStart: number
  throughputEnd: number
  delivered: number
  /** Updates written in all (latency and throughput phases): what the servers' CPU time is divided by. */
  written: number
  /** The paced trials (`trial`), in order, and what they decided. */
  trials?: PaceTrial[]
  pace?: PaceDecision
  /** Wall time of each phase (ms), in order: connect, warm-up, latency, throughput, saturate, trials, close. */
  phases: Record<string, number>
  /** CPU time of this process (every client) over the task, µs: a bench whose clients saturate their process measures them, not the servers. */
  cpuMicros: number
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

const STALL_MS = 30_000
/** Updates each writer sends before the latency phase, unmeasured (see `load`). */
const WARM_UP_UPDATES_PER_WRITER = 5
const TOKEN = /⟨(\d+):(\d+):([\d.]+)⟩/g

/** The first paragraph's text, where the writers type. */
function firstParagraph(doc: Y.Doc): Y.XmlText {
  const paragraph = doc.getXmlFragment('prosemirror').get(0)
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null
  if (!(text instanceof Y.XmlText)) throw new Error('the bench document has no first paragraph')
  return text
}

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

/**
 * Resolves once every client has synced; rejects after STALL_MS naming those that have not
 * and those whose socket is down, so that a round that never connects fails the run
 * instead of hanging it (one hung for 14 min at N = 100, both processes idle, 10 of 100
 * sockets open: docs/ARCHITECTURE.md, "A pace decided per row").
 */
async function allSynced(clients: { provider: WebsocketProvider; synced: Promise<void> }[]): Promise<void> {
  const synced = clients.map(() => false)
  let timer: ReturnType<typeof setTimeout> | undefined
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const waiting = synced.flatMap((done, index) => (done ? [] : [index]))
      const down = clients.flatMap(({ provider }, index) => (provider.wsconnected ? [] : [index]))
      reject(new Error(`connecting stalled: ${waiting.length} of ${clients.length} client(s) not synced after ${STALL_MS} ms (${waiting.slice(0, 20).join(', ')}); sockets down: ${down.length}`))
    }, STALL_MS)
  })
  try {
    await Promise.race([Promise.all(clients.map(({ synced: done }, index) => done.then(() => void (synced[index] = true)))), stalled])
  } finally {
    clearTimeout(timer)
  }
}

async function load(task: LoadTask): Promise<LoadResult> {
  const started = performance.now()
  const cpuAtStart = process.cpuUsage()
  const urls = task.urls ?? [task.url]
  const instanceOf = (client: number) => client % urls.length
  const first = connect(urls[0], task.room)
  if (task.seed) Y.applyUpdate(first.doc, Uint8Array.from(task.seed))
  await allSynced([first])
  if (task.seed) await seenByServer(urls[0], task.room, first.doc)
  const clients = [first, ...Array.from({ length: task.clients - 1 }, (_, i) => connect(urls[instanceOf(i + 1)], task.room))]
  await allSynced(clients)
  const connectMs = performance.now() - started
  const phases: Record<string, number> = { connect: connectMs }

  const receivers = task.clients - 1
  const seen = new Map<string, number>()
  const inFlight = new Array<number>(task.writers).fill(0)
  let phase: 'warm-up' | 'latency' | 'throughput' | 'drain' | 'trial' = 'warm-up'
  const latencies: number[] = []
  let delivered = 0
  let onComplete: (writer: number) => void = () => {}
  let pending = 0
  let drained: (() => void) | null = null
  // When a paced trial's first and last updates reached every receiver.
  let firstDone = NaN
  let lastDone = NaN

  clients.forEach(({ doc }, index) => {
    doc.getXmlFragment('prosemirror').observeDeep((events) => {
      const now = performance.now()
      for (const event of events) {
        if (!(event.target instanceof Y.XmlText)) continue
        for (const op of event.delta) {
          if (typeof op.insert !== 'string') continue
          for (const [, writerText, seqText, sentAtText] of op.insert.matchAll(TOKEN)) {
            const writer = Number(writerText)
            if (writer === index) continue
            if (phase === 'latency' && (urls.length === 1 || instanceOf(writer) !== instanceOf(index))) latencies.push(now - Number(sentAtText))
            const key = `${writer}:${seqText}`
            const count = (seen.get(key) ?? 0) + 1
            if (count < receivers) {
              seen.set(key, count)
              continue
            }
            seen.delete(key)
            pending--
            if (phase === 'trial') lastDone = now
            if (phase === 'trial' && Number.isNaN(firstDone)) firstDone = now
            onComplete(writer)
            if (pending === 0 && drained) drained()
          }
        }
      }
    })
  })

  const seqs = new Array<number>(task.writers).fill(0)
  const write = (writer: number) => {
    pending++
    firstParagraph(clients[writer].doc).insert(0, `⟨${writer}:${seqs[writer]++}:${performance.now().toFixed(3)}⟩`)
  }
  // A drain that makes no progress for STALL_MS fails the task with what is missing
  // (which updates, seen by how many receivers, which sockets are down) instead of
  // hanging the run.
  const drain = () =>
    new Promise<void>((resolve, reject) => {
      if (pending === 0) return resolve()
      let last = pending
      const watchdog = setInterval(() => {
        if (pending < last) {
          last = pending
          return
        }
        clearInterval(watchdog)
        drained = null
        const missing = [...seen].slice(0, 10).map(([key, count]) => `${key} seen by ${count}/${receivers}`)
        const down = clients.flatMap(({ provider }, index) => (provider.wsconnected ? [] : [index]))
        reject(new Error(`${phase} phase stalled: ${pending} update(s) not seen by every receiver after ${STALL_MS} ms (${missing.join('; ') || 'none seen by any'}); clients not connected: ${down.join(', ') || 'none'}`))
      }, STALL_MS)
      drained = () => {
        clearInterval(watchdog)
        drained = null
        resolve()
      }
    })

  // Warm-up, not measured, the same on every server: a few updates from each writer, so that
  // both servers hold the document in memory before the first measured update. The reference
  // holds it from its seeding on; ours opens a room from the stored bytes and loads its Y.Doc on
  // the first edit (~100-300 ms for 1 MB), which the join table measures, not this one.
  const warmUpBegan = performance.now()
  for (let i = 0; i < WARM_UP_UPDATES_PER_WRITER * task.writers; i++) write(i % task.writers)
  await drain()
  phases.warmUp = performance.now() - warmUpBegan

  // Paced: `updates` updates at `rate` updates/s, against the clock (not setInterval's drift),
  // then drained; returns how long it took, the drain included.
  const paced = async (rate: number, updates: number): Promise<number> => {
    const began = performance.now()
    await new Promise<void>((resolve) => {
      let next = 0
      const tick = () => {
        const due = Math.min(updates, Math.floor(((performance.now() - began) * rate) / 1000) + 1)
        while (next < due) write(next++ % task.writers)
        if (next >= updates) resolve()
        else setTimeout(tick, Math.max(0, began + (next * 1000) / rate - performance.now()))
      }
      tick()
    })
    await drain()
    return performance.now() - began
  }

  // Latency: a steady, moderate rate, so the samples measure the path, not a queue.
  phase = 'latency'
  const latencyMs = task.latencyUpdates > 0 ? await paced(task.latencyRate, task.latencyUpdates) : 0
  phases.latency = latencyMs

  // Throughput: every writer keeps `window` updates in flight for throughputMs (or, saturating,
  // until `enough` says so, asked every 100 ms), then drain.
  const throughput = async (window: number, enough?: (elapsedMs: number, delivered: number) => boolean): Promise<{ start: number; end: number; delivered: number; firstDelivered: number }> => {
    phase = 'throughput'
    let running = true
    delivered = 0
    let firstDelivered = NaN
    const start = performance.now()
    onComplete = (writer) => {
      if (delivered++ === 0) firstDelivered = performance.now()
      inFlight[writer]--
      if (running) {
        inFlight[writer]++
        write(writer)
      }
    }
    for (let writer = 0; writer < task.writers; writer++) {
      for (let i = 0; i < window; i++) {
        inFlight[writer]++
        write(writer)
      }
    }
    if (enough) while (!enough(performance.now() - start, delivered)) await new Promise<void>((resolve) => setTimeout(resolve, 100))
    else await new Promise<void>((resolve) => setTimeout(resolve, task.throughputMs))
    running = false
    const end = performance.now()
    const inWindow = delivered
    phase = 'drain'
    await drain()
    return { start, end, delivered: inWindow, firstDelivered }
  }
  const { saturate, trial } = task
  const timed = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const began = performance.now()
    try {
      return await run()
    } finally {
      phases[name] = performance.now() - began
    }
  }
  const saturated = saturate
    ? await timed('saturate', () => throughput(saturate.window, (elapsedMs, count) => elapsedMs >= saturate.maxMs || (elapsedMs >= saturate.minMs && count > saturate.minCompletions)))
    : null
  const measured = saturated || !(task.throughputMs > 0) ? null : await timed('throughput', () => throughput(task.window))
  const capacity = !saturated && task.capacityWindow ? await throughput(task.capacityWindow) : null
  const saturatedUpdatesPerSecond = saturated ? steadyRate(saturated.delivered, saturated.firstDelivered, saturated.end) : NaN

  // Paced trials: each predicts the pace a round of `roundUpdates` would keep at its rate
  // (latencyPace.ts, predictedPace), so that a trial shorter than a round does not count
  // one trip against its short length.
  let trials: PaceTrial[] | undefined
  let pace: PaceDecision | undefined
  if (trial) {
    const began = performance.now()
    phase = 'trial'
    trials = []
    let rate = trial.rate ?? latencyRate(saturatedUpdatesPerSecond * receivers, receivers, trial.fraction, trial.maxRate)
    for (;;) {
      const updates = Math.max(task.writers * 2, Math.min(trial.maxUpdates, Math.ceil((rate * trial.trialMs) / 1000)))
      firstDone = NaN
      lastDone = NaN
      const trialBegan = performance.now()
      const elapsedMs = await paced(rate, updates)
      trials.push({ rate, kept: predictedPace(trial.roundUpdates, rate, updates, firstDone - trialBegan, lastDone - trialBegan), elapsedMs })
      pace = nextTrialPace(trials, { maxTrials: trial.maxTrials, maxMs: trial.maxMs })
      if (pace.kind !== 'try') break
      rate = pace.rate
    }
    phases.trials = performance.now() - began
  }

  const closeBegan = performance.now()
  for (const { provider, doc } of clients) {
    provider.destroy()
    doc.destroy()
  }
  phases.close = performance.now() - closeBegan
  return {
    connectMs,
    latencies,
    latencyMs,
    updatesPerSecond: measured ? (measured.delivered * 1000) / (measured.end - measured.start) : NaN,
    throughputStart: measured?.start ?? NaN,
    throughputEnd: measured?.end ?? NaN,
    delivered: measured?.delivered ?? 0,
    ...(capacity ? { capacityUpdatesPerSecond: (capacity.delivered * 1000) / (capacity.end - capacity.start) } : {}),
    ...(saturated ? { saturatedUpdatesPerSecond } : {}),
    ...(trials ? { trials, pace } : {}),
    phases,
    written: seqs.reduce((sum, count) => sum + count, 0),
    cpuMicros: ((cpu) => cpu.user + cpu.system)(process.cpuUsage(cpuAtStart)),
  }
}

/** Resolves once a second client joining `room` holds as many paragraphs as `doc`: the server has the seed. */
async function seenByServer(url: string, room: string, doc: Y.Doc): Promise<void> {
  const witness = connect(url, room)
  await witness.synced
  await new Promise<void>((resolve) => {
    const check = () => {
      if (witness.doc.getXmlFragment('prosemirror').length === doc.getXmlFragment('prosemirror').length) resolve()
    }
    witness.doc.on('update', check)
    check()
  })
  witness.provider.destroy()
  witness.doc.destroy()
}

async function join(task: JoinTask): Promise<JoinResult> {
  if (task.seed) {
    const seeder = connect(task.url, task.room)
    Y.applyUpdate(seeder.doc, Uint8Array.from(task.seed))
    await seeder.synced
    // A second client seeing the content proves the server holds it.
    await seenByServer(task.url, task.room, seeder.doc)
    seeder.provider.destroy()
    seeder.doc.destroy()
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
