import { describe, expect, it } from 'vitest'
import { AnalysisClient, type AnalysisState, type WorkerLike } from '../../../client/workers/analysisClient'
import { runAnalysis, type AnalysisRequest, type AnalysisResponse } from '../../../client/workers/analysisProtocol'

/** A worker that answers only when the test says so (runAnalysis for real), and records terminations. */
class FakeWorker implements WorkerLike {
  onmessage: ((event: { data: AnalysisResponse }) => void) | null = null
  onerror: ((event: { message?: string }) => void) | null = null
  requests: AnalysisRequest[] = []
  terminated = false
  postMessage(message: AnalysisRequest): void {
    this.requests.push(message)
  }
  terminate(): void {
    this.terminated = true
  }
  answer(index = this.requests.length - 1): void {
    runAnalysis(this.requests[index], (data) => this.onmessage?.({ data }))
  }
}

function setup(initial: string) {
  let text = initial
  const workers: FakeWorker[] = []
  const timers: Array<() => void> = []
  const states: AnalysisState[] = []
  const client = new AnalysisClient({
    createWorker: () => {
      const worker = new FakeWorker()
      workers.push(worker)
      return worker
    },
    readText: () => text,
    onState: (s) => states.push(s),
    setTimer: (run) => timers.push(run) - 1,
    clearTimer: (id) => {
      timers[id as number] = () => {}
    },
  })
  return { client, workers, timers, states, setText: (t: string) => (text = t) }
}

const REPEAT = '同事们、朋友们，我们的合作根植于两千多年的友好交往历史，双方要发挥好外长战略对话机制作用。'

describe('AnalysisClient', () => {
  it('posts the text with its version and shows the results tagged with it', () => {
    const { client, workers } = setup(`${REPEAT}\n\n其他内容。\n\n${REPEAT}\n\n他说自已要去。`)
    client.run()
    expect(client.current.running).toBe(true)
    expect(workers[0].requests).toEqual([{ version: 0, text: expect.any(String), tasks: ['checks', 'duplicates'] }])
    workers[0].answer()
    const state = client.current
    expect(state.running).toBe(false)
    expect(state.progress).toBeNull()
    expect(state.duplicates?.version).toBe(0)
    expect(state.duplicates?.value.map((c) => c.occurrences.length)).toEqual([2])
    expect(state.checks?.value.map((f) => f.rule)).toEqual(['typo'])
  })

  it('re-runs once after the quiet time, one run at a time, and drops answers to other requests', () => {
    const { client, workers, timers, setText } = setup('甲。')
    client.run()
    setText('他说自已要去。')
    client.textChanged()
    client.textChanged()
    expect(client.current.version).toBe(2)
    expect(timers.length).toBe(2)
    timers[1]()
    // The worker is still busy with version 0: nothing more is posted, the run is queued.
    expect(workers).toHaveLength(1)
    expect(workers[0].requests.map((r) => r.version)).toEqual([0])
    // An answer to no request in flight is dropped.
    workers[0].onmessage?.({ data: { kind: 'checks', version: 5, findings: [], ms: 0 } })
    expect(client.current.checks).toBeNull()
    // Version 0 ends: its results show (stale), and the queued run starts on the latest text.
    workers[0].answer(0)
    expect(client.current.checks?.version).toBe(0)
    expect(client.current.running).toBe(true)
    expect(workers[0].requests.map((r) => [r.version, r.text])).toEqual([[0, '甲。'], [2, '他说自已要去。']])
    expect(workers[0].terminated).toBe(false)
    workers[0].answer(1)
    expect(client.current.checks?.version).toBe(2)
    expect(client.current.checks?.value.map((f) => f.rule)).toEqual(['typo'])
    expect(client.current.running).toBe(false)
  })

  it('keeps the last results, marked by their older version, while an edit waits for its run', () => {
    const { client, workers } = setup('他说自已要去。')
    client.run()
    workers[0].answer()
    client.textChanged()
    expect(client.current.version).toBe(1)
    expect(client.current.checks?.version).toBe(0)
  })

  it('reports an engine error and a crashed worker', () => {
    const { client, workers } = setup('abc')
    client.run()
    workers[0].onmessage?.({ data: { kind: 'error', version: 0, task: 'checks', message: 'RangeError: bad' } })
    expect(client.current.error).toBe('The checks failed: RangeError: bad')
    workers[0].onerror?.({ message: 'out of memory' })
    expect(client.current).toMatchObject({ running: false, error: 'The analysis worker failed: out of memory' })
    client.run()
    expect(workers.length).toBe(2)
  })
})

describe('runAnalysis', () => {
  it('posts checks first, then progress and the duplicates, all with the request version', () => {
    const messages: AnalysisResponse[] = []
    runAnalysis({ version: 7, text: `${REPEAT}\n\n${REPEAT}`, tasks: ['checks', 'duplicates'] }, (m) => messages.push(m))
    expect(messages.map((m) => m.kind)).toEqual(['checks', ...messages.slice(1, -1).map(() => 'progress'), 'duplicates'])
    expect(messages.every((m) => m.version === 7)).toBe(true)
    const progress = messages.flatMap((m) => (m.kind === 'progress' ? [m.fraction] : []))
    expect(progress.at(-1)).toBe(1)
  })

  it('turns an engine exception into an error message', () => {
    const messages: AnalysisResponse[] = []
    runAnalysis({ version: 1, text: 'abc', tasks: ['duplicates'], minLength: -1 }, (m) => messages.push(m))
    expect(messages).toEqual([{ kind: 'error', version: 1, task: 'duplicates', message: expect.stringContaining('RangeError') }])
  })
})
