import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createDocument } from '../../../server/documents/createDocument'
import { FragmentText, fragmentOf } from '../../../doc'
import type { ApiError } from '../../../server/errors'
import { engines, type EngineStore } from '../persistence/engines'

/** On SQLite and on PostgreSQL (tests/server/persistence/engines.ts). */
describe.each(engines())('createDocument on $name', (engine) => {
  let store: EngineStore
  const now = () => new Date('2025-06-17T08:00:00.000Z')

  beforeAll(() => engine.setup())
  beforeEach(async () => {
    store = await engine.open()
  })
  afterEach(() => store.close())
  afterAll(() => engine.teardown())

  const stored = async (id: string): Promise<Y.Doc> => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, (await store.fetch(id))!)
    return doc
  }

  it('stores one paragraph per non-blank line and the metadata in the Y.Doc', async () => {
    const { document, created } = await createDocument(store, { text: '\n# Notes\r\n\r\n  \nsecond\n', fileName: 'My Notes.md' }, now)
    expect(created).toBe(true)
    expect(document).toEqual({
      id: 'my-notes',
      title: 'Notes',
      createdAt: '2025-06-17T08:00:00.000Z',
      sourceHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      characters: '# Notes\n\nsecond'.length,
      sourceEncoding: null,
      sourceFormat: null,
    })
    const doc = await stored('my-notes')
    expect(new FragmentText(fragmentOf(doc)).paragraphs).toEqual(['# Notes', 'second'])
    expect(doc.getMap('meta').toJSON()).toEqual({ title: 'Notes', sourceHash: document.sourceHash, createdAt: document.createdAt })
  })

  it('returns the existing document for the same content, even with other line ends or blank lines', async () => {
    const first = await createDocument(store, { text: 'a\nb' }, now)
    const second = await createDocument(store, { text: 'a\r\n\r\n\r\nb\r\n', title: 'Other' }, now)
    expect(second).toEqual({ document: first.document, created: false })
    expect(await store.listDocuments()).toHaveLength(1)
  })

  it('creates one document when the same content arrives twice at once (two requests or two instances)', async () => {
    const results = await Promise.all([createDocument(store, { text: 'same' }, now), createDocument(store, { text: 'same' }, now)])
    expect(results.map((r) => r.created).sort()).toEqual([false, true])
    expect(results[0].document).toEqual(results[1].document)
    expect(await store.listDocuments()).toHaveLength(1)
  })

  it('gives a different text with the same name a hash-suffixed id', async () => {
    await createDocument(store, { text: 'one', fileName: 'x.txt' }, now)
    const other = await createDocument(store, { text: 'two', fileName: 'x.txt' }, now)
    expect(other.document.id).toMatch(/^x-[0-9a-f]{8}$/)
  })

  it('throws ApiError empty-document for blank text and binary-content for NUL', async () => {
    await expect(createDocument(store, { text: ' \n\t\n' })).rejects.toThrow(expect.objectContaining({ id: 'empty-document' }) as ApiError)
    await expect(createDocument(store, { text: 'a\0' })).rejects.toThrow(expect.objectContaining({ id: 'binary-content' }) as ApiError)
    expect(await store.listDocuments()).toEqual([])
  })
})
