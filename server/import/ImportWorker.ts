import type { Worker } from 'node:worker_threads'
import type { WebAnnotationImport } from '../../core/export/importWebAnnotations'
import { startWorkerThread } from '../startWorkerThread'
import type { SourceOptions, SourceReading } from './readSource'

/** One piece of import work for the worker thread. */
export type ImportTask =
  | { kind: 'read-source'; bytes: Uint8Array; options: SourceOptions }
  /** A Web Annotation import's body (JSON bytes) anchored onto `projection`. */
  | { kind: 'anchor-annotations'; body: Uint8Array; projection: string }

export type ImportTaskResult =
  | { kind: 'read-source'; reading: SourceReading }
  | { kind: 'anchored'; found: WebAnnotationImport }
  | { kind: 'invalid-json' }

/**
 * Import work off the event loop (issue 14): reading an uploaded file (decoding,
 * .docx, HTML, TEI) and parsing and anchoring a Web Annotation import run in one
 * worker thread, so a large import does not hold every other request and socket
 * (a 50,000-annotation import held them for 9 s). Tasks run one at a time in the
 * order given; the worker starts on first use and is started again after a crash
 * (the task it was running fails). From the sources (tests, `tsx`) the worker loads
 * its TypeScript through tsx; from the build, dist/server/importWorkerThread.js.
 */
export class ImportWorker {
  private worker: Worker | null = null
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (result: ImportTaskResult) => void; reject: (error: Error) => void }>()

  /** Reads a file as readSource does, in the worker. */
  async readSource(bytes: Uint8Array, options: SourceOptions): Promise<SourceReading> {
    const result = await this.run({ kind: 'read-source', bytes, options })
    if (result.kind !== 'read-source') throw new Error(`import worker answered ${result.kind} to read-source`)
    return result.reading
  }

  /** Parses a Web Annotation import and anchors it onto `projection`, in the worker; null when the body is not JSON. */
  async anchorAnnotations(body: Uint8Array, projection: string): Promise<WebAnnotationImport | null> {
    const result = await this.run({ kind: 'anchor-annotations', body, projection })
    if (result.kind === 'invalid-json') return null
    if (result.kind !== 'anchored') throw new Error(`import worker answered ${result.kind} to anchor-annotations`)
    return result.found
  }

  /** Stops the worker; tasks still pending fail. */
  async close(): Promise<void> {
    const worker = this.worker
    this.worker = null
    this.failAll(new Error('the import worker was stopped'))
    await worker?.terminate()
  }

  private run(task: ImportTask): Promise<ImportTaskResult> {
    const worker = this.worker ?? this.start()
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      worker.ref()
      worker.postMessage({ id, task })
    })
  }

  private start(): Worker {
    const worker = startImportWorker()
    worker.unref()
    worker.on('message', (message: { id: number; ok: true; result: ImportTaskResult } | { id: number; ok: false; message: string }) => {
      const entry = this.pending.get(message.id)
      this.pending.delete(message.id)
      // Idle again: a process with nothing else to do may exit.
      if (this.pending.size === 0) worker.unref()
      if (!entry) return
      if (message.ok) entry.resolve(message.result)
      else entry.reject(new Error(message.message))
    })
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null
      this.failAll(error)
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`the import worker exited (${code})`)))
    this.worker = worker
    return worker
  }

  private failAll(error: Error): void {
    for (const entry of this.pending.values()) entry.reject(error)
    this.pending.clear()
  }
}

/** The worker from the build when this module runs built, else from the TypeScript source through tsx's loader. */
function startImportWorker(): Worker {
  return startWorkerThread('server/import/importWorkerThread.ts', 'importWorkerThread')
}
