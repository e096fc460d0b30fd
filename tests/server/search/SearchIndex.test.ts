import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateCorpus } from '../../../bench/search/generateCorpus'
import { createAnchor, type Annotation } from '../../../core/annotations'
import { buildSearchEntries, DEFAULT_SEARCH_LIMIT, type SearchQuery } from '../../../core/search'
import { DocumentCatalog } from '../../../server/documents/DocumentCatalog'
import { MIGRATIONS } from '../../../server/persistence/migrations'
import { DATABASE_FILE, openDatabase } from '../../../server/persistence/openDatabase'
import { planReindex } from '../../../server/search/planReindex'
import { SearchIndex } from '../../../server/search/SearchIndex'

const query = (text: string, filters: Partial<SearchQuery> = {}): SearchQuery => ({
  text, document: null, kind: null, type: null, author: null, status: null, from: null, to: null, limit: DEFAULT_SEARCH_LIMIT, ...filters,
})

function annotation(projection: string, id: string, start: number, end: number, fields: Partial<Annotation> = {}): Annotation {
  return {
    id, type: 'note', author: 'Ana', created: '2025-06-10T09:00:00.000Z', updated: '2025-06-10T09:00:00.000Z', status: 'open',
    comments: [], links: [], anchor: createAnchor(projection, start, end), ...fields,
  }
}

