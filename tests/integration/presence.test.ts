import * as encoding from 'lib0/encoding'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { colorForId, FALLBACK_PRESENCE_COLOR } from '../../doc/presence/presenceColor'
import { CLOSE_CODES } from '../../server/sync/closeCodes'
import {
  closeOpenMode,
  createTestDocument,
  paragraphText,
  principalWithRole,
  projectDocument,
  rawSocket,
  startTestWorkspace,
  storedDoc,
  waitForDoc,
  type TestClient,
  type TestWorkspace,
} from './testWorkspace'

const TEXT = 'Presence test.\n'

/** An awareness frame setting `state` for `clientId` at `clock`. */
function awarenessFrame(clientId: number, clock: number, state: unknown): Uint8Array {
  const inner = encoding.createEncoder()
  encoding.writeVarUint(inner, 1)
  encoding.writeVarUint(inner, clientId)
  encoding.writeVarUint(inner, clock)
  encoding.writeVarString(inner, JSON.stringify(state))
  const outer = encoding.createEncoder()
  encoding.writeVarUint(outer, 1) // y-websocket's awareness message
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner))
  return encoding.toUint8Array(outer)
}

/** Resolves with the state of `clientId` as `observer` sees it, once `predicate` holds for it. */
function seen(observer: TestClient, clientId: number, predicate: (state: Record<string, unknown> | undefined) => boolean): Promise<Record<string, unknown> | undefined> {
  const awareness = observer.provider.awareness
  return new Promise((resolve) => {
    const check = () => {
      const state = awareness.getStates().get(clientId) as Record<string, unknown> | undefined
      if (!predicate(state)) return
      awareness.off('change', check)
      resolve(state)
    }
    awareness.on('change', check)
    check()
  })
}

