import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { startWorkspace, type RunningWorkspace } from '../../server/workspace'
import { AnnotationStore } from '../../client/annotations/annotationStore'

let workspace: RunningWorkspace
let dataDir: string
let documentId: string
const providers: WebsocketProvider[] = []

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'variorum-annotations-'))
  workspace = await startWorkspace({ port: 0, dataDir, documentsDir: 'documents' })
  const documents = (await (await fetch(`${workspace.url}/api/documents`)).json()) as { id: string; title: string }[]
  documentId = documents[0].id
})

afterAll(async () => {
  for (const provider of providers) provider.destroy()
  await workspace?.close()
  rmSync(dataDir, { recursive: true, force: true })
})

async function joinDocument(): Promise<Y.Doc> {
  const ydoc = new Y.Doc()
  const provider = new WebsocketProvider(`ws://127.0.0.1:${workspace.port}/sync`, documentId, ydoc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  })
  providers.push(provider)
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()))
  return ydoc
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the other client')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

describe('annotations over the sync server', () => {
  it('reads an annotation another client wrote with plain Yjs calls as docs/DATA-MODEL.md describes', async () => {
    const writer = await joinDocument()
    const reader = await joinDocument()
    const store = new AnnotationStore(reader, null)

    // The writer follows the documented recipe only: no Variorum code.
    const fragment = writer.getXmlFragment('prosemirror')
    const texts = fragment.toArray().map((p) => (p as Y.XmlElement).get(0) as Y.XmlText)
    const target = texts.findIndex((t) => t.length > 20)
    const paragraphText = texts[target].toString()
    const projectionStart = texts.slice(0, target).reduce((sum, t) => sum + t.length + 2, 0)
    const annotation = new Y.Map<unknown>()
    writer.transact(() => {
      annotation.set('id', 'plain-yjs-1')
      annotation.set('type', 'typo')
      annotation.set('author', 'Node client')
      annotation.set('created', '2026-01-01T00:00:00.000Z')
      annotation.set('updated', '2026-01-01T00:00:00.000Z')
      annotation.set('status', 'open')
      annotation.set('orphaned', false)
      annotation.set('anchor', {
        start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(texts[target], 5, 0)),
        end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(texts[target], 12, -1)),
        quote: { type: 'TextQuoteSelector', exact: paragraphText.slice(5, 12), prefix: paragraphText.slice(0, 5), suffix: '' },
        position: { type: 'TextPositionSelector', start: projectionStart + 5, end: projectionStart + 12 },
      })
      const comment = new Y.Map<unknown>()
      comment.set('id', 'c1')
      comment.set('author', 'Node client')
      comment.set('created', '2026-01-01T00:00:00.000Z')
      comment.set('text', 'written without Variorum code')
      const comments = new Y.Array<Y.Map<unknown>>()
      comments.push([comment])
      annotation.set('comments', comments)
      annotation.set('links', new Y.Array())
      writer.getMap('annotations').set('plain-yjs-1', annotation)
    })

    await until(() => store.get('plain-yjs-1') !== undefined)
    const view = store.get('plain-yjs-1')!
    expect(view).toMatchObject({
      type: 'typo',
      author: 'Node client',
      status: 'open',
      text: paragraphText.slice(5, 12),
      resolution: { status: 'anchored', start: projectionStart + 5, end: projectionStart + 12, via: 'live' },
      typeDef: { label: 'Typo' },
    })
    expect(view.comments.map((c) => [c.author, c.text])).toEqual([['Node client', 'written without Variorum code']])

    // The writer types in front of the passage; the reader's store follows it.
    texts[target].insert(0, 'ABC')
    await until(() => store.get('plain-yjs-1')!.resolution.status === 'anchored' && (store.get('plain-yjs-1')!.resolution as { start: number }).start === projectionStart + 8)
    expect(store.get('plain-yjs-1')!.text).toBe(paragraphText.slice(5, 12))

    // The reader replies and resolves through the store; the writer reads it with plain Yjs.
    store.addComment('plain-yjs-1', 'Browser user', 'agreed')
    store.setStatus('plain-yjs-1', 'resolved')
    const mirrored = () => writer.getMap('annotations').get('plain-yjs-1') as Y.Map<unknown>
    await until(() => mirrored().get('status') === 'resolved')
    // A comment's text: its own key once edited, else in `fields` as created, the text of a JSON object (docs/DATA-MODEL.md).
    const thread = (mirrored().get('comments') as Y.Array<Y.Map<unknown>>).toArray().map((c) => (c.has('text') ? c.get('text') : (JSON.parse(c.get('fields') as string) as { text: string }).text))
    expect(thread).toEqual(['written without Variorum code', 'agreed'])
    store.destroy()
  })
})
