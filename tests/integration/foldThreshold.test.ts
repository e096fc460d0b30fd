import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FOLD_SNAPSHOT_BYTES, foldThreshold } from '../../server/sync/foldThreshold'
import { temporaryPostgresDatabase, withEngineStore, type EngineStore } from '../server/persistence/engines'
import { createTestDocument, paragraphText, startTestWorkspace, type TestClient, type TestWorkspace } from './testWorkspace'

const EVERY = 2
/** About twice FOLD_SNAPSHOT_BYTES of text: a document the compactor folds later than every EVERY updates. */
const PARAGRAPHS = Array.from({ length: 2000 }, (_, i) => `Paragraph ${i + 1}: ${'a line of the long manuscript, '.repeat(8)}`)
const LONG = `${PARAGRAPHS.join('\n\n')}\n`

/**
 * The fold threshold on both engines (issue #20): a document over FOLD_SNAPSHOT_BYTES has
 * its log folded in proportion to its size, not every `compactAfterUpdates` updates, by
 * the compactor each engine runs (SQLite's worker thread, PostgreSQL's foldLog).
 */
describe.each(['sqlite', 'postgres'] as const)('fold threshold on %s', (engine) => {
  let database: { url: string; drop(): Promise<void> } | null
  let ws: TestWorkspace
  let id: string

  beforeEach(async () => {
    database = engine === 'postgres' ? await temporaryPostgresDatabase() : null
    ws = await startTestWorkspace({ databaseUrl: database?.url, compactAfterUpdates: EVERY })
    id = await createTestDocument(ws.workspace.url, LONG, 'Long')
  })
  afterEach(async () => {
    await ws.dispose()
    await database?.drop()
  })

  /** The same storage through a store of its own (the server may be running or not). */
  const withStore = <T>(fn: (store: EngineStore) => Promise<T>): Promise<T> => withEngineStore(database?.url ?? null, ws.dataDir, fn)

  /** Types one character as an update of its own and waits until the document's log holds `logLength` rows. */
  async function typeOne(client: TestClient, documentId: string, logLength: number): Promise<void> {
    paragraphText(client.doc, 0).insert(0, 'x')
    await expect.poll(() => withStore((store) => store.logLength(documentId)), { timeout: 20_000 }).toBe(logLength)
  }

  it('folds a small document every compactAfterUpdates updates and one over FOLD_SNAPSHOT_BYTES once its log holds updates in proportion to its size', async () => {
    // The small one first: it folds at EVERY, as before, and the compactor is running
    // by the time the long one is typed in (a fold asked too early would land in time).
    const small = await createTestDocument(ws.workspace.url, 'A short text.\n', 'Short')
    const smallClient = ws.connect(small)
    await smallClient.synced
    for (let logLength = 1; logLength < EVERY; logLength++) await typeOne(smallClient, small, logLength)
    paragraphText(smallClient.doc, 0).insert(0, 'x')
    await expect.poll(() => ws.workspace.compactions(), { timeout: 20_000 }).toBe(1)
    expect(await withStore((store) => store.logLength(small))).toBe(0)

    const stored = await withStore(async (store) => (await store.fetch(id))?.byteLength ?? 0)
    expect(stored).toBeGreaterThan(2 * FOLD_SNAPSHOT_BYTES)
    const threshold = foldThreshold(EVERY, stored)
    expect(threshold).toBeGreaterThan(2 * EVERY)
    const client = ws.connect(id)
    await client.synced
    for (let logLength = 1; logLength < threshold; logLength++) await typeOne(client, id, logLength)
    expect(ws.workspace.compactions()).toBe(1)
    paragraphText(client.doc, 0).insert(0, 'x')
    await expect.poll(() => ws.workspace.compactions(), { timeout: 20_000 }).toBe(2)
    expect(await withStore((store) => store.logLength(id))).toBe(0)
  })
})
