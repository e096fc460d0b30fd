// Runs one baseline diff in a worker thread, so that a library that does not finish
// can be stopped from outside (worker.terminate) without stopping the benchmark.
import { parentPort, workerData } from 'node:worker_threads'
import DiffMatchPatch from 'diff-match-patch'
import { diffChars } from 'diff'

const { library, a, b, capMs } = workerData
const start = performance.now()
if (library === 'diff-match-patch') {
  const dmp = new DiffMatchPatch()
  dmp.Diff_Timeout = 0 // no time limit: the full diff, as the issue measures it
  const diffs = dmp.diff_main(a, b)
  dmp.diff_cleanupSemantic(diffs)
  parentPort.postMessage({ ms: performance.now() - start, pieces: diffs.length })
} else {
  const changes = diffChars(a, b, { timeout: capMs })
  parentPort.postMessage(changes === undefined
    ? { ms: performance.now() - start, unfinished: true }
    : { ms: performance.now() - start, pieces: changes.length })
}
