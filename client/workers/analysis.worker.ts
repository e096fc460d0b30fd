/// <reference lib="webworker" />
import { runAnalysis, type AnalysisRequest } from './analysisProtocol'

/**
 * The analysis worker: duplicate detection and the editorial checks, off the
 * main thread so typing stays smooth on large documents. One request at a time;
 * the client cancels a run that is no longer wanted by terminating the worker.
 */
const scope = self as unknown as DedicatedWorkerGlobalScope
scope.onmessage = (event: MessageEvent<AnalysisRequest>) => {
  runAnalysis(event.data, (message) => scope.postMessage(message))
}
