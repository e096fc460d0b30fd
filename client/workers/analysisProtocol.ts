import { findDuplicates, type DuplicateCluster } from '../../core/duplicates'
import { runChecks, type Finding, type RuleId } from '../../core/checks'

/**
 * Messages between the main thread and the analysis worker. Every message
 * carries the `version` of the text it concerns (a counter the client bumps on
 * each edit), so the client can drop answers about a text that has changed since.
 */
export type AnalysisTask = 'duplicates' | 'checks'

export interface AnalysisRequest {
  version: number
  /** The plain-text projection (paragraphs joined by "\n\n"). */
  text: string
  tasks: readonly AnalysisTask[]
  /** findDuplicates' minLength; undefined = its per-script default. */
  minLength?: number
  /** Rules to run; undefined = every rule. */
  rules?: readonly RuleId[]
}

export type AnalysisResponse =
  | { kind: 'progress'; version: number; task: AnalysisTask; fraction: number }
  | { kind: 'checks'; version: number; findings: Finding[]; ms: number }
  | { kind: 'duplicates'; version: number; clusters: DuplicateCluster[]; ms: number }
  | { kind: 'error'; version: number; task: AnalysisTask; message: string }

/** Fewer progress messages than findDuplicates reports: one per percent is enough for a bar. */
const PROGRESS_STEP = 0.01

/**
 * Runs the requested analyses on `request.text`, posting each result as soon as
 * it is ready: the checks first (fast), then the duplicates with progress. An
 * engine that throws is reported as an `error` message for its task; the other
 * task still runs. Pure apart from `post`, so it runs in Node tests as in the worker.
 */
export function runAnalysis(request: AnalysisRequest, post: (message: AnalysisResponse) => void, now: () => number = () => Date.now()): void {
  const { version, text } = request
  if (request.tasks.includes('checks')) {
    const started = now()
    try {
      const rules = request.rules ? { rules: [...request.rules] } : {}
      post({ kind: 'checks', version, findings: runChecks(text, rules), ms: now() - started })
    } catch (error) {
      post({ kind: 'error', version, task: 'checks', message: messageOf(error) })
    }
  }
  if (request.tasks.includes('duplicates')) {
    const started = now()
    let reported = 0
    try {
      const report = findDuplicates(text, {
        minLength: request.minLength,
        onProgress: (fraction) => {
          if (fraction - reported < PROGRESS_STEP && fraction < 1) return
          reported = fraction
          post({ kind: 'progress', version, task: 'duplicates', fraction })
        },
      })
      post({ kind: 'duplicates', version, clusters: report.clusters, ms: now() - started })
    } catch (error) {
      post({ kind: 'error', version, task: 'duplicates', message: messageOf(error) })
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
