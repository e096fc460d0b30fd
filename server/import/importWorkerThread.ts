import { parentPort } from 'node:worker_threads'
import { importWebAnnotations } from '../../core/export/importWebAnnotations'
import { readSource } from './readSource'
import type { ImportTask, ImportTaskResult } from './ImportWorker'

/*
 * The import worker thread (ImportWorker.ts starts it): reads uploaded files and
 * anchors Web Annotation imports off the server's event loop. Each message is one
 * task; the answer carries its id. Everything here is pure over its input.
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

parentPort!.on('message', (message: { id: number; task: ImportTask }) => {
  run(message.task).then(
    (result) => parentPort!.postMessage({ id: message.id, ok: true, result }),
    (error: unknown) => parentPort!.postMessage({ id: message.id, ok: false, message: error instanceof Error ? error.message : String(error) }),
  )
})
