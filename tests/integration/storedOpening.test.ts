import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC_MODEL, MAX_OPENING, openingOfTexts, openingParagraphs, type OpeningParagraphs } from '../../doc'
import { temporaryPostgresDatabase, withEngineStore, type EngineStore } from '../server/persistence/engines'
import { createTestDocument, paragraphText, projectDocument, startTestWorkspace, waitForDoc, type TestWorkspace } from './testWorkspace'

/**
 * The opening paragraphs kept beside the snapshot (issue #21): what a browser opening a
 * long document after a restart gets as its first screen without the server decoding the
 * state, on both engines. It must never be older than the document: the stores answer it
 * only while no update-log row follows the snapshot, a room leaving rows behind folds
 * them when it unloads, and a server finding rows a killed one left folds them at start.
 */
const PARAGRAPHS = Array.from({ length: 300 }, (_, i) => `第${i + 1}段：书稿的文字，从这里开始。`)
const BOOK = `${PARAGRAPHS.join('\n\n')}\n`

describe.each(['sqlite', 'postgres'] as const)('stored opening on %s', (engine) => {
  let database: { url: string; drop(): Promise<void> } | null
  let ws: TestWorkspace
  let id: string

  beforeEach(async () => {
    database = engine === 'postgres' ? await temporaryPostgresDatabase() : null
    ws = await startTestWorkspace({ databaseUrl: database?.url, unloadAfterMs: 50, compactAfterUpdates: 4 })
    id = await createTestDocument(ws.workspace.url, BOOK, 'Stored opening')
  })
  afterEach(async () => {
    await ws.dispose()
    await database?.drop()
  })

  /** The same storage through a store of its own (the server may be running or not). */
  const withStore = <T>(fn: (store: EngineStore) => Promise<T>): Promise<T> => withEngineStore(database?.url ?? null, ws.dataDir, fn)

  /** GET …/opening with the largest limits, so the answer is the whole stored opening. */
  async function opening(): Promise<{ status: number; body: OpeningParagraphs | null }> {
    const response = await fetch(`${ws.workspace.url}/api/documents/${id}/opening?paragraphs=${MAX_OPENING.maxParagraphs}`)
    return { status: response.status, body: response.status === 200 ? ((await response.json()) as OpeningParagraphs) : null }
  }

  const openingOf = (doc: Y.Doc) => openingParagraphs(doc, { at: 0, ...MAX_OPENING })

  it('answers a new document\'s first screen from the opening stored with its first state, after a restart too', async () => {
    const expected = openingOfTexts(PARAGRAPHS)
    expect(expected.paragraphs).toHaveLength(200)
    expect(await withStore((store) => store.readOpening(id))).toEqual(expected)
    expect(await opening()).toEqual({ status: 200, body: expected })
    await ws.restart()
    expect(await opening()).toEqual({ status: 200, body: expected })
    // The same paragraphs the document's state holds.
    const client = ws.connect(id)
    await client.synced
    expect(openingOf(client.doc)).toEqual(expected)
  })

  it('writes the opening with the snapshot at compaction and when the room unloads, so edits in the opening are in it after a restart', async () => {
    const client = ws.connect(id)
    await client.synced
    // Four updates: the compactor folds them (compactAfterUpdates 4) while the room is open.
    paragraphText(client.doc, 0).insert(0, '新')
    paragraphText(client.doc, 1).delete(0, 2)
    client.doc.getXmlFragment(DOC_MODEL.fragment).delete(2, 1)
    paragraphText(client.doc, 3).insert(3, '改')
    const compacted = openingOf(client.doc)
    expect(compacted.paragraphs.slice(0, 4)).toEqual([`新${PARAGRAPHS[0]}`, PARAGRAPHS[1].slice(2), PARAGRAPHS[3], `${PARAGRAPHS[4].slice(0, 3)}改${PARAGRAPHS[4].slice(3)}`])
    await expect.poll(() => withStore((store) => store.readOpening(id)), { timeout: 20_000 }).toEqual(compacted)
    expect(ws.workspace.compactions()).toBeGreaterThan(0)

    // One more edit stays in the log: the stored opening no longer describes the document.
    paragraphText(client.doc, 0).insert(0, '再')
    const edited = openingOf(client.doc)
    await expect.poll(() => withStore((store) => store.logLength(id)), { timeout: 20_000 }).toBe(1)
    expect(await withStore((store) => store.readOpening(id))).toBeNull()
    // The live room answers meanwhile.
    expect(await opening()).toEqual({ status: 200, body: edited })

    // The room unloads and folds what it left in the log.
    client.destroy()
    await expect.poll(() => withStore((store) => store.readOpening(id)), { timeout: 20_000 }).toEqual(edited)
    await ws.restart()
    expect(await opening()).toEqual({ status: 200, body: edited })
  })

  it('never answers a stored opening that updates stored after the snapshot changed, and folds them when the server starts again', async () => {
    // A server that stopped without folding (killed) left an edit of the first paragraph in the log.
    let edited: OpeningParagraphs | null = null
    await ws.restart(() => withStore(async (store) => {
      const doc = new Y.Doc()
      Y.applyUpdate(doc, (await store.fetch(id))!)
      const before = Y.encodeStateVector(doc)
      paragraphText(doc, 0).insert(0, '删改')
      await store.storeMany([{ documentId: id, update: Y.encodeStateAsUpdate(doc, before) }])
      edited = openingOf(doc)
      expect(await store.readOpening(id)).toBeNull()
    }))
    expect(edited!.paragraphs[0]).toBe(`删改${PARAGRAPHS[0]}`)

    // The restarted server folds the row it found, in the background: until then no
    // opening (204), never the one stored before the edit; then the edited one.
    const answers: Array<{ status: number; body: OpeningParagraphs | null }> = []
    await expect.poll(async () => {
      answers.push(await opening())
      return answers[answers.length - 1]
    }, { timeout: 20_000 }).toEqual({ status: 200, body: edited })
    for (const answer of answers.slice(0, -1)) expect(answer).toEqual({ status: 204, body: null })
    expect(await withStore((store) => store.logLength(id))).toBe(0)
    expect(await withStore((store) => store.readOpening(id))).toEqual(edited)

    const client = ws.connect(id)
    await client.synced
    expect(projectDocument(client.doc).startsWith(`删改${PARAGRAPHS[0]}\n\n${PARAGRAPHS[1]}`)).toBe(true)
    client.destroy()
    await ws.restart()
    expect(await opening()).toEqual({ status: 200, body: edited })
  })

  it('opens a document stored before openings were kept (none stored) unchanged, and keeps one from its next fold', async () => {
    // What the migration leaves for rows stored before it: no opening.
    await ws.restart(async () => {
      await withStore((store) => store.sql.run('UPDATE snapshots SET opening = NULL'))
    })
    expect(await opening()).toEqual({ status: 204, body: null })
    const client = ws.connect(id)
    await client.synced
    expect(projectDocument(client.doc)).toBe(PARAGRAPHS.join('\n\n'))

    paragraphText(client.doc, 0).insert(0, '一')
    await waitForDoc(client.doc, (doc) => paragraphText(doc, 0).toString().startsWith('一'))
    const edited = openingOf(client.doc)
    client.destroy()
    await expect.poll(() => withStore((store) => store.readOpening(id)), { timeout: 20_000 }).toEqual(edited)
    await ws.restart()
    expect(await opening()).toEqual({ status: 200, body: edited })
  })
})
