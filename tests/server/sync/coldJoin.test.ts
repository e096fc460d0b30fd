import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import {
  createTestDocument,
  paragraphText,
  projectDocument,
  startTestWorkspace,
  waitForDoc,
  type TestWorkspace,
} from '../../integration/testWorkspace'

const TEXT = 'First paragraph.\n\nSecond paragraph.\n'

/** A stock provider over an existing doc (one that kept edits made offline). */
function providerFor(ws: TestWorkspace, id: string, doc: Y.Doc): WebsocketProvider {
  return new WebsocketProvider(ws.syncUrl, id, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  })
}

describe('SyncServer joining a room whose doc is not loaded yet', () => {
  let ws: TestWorkspace
  let id: string

  beforeEach(async () => {
    ws = await startTestWorkspace()
    id = await createTestDocument(ws.workspace.url, TEXT, 'Cold join')
  })
  afterEach(async () => {
    await ws.dispose()
  })

  it('gives the joining client the document and takes the edits it made offline', async () => {
    const first = ws.connect(id)
    await first.synced
    const offline = new Y.Doc()
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(first.doc))
    first.destroy()
    paragraphText(offline, 1).insert(0, 'Offline: ')
    await ws.restart()

    const provider = providerFor(ws, id, offline)
    try {
      const witness = ws.connect(id)
      await waitForDoc(witness.doc, (doc) => projectDocument(doc).includes('Offline: '))
      expect(projectDocument(witness.doc)).toBe('First paragraph.\n\nOffline: Second paragraph.')
    } finally {
      provider.destroy()
    }
  })

  it('serves several clients joining at once, then relays an edit between them', async () => {
    await ws.restart()
    const clients = [ws.connect(id), ws.connect(id), ws.connect(id)]
    await Promise.all(clients.map((client) => client.synced))
    for (const client of clients) expect(projectDocument(client.doc)).toBe('First paragraph.\n\nSecond paragraph.')
    paragraphText(clients[0].doc, 0).insert(0, 'Edited. ')
    await Promise.all(clients.slice(1).map((client) => waitForDoc(client.doc, (doc) => projectDocument(doc).startsWith('Edited. '))))
    const response = await fetch(`${ws.workspace.url}/api/documents/${id}/text`)
    expect(await response.text()).toBe('Edited. First paragraph.\n\nSecond paragraph.')
  })
})
