import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createAnchor } from '../../../core/annotations'
import { buildSearchEntries, DEFAULT_SEARCH_LIMIT, type SearchEntry, type SearchQuery } from '../../../core/search'
import { DocumentCatalog } from '../../../server/documents/DocumentCatalog'
import { openDatabase } from '../../../server/persistence/openDatabase'
import { planReindex, planSize } from '../../../server/search/planReindex'
import { SearchIndex } from '../../../server/search/SearchIndex'

const query = (text: string): SearchQuery => ({
  text, document: null, kind: null, type: null, author: null, status: null, from: null, to: null, limit: DEFAULT_SEARCH_LIMIT,
})

/** `count` numbered paragraphs, `prefix` typed at the start of the first. */
function paragraphs(count: number, prefix = ''): string {
  return Array.from({ length: count }, (_, i) => `${i === 0 ? prefix : ''}Paragraph number ${i} of the harbour log.`).join('\n\n')
}

function entries(projection: string, type = 'note'): SearchEntry[] {
  const start = projection.indexOf('number 3')
  const annotations = [{
    id: 'a1', type, author: 'Ana', created: '2025-06-10T09:00:00.000Z', updated: '2025-06-10T09:00:00.000Z', status: 'open' as const,
    comments: [], links: [], anchor: createAnchor(projection, start, start + 8),
  }]
  return buildSearchEntries({ projection, annotations })
}

describe('re-index plans (planReindex, SearchIndex.writePlan)', () => {
  let dir: string
  let db: Database.Database
  let index: SearchIndex

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'variorum-plan-'))
    db = openDatabase(dir)
    new DocumentCatalog(db).insert({ id: 'd', title: 'D', createdAt: '2025-01-01T00:00:00.000Z', sourceHash: 'd', characters: 0 })
    index = new SearchIndex(db)
  })
  afterEach(() => {
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('moves the rows whose text is kept, rewrites only the changed ones, and leaves equal rows out', () => {
    index.replaceDocument('d', entries(paragraphs(200)))
    const typed = entries(paragraphs(200, 'Typed. '))
    const plan = planReindex(index.storedRows('d'), typed)
    // The first paragraph's text changed: one row out, one in; every later row only moved by 7.
    expect(plan.deleted).toHaveLength(1)
    expect(plan.inserted.map((e) => e.body)).toEqual(['Typed. Paragraph number 0 of the harbour log.'])
    expect(plan.moved.ids).toHaveLength(200)
    expect(plan.changed).toEqual([])
    // Nothing changed: nothing to write.
    expect(planSize(planReindex(index.storedRows('d'), entries(paragraphs(200))))).toBe(0)
    // An annotation's type changed: its quote row is rewritten with its fields, nothing else.
    const retyped = planReindex(index.storedRows('d'), entries(paragraphs(200), 'typo'))
    expect(retyped.changed).toEqual([expect.objectContaining({ type: 'typo' })])
    expect(planSize(retyped)).toBe(1)
  })

  it('written a slice at a time, leaves the index as one replace would, and marks the document fresh only when told', () => {
    index.replaceDocument('d', entries(paragraphs(300)))
    index.markStale('d')
    const typed = entries(paragraphs(300, 'Typed. '))
    const plan = planReindex(index.storedRows('d'), typed)
    let next = 0
    let slices = 0
    // A budget of 0 ms ends each slice at its first check (every 32 rows).
    while (next < planSize(plan)) {
      next = index.writePlan('d', plan, next, 0)
      slices++
    }
    expect(slices).toBeGreaterThan(planSize(plan) / 40)
    expect(index.staleDocuments()).toEqual(['d'])
    index.markIndexed('d')
    expect(index.staleDocuments()).toEqual([])
    const sliced = index.search(query('harbour log')).hits
    const other = new SearchIndex(db)
    other.replaceDocument('d', typed)
    expect(sliced).toEqual(other.search(query('harbour log')).hits)
    expect(index.search(query('Typed. Paragraph')).hits).toMatchObject([{ documentId: 'd', start: 0, end: 16 }])
    expect(index.search(query('number 299')).hits).toMatchObject([{ start: typed.find((e) => e.body.includes('number 299'))!.start! + 10 }])
    db.exec("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
  })

  it('skips the rows already gone when a plan is written after the document was dropped from the index, keeping FTS5 intact', () => {
    index.replaceDocument('d', entries(paragraphs(50)))
    const plan = planReindex(index.storedRows('d'), entries(paragraphs(50, 'Typed. ')))
    // The trash purge forgets the document between the plan and its writing.
    index.replaceDocument('d', [])
    index.writePlan('d', plan, 0, Infinity)
    db.exec("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
    expect(index.search(query('Paragraph number 7')).hits).toEqual([])
  })
})
