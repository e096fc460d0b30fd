import type { DuplicateCluster } from '../../core/duplicates'
import type { Finding } from '../../core/checks'
import type { AnalysisRequest, AnalysisResponse, AnalysisTask } from './analysisProtocol'

/** The part of a Worker the client uses (a fake stands in for it in Node tests). */
export interface WorkerLike {
  postMessage(message: AnalysisRequest): void
  terminate(): void
  onmessage: ((event: { data: AnalysisResponse }) => void) | null
  onerror: ((event: { message?: string }) => void) | null
}

/** A result and the text (and its version) it was computed on. */
export interface Analysed<T> {
  version: number
  text: string
  value: T
  ms: number
}

/** What the panels show. `version` is the text's current version; a result with an older one is stale. */
export interface AnalysisState {
  version: number
  duplicates: Analysed<DuplicateCluster[]> | null
  checks: Analysed<Finding[]> | null
  /** Fraction done of the running duplicate detection; null when none runs. */
  progress: number | null
  running: boolean
  /** The last failure (engine error or worker crash), cleared by the next success. */
  error: string | null
}

export interface AnalysisClientOptions {
  createWorker: () => WorkerLike
  /** Reads the current text; called when a run starts, not on every edit. */
  readText: () => string
  onState: (state: AnalysisState) => void
  tasks?: readonly AnalysisTask[]
  /**
   * Quiet time after the last edit before re-running. Worked example: with 500 ms,
   * a burst of typing at 5 keys a second re-runs once, half a second after it stops.
   */
  debounceMs?: number
  setTimer?: (run: () => void, ms: number) => unknown
  clearTimer?: (timer: unknown) => void
}

/**
 * Keeps analysis results in step with an edited text: each edit bumps the
 * version and (re)starts a debounce timer; when it fires, the text is sent to the
 * worker. At most one run is in flight: a run wanted meanwhile is coalesced into
 * one follow-up on the latest text when the current one ends (no backlog however
 * fast people type, and no worker restart, which costs a fetch and compile).
 * An answer about any other request than the one in flight is dropped; the
 * results of a run that ended after an edit are shown (marked stale by their
 * version) until the follow-up replaces them.
 */
export class AnalysisClient {
  private worker: WorkerLike | null = null
  private timer: unknown = null
  /** Version of the request the worker is working on; null when idle. */
  private inFlight: number | null = null
  private pendingText = ''
  /** A run was asked for while another was in flight. */
  private queued = false
  private destroyed = false
  private state: AnalysisState = { version: 0, duplicates: null, checks: null, progress: null, running: false, error: null }
  private readonly tasks: readonly AnalysisTask[]
  private readonly debounceMs: number
  private readonly setTimer: (run: () => void, ms: number) => unknown
  private readonly clearTimer: (timer: unknown) => void

  constructor(private readonly options: AnalysisClientOptions) {
    this.tasks = options.tasks ?? ['checks', 'duplicates']
    this.debounceMs = options.debounceMs ?? 500
    this.setTimer = options.setTimer ?? ((run, ms) => setTimeout(run, ms))
    this.clearTimer = options.clearTimer ?? ((timer) => clearTimeout(timer as ReturnType<typeof setTimeout>))
  }

  get current(): AnalysisState {
    return this.state
  }

  /** The text changed: results are stale from now on; re-run after the quiet time. */
  textChanged(): void {
    if (this.destroyed) return
    this.update({ version: this.state.version + 1 })
    if (this.timer !== null) this.clearTimer(this.timer)
    this.timer = this.setTimer(() => {
      this.timer = null
      this.run()
    }, this.debounceMs)
  }

  /** Runs on the current text at once (the panel was opened, or the user asked), or right after the run in flight. */
  run(): void {
    if (this.destroyed) return
    if (this.timer !== null) {
      this.clearTimer(this.timer)
      this.timer = null
    }
    if (this.inFlight !== null) {
      this.queued = true
      return
    }
    this.queued = false
    const version = this.state.version
    this.pendingText = this.options.readText()
    this.inFlight = version
    this.update({ running: true, progress: this.tasks.includes('duplicates') ? 0 : null })
    try {
      this.ensureWorker().postMessage({ version, text: this.pendingText, tasks: this.tasks })
    } catch (error) {
      this.inFlight = null
      this.update({ running: false, progress: null, error: `The analysis worker could not start: ${error instanceof Error ? error.message : String(error)}` })
    }
  }

  destroy(): void {
    this.destroyed = true
    if (this.timer !== null) this.clearTimer(this.timer)
    this.timer = null
    this.dropWorker()
  }

  private ensureWorker(): WorkerLike {
    if (this.worker) return this.worker
    const worker = this.options.createWorker()
    worker.onmessage = (event) => this.receive(event.data)
    worker.onerror = (event) => {
      // No automatic retry (a worker that cannot load would fail forever): the next edit or "Try again" runs anew.
      this.queued = false
      this.dropWorker()
      this.update({ running: false, progress: null, error: `The analysis worker failed${event.message ? `: ${event.message}` : '.'}` })
    }
    this.worker = worker
    return worker
  }

  private dropWorker(): void {
    this.worker?.terminate()
    this.worker = null
    this.inFlight = null
  }

  private receive(message: AnalysisResponse): void {
    if (message.version !== this.inFlight) return
    const text = this.pendingText
    switch (message.kind) {
      case 'progress':
        this.update({ progress: message.fraction })
        break
      case 'checks':
        this.update({ checks: { version: message.version, text, value: message.findings, ms: message.ms }, error: null })
        break
      case 'duplicates':
        this.update({ duplicates: { version: message.version, text, value: message.clusters, ms: message.ms }, progress: null, error: null })
        break
      case 'error':
        this.update({ error: `${message.task === 'checks' ? 'The checks' : 'Duplicate detection'} failed: ${message.message}` })
        break
    }
    if (message.kind !== 'progress' && this.isLast(message)) {
      this.inFlight = null
      if (this.queued) this.run()
      else this.update({ running: false, progress: null })
    }
  }

  /** The worker answers the tasks in order (checks, then duplicates): is this the last answer? */
  private isLast(message: AnalysisResponse): boolean {
    const task = message.kind === 'error' ? message.task : message.kind
    return task === (this.tasks.includes('duplicates') ? 'duplicates' : 'checks')
  }

  private update(change: Partial<AnalysisState>): void {
    this.state = { ...this.state, ...change }
    this.options.onState(this.state)
  }
}
