import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SearchResponse } from '../../core/api'
import { startWorkspace, type RunningWorkspace } from '../../server/workspace'
import { temporaryPostgresDatabase } from '../server/persistence/engines'
import { connectTo, REDIS_URL, type Client } from './instances'
import { createTestDocument, paragraphText } from './testWorkspace'

/** How long an index may take to catch up on a loaded machine (its debounce is 50 ms here). */
const CATCH_UP_MS = 15_000

async function search(instance: RunningWorkspace, q: string): Promise<SearchResponse> {
  const response = await fetch(`${instance.url}/api/search?${new URLSearchParams({ q })}`)
  expect(response.status).toBe(200)
  return (await response.json()) as SearchResponse
}

/** Polls `instance`'s search until `q` has `hits` hits, failing with the last answer after CATCH_UP_MS. */
async function searchUntil(instance: RunningWorkspace, q: string, hits: number): Promise<SearchResponse> {
  const deadline = Date.now() + CATCH_UP_MS
  for (;;) {
    const result = await search(instance, q)
    if (result.hits.length === hits) return result
    if (Date.now() > deadline) throw new Error(`search ${JSON.stringify(q)} on ${instance.url} never had ${hits} hit(s): ${JSON.stringify(result).slice(0, 300)}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/**
 * Each instance keeps its own search index (in-memory SQLite over PostgreSQL): it must
 * follow what is written through the other instances, whether or not the document is
 * loaded there, without waiting for a local edit or a restart.
 */
describe('the search index of an instance follows edits made through another', () => {
  let database: { url: string; drop(): Promise<void> }
  let dataDir: string
  let instances: RunningWorkspace[] = []
  const clients: Client[] = []

  beforeEach(async () => {
    database = await temporaryPostgresDatabase()
    dataDir = mkdtempSync(join(tmpdir(), 'variorum-scaleout-search-'))
    const prefix = `variorum-test-scaleout-search-${randomBytes(4).toString('hex')}`
    const start = () =>
      startWorkspace({
        port: 0,
        dataDir,
        clientDir: join(dataDir, 'no-client'),
        databaseUrl: database.url,
        redis: { url: REDIS_URL, prefix },
        searchIndex: { debounceMs: 50 },
      })
    instances = [await start(), await start()]
  })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await Promise.all(instances.map((instance) => instance.close()))
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('finds words typed on the other instance in a document loaded on both', async () => {
    const [a, b] = instances
    const id = await createTestDocument(a.url, 'Shared paragraph.\nSecond paragraph.', 'Loaded on both')
    const onA = connectTo(a.url, id)
    const onB = connectTo(b.url, id)
    clients.push(onA, onB)
    await Promise.all([onA.synced, onB.synced])
    for (const word of ['Quokka ', 'wombat ', 'numbat ']) paragraphText(onB.doc, 1).insert(0, word)
    const found = await searchUntil(a, 'numbat wombat quokka', 1)
    expect(found.hits[0]).toMatchObject({ documentId: id, kind: 'text', snippet: { match: 'numbat wombat Quokka' } })
    // The index holds the paragraph once, as it is now: a later edit replaces the hit.
    paragraphText(onB.doc, 1).delete(0, 'numbat '.length)
    await searchUntil(a, 'numbat', 0)
    expect((await searchUntil(a, 'wombat quokka', 1)).hits[0]).toMatchObject({ documentId: id, start: 19 })
  })

  it('finds a document created and written through the other instance, never opened here', async () => {
    const [a, b] = instances
    const id = await createTestDocument(b.url, 'Narwhal census.\nSecond paragraph.', 'Only on B')
    await searchUntil(a, 'narwhal', 1)
    const onB = connectTo(b.url, id)
    clients.push(onB)
    await onB.synced
    paragraphText(onB.doc, 1).insert(0, 'Axolotl ')
    const found = await searchUntil(a, 'axolotl', 1)
    expect(found.hits[0]).toMatchObject({ documentId: id, documentTitle: 'Only on B', kind: 'text' })
  })
})
