import { afterEach, describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { seededRandom } from '../../../bench/seededRandom'
import type { BlameRun, ExistingUpload, VersionSummary } from '../../../core/api'
import { createAnnotation, fragmentOf, FragmentText, projectDocument } from '../../../doc'
import {
  createTestDocument,
  paragraphText,
  startTestWorkspace,
  waitForConvergence,
  waitForDoc,
  type TestClient,
  type TestWorkspace,
} from '../../integration/testWorkspace'

const SAMPLE_DIR = fileURLToPath(new URL('../../../documents', import.meta.url))
const TEXT = 'First paragraph of the text.\nSecond paragraph, a little longer than the first.\nThird and last.'

let ws: TestWorkspace | null = null
afterEach(async () => {
  await ws?.dispose()
  ws = null
})

async function api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const response = await fetch(`${ws!.workspace.url}${path}`, init)
  const type = response.headers.get('content-type') ?? ''
  return { status: response.status, body: (type.includes('json') ? await response.json() : await response.text()) as T }
}

function post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
  return api<T>(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
}

/** Resolves once the server's projection of `id` is `text` (its copy has every update the clients sent). */
async function untilServerText(id: string, text: string): Promise<void> {
  for (;;) {
    if ((await api<string>(`/api/documents/${id}/text`)).body === text) return
    await new Promise((resolve) => setImmediate(resolve))
  }
}

/** Whether offset `i` is inside a paragraph separator ("\n\n") of the projection. */
function isSeparator(text: string, i: number): boolean {
  return text.slice(i, i + 2) === '\n\n' || text.slice(i - 1, i + 1) === '\n\n'
}

async function connected(id: string, user: string): Promise<TestClient> {
  const client = ws!.connect(id, { user })
  await client.synced
  return client
}