describe('SearchIndex', () => {
  let dir: string
  let db: Database.Database
  let catalog: DocumentCatalog
  let index: SearchIndex

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'variorum-search-'))
    db = openDatabase(dir)
    catalog = new DocumentCatalog(db)
    index = new SearchIndex(db)
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  function addDocument(id: string, title: string, projection: string, annotations: Annotation[] = []): void {
    catalog.insert({ id, title, createdAt: '2025-01-01T00:00:00.000Z', sourceHash: id, characters: projection.length })
    index.replaceDocument(id, buildSearchEntries({ projection, annotations }))
  }

  it('finds every planted phrase, Chinese and English, at its offset (recall 1.0)', () => {
    const corpus = generateCorpus({ seed: 7, documents: 12, bytesPerDocument: 20_000, phrasesPerLanguage: 12 })
    for (const doc of corpus.documents) addDocument(doc.id, doc.title, doc.text)
    let expected = 0
    let found = 0
    for (const { phrase, places } of corpus.planted) {
      const hits = index.search(query(phrase, { limit: 500 })).hits
      for (const place of places) {
        expected++
        const hit = hits.find((h) => h.documentId === place.documentId && h.kind === 'text' && h.start === place.start)
        if (hit) found++
        expect(hit, `${phrase} in ${place.documentId}`).toMatchObject({ end: place.start + phrase.length, snippet: { match: phrase } })
      }
      // Nothing but the planted places: the phrases are new text.
      expect(hits.map((h) => `${h.documentId}@${h.start}`).sort()).toEqual(places.map((p) => `${p.documentId}@${p.start}`).sort())
    }
    expect(corpus.planted.filter((p) => p.language === 'zh')).toHaveLength(12)
    expect(found / expected).toBe(1)
  })

  it('limits results to the documents the reader may read', () => {
    addDocument('a', 'Alpha', 'the shared phrase lives here')
    addDocument('b', 'Beta', 'and here the shared phrase lives too')
    addDocument('c', 'Gamma', '共享短语也在这里：shared phrase')
    expect(index.search(query('shared phrase')).hits.map((h) => h.documentId)).toEqual(['a', 'b', 'c'])
    expect(index.search(query('shared phrase'), new Set(['b'])).hits.map((h) => h.documentId)).toEqual(['b'])
    expect(index.search(query('shared phrase'), new Set(['a', 'c'])).hits.map((h) => h.documentId)).toEqual(['a', 'c'])
    expect(index.search(query('shared phrase', { document: 'b' }), new Set(['a'])).hits).toEqual([])
    expect(index.search(query('sh'), new Set(['c'])).hits.map((h) => h.documentId)).toEqual(['c'])
    expect(index.search(query('shared phrase'), new Set()).hits).toEqual([])
  })

  it('answers one- and two-character queries, which are no trigram, at the end of a text too', () => {
    addDocument('end', 'End', '会议在阿斯塔纳\n\n峰会\n\n会')
    expect(index.search(query('纳')).hits.map((h) => [h.start, h.end])).toEqual([[6, 7]])
    expect(index.search(query('峰会')).hits.map((h) => [h.start, h.end])).toEqual([[9, 11]])
    expect(index.search(query('会')).hits.map((h) => [h.start, h.occurrences])).toEqual([[0, 1], [10, 1], [13, 1]])
    expect(index.search(query('会 ')).hits).toEqual([])
  })

  it('scans for a one-character query too common to expand into trigrams', () => {
    // "x" followed by 600 different characters: 600 distinct trigrams start with it.
    const text = Array.from({ length: 600 }, (_, i) => `x${String.fromCharCode(0x4e00 + i)}。`).join('')
    addDocument('many', 'Many', `${text}\n\nlast x`)
    const hits = index.search(query('X', { limit: 500 })).hits
    expect(hits.map((h) => [h.start, h.occurrences])).toEqual([[0, 600], [1807, 1]])
  })

  it('answers one- and two-character queries, which have no trigram, by scanning', () => {
    addDocument('zh', '中文', '中国与中亚峰会在阿斯塔纳举行。\n\n第二段没有那个字。')
    addDocument('en', 'English', 'An ox and an OX.')
    const one = index.search(query('峰')).hits
    expect(one.map((h) => [h.documentId, h.start, h.end, h.snippet.match])).toEqual([['zh', 5, 6, '峰']])
    const two = index.search(query('中亚')).hits
    expect(two.map((h) => [h.start, h.end])).toEqual([[3, 5]])
    const ox = index.search(query('ox')).hits
    expect(ox).toHaveLength(1)
    expect(ox[0]).toMatchObject({ start: 3, end: 5, occurrences: 2, snippet: { before: 'An ', match: 'ox', after: ' and an OX.' } })
  })

  it('matches a literal substring, ignoring case, with quotes and LIKE wildcards taken literally', () => {
    addDocument('d', 'D', 'He said "Stop" at 100% of_course.\n\nSTOP signs: stop.')
    expect(index.search(query('"stop"')).hits.map((h) => [h.start, h.snippet.match])).toEqual([[8, '"Stop"']])
    expect(index.search(query('stop')).hits.map((h) => [h.start, h.occurrences])).toEqual([[9, 1], [35, 2]])
    expect(index.search(query('%')).hits.map((h) => h.start)).toEqual([21])
    expect(index.search(query('f_')).hits.map((h) => h.start)).toEqual([24])
    expect(index.search(query('f%')).hits).toEqual([])
  })

  it('indexes quotes and comments with their annotation, and filters on kind, type, author, status and dates', () => {
    const text = 'The envoy arrived late.\n\nThe envoy left early.'
    addDocument('d', 'D', text, [
      annotation(text, 'n1', 4, 9, {
        comments: [
          { id: 'c1', author: 'Bo', created: '2025-06-11T10:00:00.000Z', text: 'Which envoy? Check the envoy list.' },
          { id: 'c2', author: 'Ana', created: '2025-06-20T10:00:00.000Z', text: 'Fixed.' },
        ],
      }),
      annotation(text, 't1', 29, 34, { type: 'typo', author: 'Bo', status: 'resolved', created: '2025-06-15T08:00:00.000Z' }),
    ])
    const all = index.search(query('envoy')).hits
    expect(all.map((h) => [h.kind, h.start, h.end, h.annotationId, h.commentId])).toEqual([
      ['text', 4, 9, null, null],
      ['text', 29, 34, null, null],
      ['quote', 4, 9, 'n1', null],
      ['quote', 29, 34, 't1', null],
      // A comment opens the passage it is about.
      ['comment', 4, 9, 'n1', 'c1'],
    ])
    expect(all[4]).toMatchObject({ occurrences: 2, author: 'Bo', type: 'note', status: 'open', snippet: { before: 'Which ', match: 'envoy', after: '? Check the envoy list.' } })
    const ids = (filters: Partial<SearchQuery>) => index.search(query('envoy', filters)).hits.map((h) => `${h.kind}:${h.annotationId ?? '-'}`)
    expect(ids({ kind: 'comment' })).toEqual(['comment:n1'])
    expect(ids({ kind: 'text' })).toEqual(['text:-', 'text:-'])
    expect(ids({ type: 'typo' })).toEqual(['quote:t1'])
    expect(ids({ author: 'Bo' })).toEqual(['quote:t1', 'comment:n1'])
    expect(ids({ status: 'open' })).toEqual(['quote:n1', 'comment:n1'])
    expect(ids({ from: '2025-06-11' })).toEqual(['quote:t1', 'comment:n1'])
    expect(ids({ to: '2025-06-11' })).toEqual(['quote:n1', 'comment:n1'])
    expect(ids({ from: '2025-06-12', to: '2025-06-15' })).toEqual(['quote:t1'])
    expect(ids({ document: 'd', kind: 'quote', status: 'resolved' })).toEqual(['quote:t1'])
  })

  it('keeps an orphaned annotation searchable by its last quote, without a place', () => {
    const text = 'Nothing left of it.'
    const orphan = { ...annotation('the lost passage', 'o', 4, 8), orphaned: true }
    addDocument('d', 'D', text, [orphan])
    expect(index.search(query('lost')).hits.map((h) => [h.kind, h.start, h.end])).toEqual([['quote', null, null]])
  })

  it('replaces a document\'s entries when it is re-indexed, and reports truncation', () => {
    addDocument('d', 'D', 'old words here')
    index.replaceDocument('d', buildSearchEntries({ projection: 'new words\n\nnew again\n\nnew thrice', annotations: [] }))
    expect(index.search(query('old')).hits).toEqual([])
    const limited = index.search(query('new', { limit: 2 }))
    expect(limited.hits.map((h) => h.start)).toEqual([0, 11])
    expect(limited.truncated).toBe(true)
    expect(index.search(query('new', { limit: 3 })).truncated).toBe(false)
  })

  it('keeps unchanged entries on re-index and moves their offsets', () => {
    addDocument('d', 'D', 'alpha one\n\nbravo two\n\nalpha one')
    const ids = () => (db.prepare('SELECT id FROM search_entries ORDER BY id').all() as { id: number }[]).map((r) => r.id)
    const before = ids()
    index.replaceDocument('d', buildSearchEntries({ projection: 'new first\n\nalpha one\n\nbravo two!\n\nalpha one', annotations: [] }))
    const after = ids()
    // Both "alpha one" rows kept, "bravo two" replaced, "new first" added.
    expect(after.filter((id) => before.includes(id))).toEqual([before[0], before[2]])
    expect(after).toHaveLength(4)
    expect(index.search(query('alpha one')).hits.map((h) => h.start)).toEqual([11, 34])
    expect(index.search(query('bravo two')).hits.map((h) => [h.start, h.snippet.after])).toEqual([[22, '!']])
    const fts = db.prepare("SELECT count(*) AS n FROM search_fts WHERE search_fts MATCH '\"bravo\"'").get() as { n: number }
    expect(fts.n).toBe(1)
  })

  it('finds every paragraph at its new offset after edits at the start of a long document, written in slices', () => {
    const paragraphs = Array.from({ length: 400 }, (_, i) => `paragraph number ${i} of the long text`)
    addDocument('d', 'D', paragraphs.join('\n\n'))
    const edits: ((p: string[]) => void)[] = [
      (p) => (p[0] = `typed ${p[0]}`),
      (p) => p.splice(1, 0, 'a new second paragraph'),
      (p) => p.splice(0, 2),
      (p) => (p[0] = p[0].slice(3)),
    ]
    for (const edit of edits) {
      edit(paragraphs)
      const projection = paragraphs.join('\n\n')
      const plan = planReindex(index.storedRows('d'), buildSearchEntries({ projection, annotations: [] }))
      // The indexer's way: a slice per turn (budget 0: 32 rows a slice), then marked fresh.
      for (let next = 0; next < plan.moved.ids.length + plan.inserted.length + plan.deleted.length + plan.changed.length;) {
        next = index.writePlan('d', plan, next, 0)
      }
      for (const i of [0, 1, 2, 199, paragraphs.length - 1]) {
        const text = paragraphs[i]
        const at = projection.indexOf(`${text}\n\n`) === -1 ? projection.lastIndexOf(text) : projection.indexOf(`${text}\n\n`)
        expect(index.search(query(text)).hits.map((h) => [h.start, h.end]), text).toEqual([[at, at + text.length]])
      }
    }
  })

  it('lists documents never indexed or changed since', () => {
    catalog.insert({ id: 'new', title: 'N', createdAt: '2025-01-02T00:00:00.000Z', sourceHash: 'n', characters: 0 })
    addDocument('done', 'D', 'text')
    expect(index.staleDocuments()).toEqual(['new'])
    index.markStale('done')
    expect(index.staleDocuments()).toEqual(['done', 'new'])
    index.replaceDocument('done', [])
    expect(index.staleDocuments()).toEqual(['new'])
  })

  it('rebuilds an index of offsets held in search_entries (migration 9): every document indexed again on start', () => {
    const old = mkdtempSync(join(tmpdir(), 'variorum-search-old-'))
    try {
      const raw = new Database(join(old, DATABASE_FILE))
      for (const step of MIGRATIONS.slice(0, 8)) raw.exec(step)
      raw.pragma('user_version = 8')
      raw.prepare("INSERT INTO documents (id, title, created_at, source_hash, characters) VALUES ('d', 'D', '2025-01-01', 'h', 5)").run()
      raw.prepare(`INSERT INTO search_entries (id, document_id, kind, body, start, "end") VALUES (1, 'd', 'text', 'alpha', 0, 5)`).run()
      raw.prepare("INSERT INTO search_fts (rowid, body) VALUES (1, 'alpha')").run()
      raw.prepare("INSERT INTO search_documents (document_id, indexed_at, stale) VALUES ('d', '2025-01-01', 0)").run()
      raw.close()
      const upgraded = openDatabase(old)
      try {
        const rebuilt = new SearchIndex(upgraded)
        expect(rebuilt.staleDocuments()).toEqual(['d'])
        expect(rebuilt.search(query('alpha')).hits).toEqual([])
        rebuilt.replaceDocument('d', buildSearchEntries({ projection: 'alpha', annotations: [] }))
        expect(rebuilt.search(query('alpha')).hits.map((h) => [h.start, h.end])).toEqual([[0, 5]])
      } finally {
        upgraded.close()
      }
    } finally {
      rmSync(old, { recursive: true, force: true })
    }
  })
})
