/**
 * `npm run bench -- search`: the workspace search on 200 generated documents of
 * 100 KB each (bench/search/generateCorpus.ts: Chinese and English, seeded, with
 * planted phrases; 20 annotations a document, half with a comment), in a real
 * SQLite database through SearchIndex, the class GET /api/search uses.
 *
 * Prints, for fixed rounds of fixed query sets, p50 / p95 / max per query:
 * the planted phrases (Chinese, English) through the trigram index, the same
 * queries as a LIKE scan over the same entries measured side by side (what the
 * index saves), frequent 3-character strings taken from the text (many hits, the
 * limit of 50 stops early), and 1-2 character queries (no trigram: answered
 * from the trigrams that start with them), again beside a LIKE scan. Then the recall on the planted phrases, the cost of re-indexing one
 * 100 KB document (Y.Doc → entries → SQLite) and the database size.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { BUILT_IN_TYPES, createAnchor, type Annotation } from '../../core/annotations'
import { buildSearchEntries, DEFAULT_SEARCH_LIMIT, type SearchQuery } from '../../core/search'
import { DocumentCatalog } from '../../server/documents/DocumentCatalog'
import { seedDocument } from '../../doc'
import { DATABASE_FILE, openDatabase } from '../../server/persistence/openDatabase'
import { readSearchEntries } from '../../server/search/readSearchEntries'
import { SearchIndex } from '../../server/search/SearchIndex'
import { seededRandom } from '../seededRandom'
import { generateCorpus, type CorpusDocument } from './generateCorpus'

const DOCUMENTS = 200
const BYTES_PER_DOCUMENT = 100_000
const PHRASES_PER_LANGUAGE = 25
const ROUNDS = 5
const ANNOTATIONS_PER_DOCUMENT = 20

const query = (text: string, limit = DEFAULT_SEARCH_LIMIT): SearchQuery => ({
  text, document: null, kind: null, type: null, author: null, status: null, from: null, to: null, limit,
})

function annotationsFor(doc: CorpusDocument, random: () => number): Annotation[] {
  const out: Annotation[] = []
  for (let i = 0; i < ANNOTATIONS_PER_DOCUMENT; i++) {
    const start = Math.floor(random() * (doc.text.length - 40))
    const created = `2025-06-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00.000Z`
    out.push({
      id: `${doc.id}-a${i}`, type: BUILT_IN_TYPES[i % BUILT_IN_TYPES.length], author: `editor${i % 5}`, created, updated: created,
      status: i % 3 === 0 ? 'resolved' : 'open', links: [], anchor: createAnchor(doc.text, start, start + 4 + Math.floor(random() * 30)),
      comments: i % 2 === 0 ? [{ id: 'c', author: `editor${(i + 1) % 5}`, created, text: `Check against the print edition, page ${i}.` }] : [],
    })
  }
  return out
}

function percentiles(samples: number[]): { p50: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]
  return { p50: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1] }
}

function time(rounds: number, queries: readonly string[], run: (text: string) => unknown): number[] {
  const samples: number[] = []
  for (let round = 0; round < rounds; round++) {
    for (const text of queries) {
      const started = performance.now()
      run(text)
      samples.push(performance.now() - started)
    }
  }
  return samples
}

export default async function (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'variorum-search-bench-'))
  const db = openDatabase(dir)
  try {
    let started = performance.now()
    const corpus = generateCorpus({ seed: 19, documents: DOCUMENTS, bytesPerDocument: BYTES_PER_DOCUMENT, phrasesPerLanguage: PHRASES_PER_LANGUAGE })
    const generateMs = performance.now() - started
    const catalog = new DocumentCatalog(db)
    const index = new SearchIndex(db)
    const random = seededRandom(5)
    started = performance.now()
    let entries = 0
    for (const doc of corpus.documents) {
      catalog.insert({ id: doc.id, title: doc.title, createdAt: '2025-06-01T00:00:00.000Z', sourceHash: doc.id, characters: doc.text.length })
      const built = buildSearchEntries({ projection: doc.text, annotations: annotationsFor(doc, random) })
      entries += built.length
      index.replaceDocument(doc.id, built)
    }
    const indexMs = performance.now() - started
    db.pragma('wal_checkpoint(TRUNCATE)')
    const bytes = corpus.documents.reduce((sum, d) => sum + Buffer.byteLength(d.text), 0)
    const dbBytes = statSync(join(dir, DATABASE_FILE)).size
    console.log(`${DOCUMENTS} documents, ${(bytes / 1e6).toFixed(1)} MB of text, ${entries} entries; generated in ${(generateMs / 1000).toFixed(1)} s, indexed in ${(indexMs / 1000).toFixed(1)} s`)
    console.log(`database ${(dbBytes / 1e6).toFixed(1)} MB (${(dbBytes / bytes).toFixed(1)} × the text)\n`)

    const zh = corpus.planted.filter((p) => p.language === 'zh').map((p) => p.phrase)
    const en = corpus.planted.filter((p) => p.language === 'en').map((p) => p.phrase)
    // Frequent strings: three characters at seeded places of the text, without line breaks.
    const frequent: string[] = []
    const short: string[] = []
    while (frequent.length < 25 || short.length < 10) {
      const doc = corpus.documents[Math.floor(random() * DOCUMENTS)].text
      const at = Math.floor(random() * (doc.length - 3))
      const three = doc.slice(at, at + 3)
      if (/\s/.test(three) || /[\ud800-\udfff]/.test(three)) continue
      if (frequent.length < 25) frequent.push(three)
      else short.push(three.slice(0, short.length % 2 === 0 ? 1 : 2))
    }
    const like = db.prepare("SELECT id FROM search_entries WHERE body LIKE ? ESCAPE '\\' ORDER BY id LIMIT 51")

    const rows: [string, number[]][] = [
      ['planted Chinese phrases (index)', time(ROUNDS, zh, (q) => index.search(query(q)))],
      ['planted Chinese phrases (LIKE scan, same entries)', time(ROUNDS, zh, (q) => like.all(`%${q}%`))],
      ['planted English phrases (index)', time(ROUNDS, en, (q) => index.search(query(q)))],
      ['planted English phrases (LIKE scan, same entries)', time(ROUNDS, en, (q) => like.all(`%${q}%`))],
      ['frequent 3-character strings (index, limit 50)', time(ROUNDS, frequent, (q) => index.search(query(q)))],
      ['1-2 character queries (trigrams starting with them; a scan past 500)', time(ROUNDS, short, (q) => index.search(query(q)))],
      ['1-2 character queries (LIKE scan, same entries)', time(ROUNDS, short, (q) => like.all(`%${q}%`))],
    ]
    console.log(`| queries (${ROUNDS} rounds) | n | p50 ms | p95 ms | max ms |`)
    console.log('|---|---:|---:|---:|---:|')
    for (const [name, samples] of rows) {
      const { p50, p95, max } = percentiles(samples)
      console.log(`| ${name} | ${samples.length} | ${p50.toFixed(2)} | ${p95.toFixed(2)} | ${max.toFixed(2)} |`)
    }
    const ratio = (a: number, b: number) => (percentiles(rows[b][1]).p50 / percentiles(rows[a][1]).p50).toFixed(0)
    console.log(`\nLIKE scan / index, p50, same queries in the same run: Chinese ${ratio(0, 1)}×, English ${ratio(2, 3)}×`)

    for (const language of ['zh', 'en'] as const) {
      let expected = 0
      let found = 0
      for (const { phrase, places } of corpus.planted.filter((p) => p.language === language)) {
        const hits = index.search(query(phrase, 500)).hits
        for (const place of places) {
          expected++
          if (hits.some((h) => h.documentId === place.documentId && h.start === place.start && h.end === place.start + phrase.length)) found++
        }
      }
      console.log(`recall on planted ${language === 'zh' ? 'Chinese' : 'English'} phrases: ${found}/${expected} = ${(found / expected).toFixed(3)}`)
    }

    // Re-indexing one document as the server does it: its Y.Doc read into entries, then replaced.
    const doc = corpus.documents[0]
    const ydoc = new Y.Doc()
    Y.applyUpdate(ydoc, seedDocument(doc.text.split('\n\n'), { title: doc.title, sourceHash: doc.id, createdAt: '2025-06-01T00:00:00.000Z' }))
    const summary = catalog.get(doc.id)!
    const read = time(ROUNDS, [doc.id], () => readSearchEntries(ydoc, summary))
    const fresh = readSearchEntries(ydoc, summary)
    // Side by side: every row new (a document indexed for the first time), and one
    // paragraph typed in near the start (every later offset moves, one text changes).
    const whole = time(ROUNDS, [doc.id], () => {
      index.replaceDocument(doc.id, [])
      index.replaceDocument(doc.id, fresh)
    })
    let typed = 0
    const edit = time(ROUNDS, [doc.id], () => {
      const paragraph = ydoc.getXmlFragment('prosemirror').get(1) as Y.XmlElement
      ;(paragraph.get(0) as Y.XmlText).insert(0, `typed ${typed++} `)
      index.replaceDocument(doc.id, readSearchEntries(ydoc, summary))
    })
    const p50 = (samples: number[]) => percentiles(samples).p50.toFixed(1)
    console.log(`\nre-index one ${BYTES_PER_DOCUMENT / 1000} KB document (${ROUNDS} rounds, p50): read Y.Doc → entries ${p50(read)} ms; all rows new ${p50(whole)} ms; after a one-paragraph edit (read + write) ${p50(edit)} ms`)
  } finally {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
