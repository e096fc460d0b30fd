import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createDocument } from '../../../server/documents/createDocument'
import { DocumentCatalog } from '../../../server/documents/DocumentCatalog'
import { FragmentText, fragmentOf } from '../../../doc'
import { ApiError } from '../../../server/errors'
import { openDatabase } from '../../../server/persistence/openDatabase'
import { SqlitePersistence } from '../../../server/persistence/SqlitePersistence'

describe('createDocument', () => {
  let dir: string
  let db: Database.Database
  let catalog: DocumentCatalog
  let persistence: SqlitePersistence
  const now = () => new Date('2025-06-17T08:00:00.000Z')

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'variorum-create-'))
    db = openDatabase(dir)
    catalog = new DocumentCatalog(db)
    persistence = new SqlitePersistence(db)
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const stored = (id: string): Y.Doc => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, persistence.fetch(id)!)
    return doc
  }

  it('stores one paragraph per non-blank line and the metadata in the Y.Doc', () => {
    const { document, created } = createDocument(catalog, persistence, { text: '\n# Notes\r\n\r\n  \nsecond\n', fileName: 'My Notes.md' }, now)
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
    const doc = stored('my-notes')
    expect(new FragmentText(fragmentOf(doc)).paragraphs).toEqual(['# Notes', 'second'])
    expect(doc.getMap('meta').toJSON()).toEqual({ title: 'Notes', sourceHash: document.sourceHash, createdAt: document.createdAt })
  })

  it('returns the existing document for the same content, even with other line ends or blank lines', () => {
    const first = createDocument(catalog, persistence, { text: 'a\nb' }, now)
    const second = createDocument(catalog, persistence, { text: 'a\r\n\r\n\r\nb\r\n', title: 'Other' }, now)
    expect(second).toEqual({ document: first.document, created: false })
    expect(catalog.list()).toHaveLength(1)
  })

  it('gives a different text with the same name a hash-suffixed id', () => {
    createDocument(catalog, persistence, { text: 'one', fileName: 'x.txt' }, now)
    const other = createDocument(catalog, persistence, { text: 'two', fileName: 'x.txt' }, now)
    expect(other.document.id).toMatch(/^x-[0-9a-f]{8}$/)
  })

  it('throws ApiError empty-document for blank text and binary-content for NUL', () => {
    expect(() => createDocument(catalog, persistence, { text: ' \n\t\n' })).toThrow(expect.objectContaining({ id: 'empty-document' }) as ApiError)
    expect(() => createDocument(catalog, persistence, { text: 'a\0' })).toThrow(expect.objectContaining({ id: 'binary-content' }) as ApiError)
    expect(catalog.list()).toEqual([])
  })
})