describe('presence bound to the connection', () => {
  let ws: TestWorkspace
  afterEach(async () => {
    await ws.dispose()
  })

  it('takes name and colour from the account, whatever the client claims', async () => {
    ws = await startTestWorkspace()
    const id = await createTestDocument(ws.workspace.url, TEXT)
    await closeOpenMode(ws)
    const ana = await principalWithRole(ws, 'editor', id, 'Ana')
    const observer = ws.connect(id, { token: (await principalWithRole(ws, 'viewer', id, 'Obs')).token })
    const client = ws.connect(id, { token: ana.token })
    await Promise.all([observer.synced, client.synced])
    client.provider.awareness.setLocalStateField('user', { name: 'Mallory', color: 'red; background: url(https://evil.example/x)' })
    const state = await seen(observer, client.doc.clientID, (s) => !!s?.user)
    expect(state?.user).toEqual({ name: 'Ana', color: colorForId(ana.id) })
  })

  it('in open mode keeps the name but lets only #rrggbb colours through', async () => {
    ws = await startTestWorkspace()
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const observer = ws.connect(id)
    const client = ws.connect(id)
    await Promise.all([observer.synced, client.synced])
    client.provider.awareness.setLocalStateField('user', { name: 'Bea', color: 'url(javascript:alert(1))' })
    expect((await seen(observer, client.doc.clientID, (s) => !!s?.user))?.user).toEqual({ name: 'Bea', color: FALLBACK_PRESENCE_COLOR })
    client.provider.awareness.setLocalStateField('user', { name: 'Bea', color: '#12ab34' })
    expect((await seen(observer, client.doc.clientID, (s) => (s?.user as { color?: string })?.color === '#12ab34'))?.user).toEqual({ name: 'Bea', color: '#12ab34' })
  })

  it("refuses to set another connection's presence", async () => {
    ws = await startTestWorkspace()
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const victim = ws.connect(id)
    const observer = ws.connect(id)
    await Promise.all([victim.synced, observer.synced])
    victim.provider.awareness.setLocalStateField('user', { name: 'Victim', color: '#000000' })
    await seen(observer, victim.doc.clientID, (s) => !!s?.user)
    const attacker = rawSocket(ws.syncUrl, id)
    await attacker.opened
    attacker.socket.send(awarenessFrame(777, 1, { user: { name: 'Attacker', color: '#ffffff' } }))
    // Its own id is the first it announced; a later frame for the victim's id is dropped.
    attacker.socket.send(awarenessFrame(victim.doc.clientID, 9999, { user: { name: 'Hijacked', color: '#ffffff' } }))
    attacker.socket.send(awarenessFrame(777, 2, { user: { name: 'Attacker again', color: '#ffffff' } }))
    await seen(observer, 777, (s) => (s?.user as { name?: string })?.name === 'Attacker again')
    expect((observer.provider.awareness.getStates().get(victim.doc.clientID) as { user: unknown }).user).toEqual({ name: 'Victim', color: '#000000' })
    attacker.socket.close()
  })

  it('delivers the latest presence state held back by the rate once the rate allows, so nobody is left with a stale cursor', async () => {
    ws = await startTestWorkspace({ limits: { presencePerSecond: 5 } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const observer = ws.connect(id)
    await observer.synced
    const busy = rawSocket(ws.syncUrl, id)
    await busy.opened
    // A burst beyond the bucket (2 × 5): the middle ones are dropped, the last one must still arrive.
    for (let clock = 1; clock <= 20; clock++) busy.socket.send(awarenessFrame(4242, clock, { user: { name: `step ${clock}`, color: '#123456' } }))
    const state = await seen(observer, 4242, (s) => (s?.user as { name?: string })?.name === 'step 20')
    expect(state?.user).toEqual({ name: 'step 20', color: '#123456' })
    expect(busy.socket.readyState).toBe(busy.socket.OPEN)
    busy.socket.close()
  })

  it('closes a socket whose presence is too large (4414) or that floods (4429)', async () => {
    ws = await startTestWorkspace({ limits: { maxPresenceBytes: 1024, presencePerSecond: 5, presenceFloodHoldMs: 200 } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const large = rawSocket(ws.syncUrl, id)
    await large.opened
    large.socket.send(awarenessFrame(5, 1, { blob: 'x'.repeat(2000) }))
    expect((await large.closed).code).toBe(CLOSE_CODES.presenceTooLarge)

    const observer = ws.connect(id)
    await observer.synced
    const flood = rawSocket(ws.syncUrl, id)
    await flood.opened
    for (let clock = 1; clock <= 200; clock++) flood.socket.send(awarenessFrame(6, clock, { n: clock }))
    expect((await flood.closed).code).toBe(CLOSE_CODES.presenceFlood)
    // At most the burst (2 s × 5/s = 10 states) got through before the rest was dropped.
    const last = observer.provider.awareness.getStates().get(6) as { n?: number } | undefined
    expect(last?.n ?? 0).toBeLessThanOrEqual(10)
  })
})

/** A sync-update frame inserting `text` at the start of the first paragraph of (a copy of) `doc`. */
function textEditFrame(doc: Y.Doc, text: string): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateVector(copy)
  paragraphText(copy, 0).insert(0, text)
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0) // y-websocket's sync message
  encoding.writeVarUint(encoder, 2) // y-protocols' update
  encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(copy, before))
  return encoding.toUint8Array(encoder)
}

/** A frame whose first byte says awareness and whose rest cannot be decoded (a length varint cut short). */
function undecodableAwarenessFrame(): Uint8Array {
  return Uint8Array.of(1, 0xff)
}

describe('a presence flood', () => {
  let ws: TestWorkspace
  afterEach(async () => {
    await ws.dispose()
  })

  it('is dropped before it is decoded, the flooder held unread and then closed with 4429, while the edits of others keep arriving', async () => {
    ws = await startTestWorkspace({ limits: { presencePerSecond: 1, presenceFloodHoldMs: 1500 } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const a = ws.connect(id)
    const b = ws.connect(id)
    await Promise.all([a.synced, b.synced])
    const flood = rawSocket(ws.syncUrl, id)
    await flood.opened
    // The bucket holds 2 (2 s × 1/s): both valid states are applied...
    flood.socket.send(awarenessFrame(9001, 1, { n: 1 }))
    flood.socket.send(awarenessFrame(9001, 2, { n: 2 }))
    // ...and what follows is over the rate. Were it decoded, the first of these would close
    // the socket as malformed (4400); dropped by its first byte, it only counts as a flood.
    for (let i = 0; i < 100; i++) flood.socket.send(undecodableAwarenessFrame())
    // Held, the flooder's socket is not read any more: a text edit it sends now (an editor's,
    // in open mode, that would otherwise be applied) is never applied.
    flood.socket.send(textEditFrame(b.doc, 'FLOODER '))
    await seen(b, 9001, (s) => s?.n === 2)

    // While the flooder is held (and after), others edit as usual.
    paragraphText(a.doc, 0).insert(0, 'during ')
    await waitForDoc(b.doc, (doc) => projectDocument(doc).startsWith('during '))
    const { code } = await flood.closed
    expect(code).toBe(CLOSE_CODES.presenceFlood)
    paragraphText(a.doc, 0).insert(0, 'after ')
    await waitForDoc(b.doc, (doc) => projectDocument(doc).startsWith('after during '))
    expect(projectDocument(b.doc)).toBe('after during Presence test.')
    await ws.workspace.close()
    expect(projectDocument(storedDoc(ws.dataDir, id))).toBe('after during Presence test.')
    await ws.restart()
  })

  it('is not what a normal client does: cursor moves at 60 a second for 3 s, with typing, keep the socket open and the last cursor arrives', async () => {
    ws = await startTestWorkspace()
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const observer = ws.connect(id)
    const typist = ws.connect(id)
    await Promise.all([observer.synced, typist.synced])
    const closes: number[] = []
    typist.provider.on('connection-close', (event) => closes.push(event?.code ?? 0))
    // y-prosemirror's cursor plugin sets the awareness field on every selection change: a
    // pointer drag does at the display's rate (60 a second), typing once per keystroke.
    for (let step = 1; step <= 180; step++) {
      typist.provider.awareness.setLocalStateField('cursor', { anchor: step, head: step })
      if (step % 4 === 0) paragraphText(typist.doc, 0).insert(0, 'x')
      await new Promise((resolve) => setTimeout(resolve, 1000 / 60))
    }
    await seen(observer, typist.doc.clientID, (s) => (s?.cursor as { head?: number } | undefined)?.head === 180)
    await waitForDoc(observer.doc, (doc) => projectDocument(doc).startsWith(`${'x'.repeat(45)}Presence`))
    expect(closes).toEqual([])
    expect(typist.provider.wsconnected).toBe(true)
  })
})
