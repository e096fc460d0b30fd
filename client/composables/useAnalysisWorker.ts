import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { FragmentText } from '../../doc'
import type { DocumentSession } from '../sync/documentSession'
import { AnalysisClient, type AnalysisState, type WorkerLike } from '../workers/analysisClient'

const IDLE: AnalysisState = { version: 0, duplicates: null, checks: null, progress: null, running: false, error: null }

function createAnalysisWorker(): WorkerLike {
  // Vite bundles the worker as its own module chunk (vite.config.ts: worker.format 'es').
  return new Worker(new URL('../workers/analysis.worker.ts', import.meta.url), { type: 'module', name: 'variorum-analysis' }) as unknown as WorkerLike
}

/**
 * Duplicate detection and editorial checks of the session's document, run in a
 * Web Worker and re-run 500 ms after the last edit (anyone's: edits arrive
 * through the shared fragment). Nothing runs until `enabled` first turns true
 * (a panel was opened and the document has loaded), so documents nobody
 * analyses cost nothing; once started it keeps results current.
 */
export function useAnalysisWorker(
  session: Readonly<Ref<DocumentSession | null>>,
  enabled: Readonly<Ref<boolean>>,
): { state: ShallowRef<AnalysisState>; rerun: () => void } {
  const state = shallowRef<AnalysisState>(IDLE)
  let client: AnalysisClient | null = null
  let detach: (() => void) | null = null
  /** The fragment the running client observes. */
  let runningOn: unknown = null

  function stop(): void {
    detach?.()
    detach = null
    client = null
    runningOn = null
    state.value = IDLE
  }

  function start(current: DocumentSession): void {
    const fragment = current.fragment
    const created = new AnalysisClient({
      createWorker: createAnalysisWorker,
      readText: () => new FragmentText(fragment).projection,
      onState: (next) => {
        if (client === created) state.value = next
      },
    })
    client = created
    runningOn = fragment
    const onChange = () => created.textChanged()
    fragment.observeDeep(onChange)
    detach = () => {
      fragment.unobserveDeep(onChange)
      created.destroy()
    }
    created.run()
  }

  watch(
    [session, enabled],
    ([current, on]) => {
      if (current?.fragment !== runningOn) stop()
      if (current && on && !client) start(current)
    },
    { immediate: true },
  )
  onScopeDispose(stop)
  return { state, rerun: () => client?.run() }
}
