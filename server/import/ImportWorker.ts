import type { WebAnnotationImport } from '../../core/export/importWebAnnotations'
import { JobWorker } from '../workerJobs/JobWorker'
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
  private readonly jobs = new JobWorker<ImportTask, ImportTaskResult>({
    source: 'server/import/importWorkerThread.ts',
    builtName: 'importWorkerThread',
    name: 'import',
  })

  /** Reads a file as readSource does, in the worker. */
  async readSource(bytes: Uint8Array, options: SourceOptions): Promise<SourceReading> {
    const result = await this.jobs.run({ kind: 'read-source', bytes, options })
    if (result.kind !== 'read-source') throw new Error(`import worker answered ${result.kind} to read-source`)
    return result.reading
  }

  /** Parses a Web Annotation import and anchors it onto `projection`, in the worker; null when the body is not JSON. */
  async anchorAnnotations(body: Uint8Array, projection: string): Promise<WebAnnotationImport | null> {
    const result = await this.jobs.run({ kind: 'anchor-annotations', body, projection })
    if (result.kind === 'invalid-json') return null
    if (result.kind !== 'anchored') throw new Error(`import worker answered ${result.kind} to anchor-annotations`)
    return result.found
  }

  /** Stops the worker; tasks still pending fail. */
  close(): Promise<void> {
    return this.jobs.stop()
  }
}
