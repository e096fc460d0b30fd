import { importWebAnnotations } from '../../core/export/importWebAnnotations'
import { readSource } from './readSource'
import type { ImportTask, ImportTaskResult } from './ImportWorker'
import { serveJobs } from '../workerJobs/serveJobs'

/*
 * The import worker thread (ImportWorker.ts starts it): reads uploaded files and
 * anchors Web Annotation imports off the server's event loop. Each job is one task
 * (serveJobs.ts carries jobs and answers). Everything here is pure over its input.
 */

async function run(task: ImportTask): Promise<ImportTaskResult> {
  if (task.kind === 'read-source') return { kind: 'read-source', reading: await readSource(task.bytes, task.options) }
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(task.body).replace(/^\uFEFF/, ''))
  } catch {
    return { kind: 'invalid-json' }
  }
  return { kind: 'anchored', found: importWebAnnotations(json, task.projection) }
}

serveJobs(run)
