import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seededRandom } from '../../../bench/seededRandom'
import type { VersionSummary } from '../../../core/api'
import {
  addComment,
  annotationsMap,
  createAnnotation,
  deleteAnnotation,
  DOC_MODEL,
  fragmentOf,
  FragmentText,
  projectDocument,
  restoreVersion,
  versionDoc,
} from '../../../doc'
import { createTestDocument, startTestWorkspace, waitForDoc, type TestClient, type TestWorkspace } from '../../integration/testWorkspace'

/** What a client shows: the text and every annotation entry as JSON. */
interface Seen {
  text: string
  annotations: unknown
}

function seen(doc: Y.Doc): Seen {
  return { text: projectDocument(doc), annotations: annotationsMap(doc).toJSON() }
}

const TEXT = Array.from({ length: 12 }, (_, i) => `Paragraph ${i} holds a sentence or two of text to edit; it runs on a little.`).join('\n')

let ws: TestWorkspace | null = null
let clock = Date.parse('2026-12-01T09:00:00Z')

afterAll(async () => {
  await ws?.dispose()
})

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${ws!.workspace.url}${path}`, init)
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (response.headers.get('content-type') ?? '').includes('json') ? ((await response.json()) as T) : ((await response.arrayBuffer()) as T)
}

async function stateOf(id: string, version: number): Promise<Seen> {
  const doc = versionDoc(new Uint8Array(await api<ArrayBuffer>(`/api/documents/${id}/versions/${version}/state`)))
  const result = seen(doc)
  doc.destroy()
  return result
}

/** One random edit: text typed or deleted, a paragraph added or removed, an annotation made, commented or deleted. */
function randomEdit(doc: Y.Doc, random: () => number, user: string): void {
  const pick = random()
  const text = new FragmentText(fragmentOf(doc))
  const fragment = fragmentOf(doc)
  if (pick < 0.45) {
    const point = text.charAt(Math.floor(random() * text.length)) ?? text.charBefore(text.length)
    if (point) point.text.insert(point.index, random() < 0.5 ? 'xy' : ' word')
  } else if (pick < 0.7) {
    const point = text.charAt(Math.floor(random() * text.length))
    if (point) point.text.delete(point.index, Math.min(1 + Math.floor(random() * 6), point.text.length - point.index))
  } else if (pick < 0.78) {
    const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
    const content = new Y.XmlText()
    content.insert(0, `New paragraph by ${user}.`)
    paragraph.insert(0, [content])
    fragment.insert(Math.floor(random() * (fragment.length + 1)), [paragraph])
  } else if (pick < 0.82) {
    if (fragment.length > 3) fragment.delete(Math.floor(random() * fragment.length), 1)
  } else if (pick < 0.92) {
    const start = text.nextCharStart(Math.floor(random() * text.length))
    if (start !== null && text.charAt(start + 3)) createAnnotation(doc, { type: 'note', author: user, start, end: start + 4, comment: `by ${user}` }, text)
  } else {
    const ids = [...annotationsMap(doc).keys()]
    if (ids.length === 0) return
    const id = ids[Math.floor(random() * ids.length)]
    if (random() < 0.5) deleteAnnotation(doc, id)
    else addComment(doc, id, user, 'a reply')
  }
}

describe('history across restarts and compactions', () => {
  it('rebuilds every checkpoint to exactly what the clients showed when it was taken', async () => {
    // Checkpoints here are taken at moments the test records from the clients (every 5 minutes, at
    // restarts); the versions a change of author ends, mid-burst, match no client's state and are
    // checked exactly in authorSessions.test.ts.
    ws = await startTestWorkspace({ compactAfterUpdates: 50, history: { checkpointEveryMs: 5 * 60_000, sessionGapMs: 1e9, sessionPerAuthor: false, now: () => clock } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const random = seededRandom(2026)
    const users = ['ana', 'ben', 'chen']
    let clients: TestClient[] = []
    const connectAll = async (): Promise<void> => {
      clients = users.map((user) => ws!.connect(id, { user }))
      await Promise.all(clients.map((c) => c.synced))
    }
    await connectAll()
    const recorded = new Map<number, Seen>()
    const listed = async (): Promise<VersionSummary[]> => api<VersionSummary[]>(`/api/documents/${id}/versions`)
    // The room loads its doc soon after the first join and checkpoints the original state.
    let first: VersionSummary[]
    while ((first = await listed()).length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(first).toHaveLength(1)
    recorded.set(first[0].id, seen(clients[0].doc))

    let edits = 0
    for (let phase = 0; phase < 20; phase++) {
      // Five minutes on: the next commit (one edit, nothing else in flight) takes a checkpoint.
      clock += 5 * 60_000 + 1
      randomEdit(clients[phase % 3].doc, random, users[phase % 3])
      edits++
      await waitForSameState(clients)
      const newest = (await listed())[0]
      if (!recorded.has(newest.id)) recorded.set(newest.id, seen(clients[0].doc))

      for (let i = 0; i < 99; i++) {
        const k = Math.floor(random() * 3)
        randomEdit(clients[k].doc, random, users[k])
        edits++
        if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve))
      }
      await waitForSameState(clients)
      if (phase % 5 === 4) {
        // A restart: the unloading room ends the session as a checkpoint of this state.
        const before = seen(clients[0].doc)
        for (const client of clients) client.destroy()
        await ws.restart()
        const newestAfter = (await listed())[0]
        expect(recorded.has(newestAfter.id)).toBe(false)
        recorded.set(newestAfter.id, before)
        await connectAll()
        expect(seen(clients[0].doc)).toEqual(before)
      }
    }
    expect(edits).toBe(2000)

    const versions = await listed()
    expect(versions.length).toBeGreaterThanOrEqual(20)
    expect(new Set(versions.map((v) => v.id))).toEqual(new Set(recorded.keys()))
    for (const [version, expected] of recorded) expect(await stateOf(id, version), `version ${version}`).toEqual(expected)
    const authors = new Set(versions.flatMap((v) => v.authors.map((a) => a.id)))
    expect(authors).toEqual(new Set(users))
  }, 120_000)

  it('restores a version for every client, and the restorer\'s undo brings the present back', async () => {
    const id = await createTestDocument(ws!.workspace.url, 'One.\nTwo two.\nThree three three.')
    const clients = ['ana', 'ben', 'chen'].map((user) => ws!.connect(id, { user }))
    await Promise.all(clients.map((c) => c.synced))
    const [ana, ben, chen] = clients
    createAnnotation(ana.doc, { type: 'note', author: 'ana', start: 5, end: 8, comment: 'two' })
    await waitForSameState(clients)
    const then = seen(ana.doc)
    const version = await api<VersionSummary>(`/api/documents/${id}/versions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'before the edits' }),
    })
    const random = seededRandom(7)
    for (let i = 0; i < 60; i++) randomEdit(clients[i % 3].doc, random, ['ana', 'ben', 'chen'][i % 3])
    await waitForSameState(clients)
    const present = seen(ben.doc)
    expect(present).not.toEqual(then)

    // Chen restores in his own client, so his undo manager holds the change.
    const origin = { restoredBy: 'chen' }
    const undo = new Y.UndoManager([fragmentOf(chen.doc), annotationsMap(chen.doc)], { trackedOrigins: new Set([origin]), captureTimeout: 0 })
    const old = versionDoc(new Uint8Array(await api<ArrayBuffer>(`/api/documents/${id}/versions/${version.id}/state`)))
    restoreVersion(chen.doc, old, {}, origin)
    old.destroy()
    for (const client of clients) await waitForDoc(client.doc, (doc) => projectDocument(doc) === then.text)
    await waitForSameState(clients)
    expect(seen(ana.doc).text).toBe(then.text)
    expect(Object.keys(seen(ana.doc).annotations as object)).toEqual(Object.keys(then.annotations as object))

    undo.undo()
    for (const client of clients) await waitForDoc(client.doc, (doc) => projectDocument(doc) === present.text)
    await waitForSameState(clients)
    expect(seen(ana.doc)).toEqual(present)
    for (const client of clients) client.destroy()
  })
})

/** Resolves once every client shows the same text and annotations, checked after each update of any. */
function waitForSameState(clients: TestClient[]): Promise<void> {
  const key = (c: TestClient) => canonical(seen(c.doc))
  const same = () => clients.every((c) => key(c) === key(clients[0]))
  return new Promise((resolve) => {
    if (same()) return resolve()
    const check = () => {
      if (!same()) return
      for (const c of clients) c.doc.off('update', check)
      resolve()
    }
    for (const c of clients) c.doc.on('update', check)
  })
}

/** JSON with keys sorted: clients may hold a map's keys in different orders. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
