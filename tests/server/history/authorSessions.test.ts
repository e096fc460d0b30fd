import { afterEach, describe, expect, it } from 'vitest'
import type { VersionSummary } from '../../../core/api'
import { createTestDocument, paragraphText, projectDocument, startTestWorkspace, type TestClient, type TestWorkspace } from '../../integration/testWorkspace'

const TEXT = 'First paragraph.\nSecond paragraph.'

let ws: TestWorkspace | null = null
afterEach(async () => {
  await ws?.dispose()
  ws = null
})

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(`${ws!.workspace.url}${path}`, init)
  const type = response.headers.get('content-type') ?? ''
  return (type.includes('json') ? await response.json() : await response.text()) as T
}

/** Resolves once the server's projection of `id` is `text`. */
async function untilServerText(id: string, text: string): Promise<void> {
  while ((await api<string>(`/api/documents/${id}/text`)) !== text) await new Promise((resolve) => setImmediate(resolve))
}

async function connected(id: string, user: string): Promise<TestClient> {
  const client = ws!.connect(id, { user })
  await client.synced
  return client
}

/** Each version's authors (ids) and text, oldest first. */
async function versionsOldestFirst(id: string): Promise<{ authors: string[]; text: string; name: string | null }[]> {
  const versions = (await api<VersionSummary[]>(`/api/documents/${id}/versions`)).reverse()
  return Promise.all(
    versions.map(async (v) => ({ authors: v.authors.map((a) => a.id), text: await api<string>(`/api/documents/${id}/versions/${v.id}/text`), name: v.name ?? null })),
  )
}

describe('automatic versions grouped by author', () => {
  it('ends a session when another author starts editing once the first has stopped, each version listing only its authors', async () => {
    // The idle gap never passes here: only the change of author splits the sessions,
    // each turn passing after the default handover gap (10 s) of the session's author's quiet.
    let clock = Date.now()
    ws = await startTestWorkspace({ history: { sessionGapMs: 1e9, now: () => clock } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const alice = await connected(id, 'alice')
    const bob = await connected(id, 'bob')

    paragraphText(alice.doc, 0).insert(0, 'A1 ')
    await untilServerText(id, projectDocument(alice.doc))
    paragraphText(alice.doc, 1).insert(0, 'A2 ')
    await untilServerText(id, projectDocument(alice.doc))
    const afterAlice = projectDocument(alice.doc)
    await untilServerText(id, afterAlice)
    // Bob's doc must hold Alice's edits before he types, as in any real session.
    while (projectDocument(bob.doc) !== afterAlice) await new Promise((resolve) => setImmediate(resolve))

    clock += 10_000
    paragraphText(bob.doc, 1).insert(0, 'B1 ')
    const afterBob = projectDocument(bob.doc)
    await untilServerText(id, afterBob)
    while (projectDocument(alice.doc) !== afterBob) await new Promise((resolve) => setImmediate(resolve))

    clock += 10_000
    paragraphText(alice.doc, 0).insert(0, 'A3 ')
    const afterAliceAgain = projectDocument(alice.doc)
    await untilServerText(id, afterAliceAgain)
    // Naming the present closes Alice's second session.
    await fetch(`${ws.workspace.url}/api/documents/${id}/versions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'now' }) })

    expect(await versionsOldestFirst(id)).toEqual([
      { authors: [], text: 'First paragraph.\n\nSecond paragraph.', name: null },
      { authors: ['alice'], text: 'A1 First paragraph.\n\nA2 Second paragraph.', name: null },
      { authors: ['bob'], text: 'A1 First paragraph.\n\nB1 A2 Second paragraph.', name: null },
      { authors: ['alice'], text: 'A3 A1 First paragraph.\n\nB1 A2 Second paragraph.', name: 'now' },
    ])
  })

  it('keeps one session for authors typing at the same time, its version listing them all', async () => {
    let clock = Date.now()
    ws = await startTestWorkspace({ history: { sessionGapMs: 1e9, now: () => clock } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const alice = await connected(id, 'alice')
    const bob = await connected(id, 'bob')
    // Turns pass every 3 s, under the 10 s handover gap: the two are working together.
    const turns: [TestClient, string, number][] = [[alice, 'A1 ', 0], [bob, 'B1 ', 1], [alice, 'A2 ', 1], [bob, 'B2 ', 0]]
    for (const [client, words, paragraph] of turns) {
      clock += 3_000
      paragraphText(client.doc, paragraph).insert(0, words)
      const after = projectDocument(client.doc)
      await untilServerText(id, after)
      for (const other of [alice, bob]) while (projectDocument(other.doc) !== after) await new Promise((resolve) => setImmediate(resolve))
    }
    // Alice goes on alone once Bob has been quiet 10 s: the turn has passed.
    clock += 10_000
    paragraphText(alice.doc, 1).insert(0, 'A3 ')
    await untilServerText(id, projectDocument(alice.doc))
    await fetch(`${ws.workspace.url}/api/documents/${id}/versions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'now' }) })

    expect(await versionsOldestFirst(id)).toEqual([
      { authors: [], text: 'First paragraph.\n\nSecond paragraph.', name: null },
      { authors: ['alice', 'bob'], text: 'B2 A1 First paragraph.\n\nA2 B1 Second paragraph.', name: null },
      { authors: ['alice'], text: 'B2 A1 First paragraph.\n\nA3 A2 B1 Second paragraph.', name: 'now' },
    ])
  })

  it('does not split a session when a reconnecting client re-sends what the room already has', async () => {
    ws = await startTestWorkspace({ history: { sessionGapMs: 1e9 } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const alice = await connected(id, 'alice')
    paragraphText(alice.doc, 0).insert(0, 'A1 ')
    await untilServerText(id, projectDocument(alice.doc))
    // Bob joins and syncs (his step 2 holds only what the room has), then leaves without editing.
    const bob = await connected(id, 'bob')
    while (projectDocument(bob.doc) !== projectDocument(alice.doc)) await new Promise((resolve) => setImmediate(resolve))
    paragraphText(alice.doc, 1).insert(0, 'A2 ')
    await untilServerText(id, projectDocument(alice.doc))
    await fetch(`${ws.workspace.url}/api/documents/${id}/versions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'now' }) })

    expect(await versionsOldestFirst(id)).toEqual([
      { authors: [], text: 'First paragraph.\n\nSecond paragraph.', name: null },
      { authors: ['alice'], text: 'A1 First paragraph.\n\nA2 Second paragraph.', name: 'now' },
    ])
  })
})