describe('history API', () => {
  it('lists the original state, names the current one and serves each version\'s text and export', async () => {
    ws = await startTestWorkspace({ history: { sessionGapMs: 60_000 } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const alice = await connected(id, 'alice')
    paragraphText(alice.doc, 2).insert(0, 'Alice: ')
    await untilServerText(id, projectDocument(alice.doc))
    const named = await post<VersionSummary>(`/api/documents/${id}/versions`, { name: 'after Alice' })
    expect(named.status).toBe(201)
    expect(named.body.name).toBe('after Alice')
    expect(named.body.authors).toEqual([{ id: 'alice', name: 'alice' }])

    const versions = await api<VersionSummary[]>(`/api/documents/${id}/versions`)
    expect(versions.body.map((v) => v.name ?? null)).toEqual(['after Alice', null])
    expect(versions.body[1].authors).toEqual([])
    const [latest, original] = versions.body
    expect((await api<string>(`/api/documents/${id}/versions/${original.id}/text`)).body).toBe(TEXT.split('\n').join('\n\n'))
    expect((await api<string>(`/api/documents/${id}/versions/${latest.id}/text`)).body).toContain('Alice: Third and last.')
    const exported = await api<string>(`/api/documents/${id}/export?format=txt&version=${original.id}`)
    expect(exported.status).toBe(200)
    expect(exported.body).not.toContain('Alice')
    expect((await api<{ error: { id: string } }>(`/api/documents/${id}/versions/999/text`)).body.error.id).toBe('version-not-found')

    const renamed = await post<VersionSummary>(`/api/documents/${id}/versions`, { name: 'as uploaded', version: original.id })
    expect(renamed.body).toMatchObject({ id: original.id, name: 'as uploaded' })

    const compared = await api<{ alignment: { segments: { kind: string }[] } }>(`/api/documents/${id}/versions/${original.id}/compare?with=now`)
    expect(compared.status).toBe(200)
    expect(compared.body.alignment.segments.some((s) => s.kind !== 'equal')).toBe(true)
  })

  it('blames every character of the sample on the user who wrote it', async () => {
    ws = await startTestWorkspace({ documentsDir: SAMPLE_DIR })
    const [{ id }] = (await api<{ id: string }[]>('/api/documents')).body
    const alice = await connected(id, 'alice')
    const bob = await connected(id, 'bob')
    // Who wrote each character of the projection, kept beside the edits: null = the seed.
    const owners: (string | null)[] = [...projectDocument(alice.doc)].map(() => null)
    const random = seededRandom(15)
    for (let round = 0; round < 40; round++) {
      const [client, user] = round % 2 === 0 ? [alice, 'alice'] : [bob, 'bob']
      const text = new FragmentText(fragmentOf(client.doc))
      const offset = Math.floor(random() * text.length)
      const point = text.charAt(offset)
      if (!point) continue
      if (random() < 0.3 && point.index < point.text.length - 3) {
        point.text.delete(point.index, 3)
        owners.splice(offset, 3)
      } else {
        const inserted = user === 'alice' ? 'αα' : 'β'
        point.text.insert(point.index, inserted)
        owners.splice(offset, 0, ...[...inserted].map(() => user))
      }
      await waitForConvergence([alice.doc, bob.doc])
    }
    const text = projectDocument(alice.doc)
    await untilServerText(id, text)
    const { body: runs } = await api<BlameRun[]>(`/api/documents/${id}/blame`)
    const who = [...text].map(() => 'separator' as string | null)
    for (const run of runs) for (let i = run.start; i < run.end; i++) who[i] = run.author?.id ?? null
    const expected = owners.map((owner, i) => (text[i] === '\n' && owner === null && isSeparator(text, i) ? 'separator' : owner))
    expect(who).toEqual(expected)
    expect(new Set(who)).toEqual(new Set(['alice', 'bob', null, 'separator']))
    expect(runs.find((r) => r.author?.id === 'bob')?.at).toMatch(/^\d{4}-\d\d-\d\dT/)
    const slice = (await api<BlameRun[]>(`/api/documents/${id}/blame?start=10&end=20`)).body
    expect(slice[0].start).toBeGreaterThanOrEqual(10)
    expect(slice[slice.length - 1].end).toBeLessThanOrEqual(20)
  })

  it('brings back a wiped text and its annotations for every client, as one change', async () => {
    ws = await startTestWorkspace()
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const owner = await connected(id, 'owner')
    const vandal = await connected(id, 'vandal')
    createAnnotation(owner.doc, { type: 'note', author: 'owner', start: 6, end: 15, comment: 'keep this' })
    await waitForConvergence([owner.doc, vandal.doc])
    await waitForDoc(vandal.doc, (doc) => doc.getMap('annotations').size === 1)
    const before = projectDocument(owner.doc)
    const { body: version } = await post<VersionSummary>(`/api/documents/${id}/versions`, { name: 'before' })

    vandal.doc.transact(() => {
      const fragment = fragmentOf(vandal.doc)
      fragment.delete(0, fragment.length)
      vandal.doc.getMap('annotations').clear()
    })
    await waitForDoc(owner.doc, (doc) => projectDocument(doc) === '' && doc.getMap('annotations').size === 0)
    // Uploading the original again finds the same content hash: the emptied document, with the version to restore.
    const again = await post<{ id: string } & ExistingUpload>('/api/documents', { text: TEXT })
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(id)
    expect(again.body.textDiffers).toBe(true)
    // The original upload's text: the first version (before the annotation, same text).
    const original = (await api<VersionSummary[]>(`/api/documents/${id}/versions`)).body.at(-1)!
    expect(again.body.restorableVersion?.id).toBe(version.id)
    expect(original.id).toBeLessThan(version.id)

    const restored = await post<{ changedBlocks: number; annotationsWritten: string[] }>(`/api/documents/${id}/versions/${version.id}/restore?user=owner`, {})
    expect(restored.status).toBe(200)
    expect(restored.body.annotationsWritten).toHaveLength(1)
    for (const client of [owner, vandal]) {
      await waitForDoc(client.doc, (doc) => projectDocument(doc) === before && doc.getMap('annotations').size === 1)
    }
    const versions = await api<VersionSummary[]>(`/api/documents/${id}/versions`)
    expect(versions.body.find((v) => v.id === version.id)?.name).toBe('before')
    expect((await api<string>(`/api/documents/${id}/text`)).body).toBe(before)
    const uploadedAgain = await post<Record<string, unknown>>('/api/documents', { text: TEXT })
    expect(uploadedAgain.body.textDiffers).toBeUndefined()
    const blame = (await api<BlameRun[]>(`/api/documents/${id}/blame`)).body
    expect(new Set(blame.map((run) => run.author?.id ?? null))).toEqual(new Set(['owner']))
  })

  it('ends a session after a pause as an automatic version of its authors, and restores one annotation or a passage through the API', async () => {
    ws = await startTestWorkspace({ history: { sessionGapMs: 30 } })
    const id = await createTestDocument(ws.workspace.url, TEXT)
    const dana = await connected(id, 'dana')
    // One transaction, one update: the session cannot end halfway.
    const annotation = dana.doc.transact(() => {
      paragraphText(dana.doc, 1).insert(0, 'Dana: ')
      return createAnnotation(dana.doc, { type: 'note', author: 'dana', start: 0, end: 5, comment: 'first' })
    })
    let versions: VersionSummary[]
    while ((versions = (await api<VersionSummary[]>(`/api/documents/${id}/versions`)).body).length < 2) await new Promise((resolve) => setTimeout(resolve, 20))
    expect(versions).toHaveLength(2)
    expect(versions[0]).toMatchObject({ authors: [{ id: 'dana', name: 'dana' }] })
    expect(versions[0].name).toBeUndefined()
    const session = versions[0].id

    dana.doc.getMap('annotations').delete(annotation)
    paragraphText(dana.doc, 0).insert(0, 'X')
    paragraphText(dana.doc, 2).insert(0, 'Y')
    await untilServerText(id, projectDocument(dana.doc))
    const one = await post<{ annotationsWritten: string[] }>(`/api/documents/${id}/versions/${session}/restore`, { annotationId: annotation })
    expect(one.body.annotationsWritten).toEqual([annotation])
    await waitForDoc(dana.doc, (doc) => doc.getMap('annotations').has(annotation))
    // "Third and last." is the version's third paragraph: only it goes back.
    const versionText = (await api<string>(`/api/documents/${id}/versions/${session}/text`)).body
    const third = versionText.indexOf('Third')
    const passage = await post<{ changedBlocks: number }>(`/api/documents/${id}/versions/${session}/restore`, { range: { start: third, end: third + 5 } })
    expect(passage.body.changedBlocks).toBe(1)
    await waitForDoc(dana.doc, (doc) => projectDocument(doc).endsWith('\n\nThird and last.'))
    expect(projectDocument(dana.doc).startsWith('XFirst')).toBe(true)
    const bad = await post<{ error: { id: string } }>(`/api/documents/${id}/versions/${session}/restore`, { annotationId: 'nope' })
    expect([bad.status, bad.body.error.id]).toEqual([400, 'invalid-request'])
  })
})
