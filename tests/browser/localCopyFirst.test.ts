import * as decoding from 'lib0/decoding'
import type { Page } from 'playwright-core'
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BROWSER_TEST_TIMEOUT, docRoute, openEditor, startHarness, type Harness } from './harness'

/*
 * A returning visitor's socket opens only after the local copy (y-indexeddb) is
 * applied, so its sync step 1 carries the copy's state vector and the server's
 * step 2 holds only what the copy lacks, instead of the whole state decoded a
 * second time on top of the copy.
 */

let harness: Harness

beforeAll(async () => {
  harness = await startHarness()
})
afterAll(async () => harness?.close())

/** About 60,000 characters: a state of tens of kilobytes. */
const PARAGRAPHS = Array.from({ length: 450 }, (_, i) => `Entry ${i}: the clerk copied this line of the ledger with great care and noted the harvest of that year in the margin.`)

/** The first sync step 2 (y-protocols: message 0, sync 1) the page's socket receives: its update. */
function firstStep2(page: Page): Promise<Uint8Array> {
  return new Promise((resolve) => {
    page.on('websocket', (socket) => {
      if (!socket.url().includes('/sync')) return
      socket.on('framereceived', ({ payload }) => {
        if (typeof payload === 'string') return
        const decoder = decoding.createDecoder(new Uint8Array(payload))
        if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== 1) return
        resolve(decoding.readVarUint8Array(decoder))
      })
    })
  })
}

/** Opens `documentId` in `page` until it is synced: the server's first sync step 2 to it, as firstStep2. */
async function openSynced(page: Page, documentId: string): Promise<Uint8Array> {
  const update = firstStep2(page)
  await openEditor(page, harness.url, docRoute(documentId))
  await page.waitForSelector('[data-testid="connection-status"][data-state="synced"]')
  return update
}

/** Bytes in the page's local copy of `documentId` (y-indexeddb's `updates` rows). */
function localCopyBytes(page: Page, documentId: string): Promise<number> {
  return page.evaluate((name) => new Promise<number>((resolve, reject) => {
    const open = indexedDB.open(name)
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains('updates')) { db.close(); resolve(0); return }
      const all = db.transaction('updates').objectStore('updates').getAll()
      all.onsuccess = () => { db.close(); resolve((all.result as Uint8Array[]).reduce((sum, row) => sum + row.byteLength, 0)) }
      all.onerror = () => reject(all.error)
    }
  }), `variorum:${documentId}`)
}

describe('opening a document with a local copy', { timeout: BROWSER_TEST_TIMEOUT * 2 }, () => {
  it('asks the server only for what the local copy lacks', async () => {
    const documentId = await harness.uploadText('ledger.txt', `${PARAGRAPHS.join('\n\n')}\n`)
    const { context } = await harness.newUser({ name: 'Ada', color: '#be123c' })

    // First visit: no local copy, the whole state arrives.
    const first = await context.newPage()
    const whole = await openSynced(first, documentId)
    expect(Y.decodeUpdate(whole).structs.length).toBeGreaterThan(0)
    expect(whole.byteLength).toBeGreaterThan(20_000)
    // The received state reaches the copy in idle time; wait for it before leaving.
    await expect.poll(() => localCopyBytes(first, documentId), { timeout: 20_000 }).toBeGreaterThanOrEqual(whole.byteLength)
    await first.close()

    // Second visit, same browser: step 1 carries the copy's state vector, so the
    // server's step 2 holds no struct the copy has, only the delete set.
    const second = await context.newPage()
    const diff = await openSynced(second, documentId)
    expect(Y.decodeUpdate(diff).structs.length).toBe(0)
    expect(diff.byteLength).toBeLessThan(whole.byteLength / 20)
    expect((await second.locator('.ProseMirror p').first().textContent())).toBe(PARAGRAPHS[0])
    await context.close()
  })

  /**
   * The page's IndexedDB opens of a local copy (`variorum:…`) made to fail (as a broken
   * database or a private window's refusal does) or never answer (a blocked one).
   */
  const brokenLocalCopy = (mode: 'fails' | 'never answers'): string => `(() => {
    const open = IDBFactory.prototype.open
    IDBFactory.prototype.open = function (name, ...rest) {
      if (!String(name).startsWith('variorum:')) return open.call(this, name, ...rest)
      const request = {}
      if (${JSON.stringify(mode)} === 'fails') setTimeout(() => request.onerror({ target: { error: new DOMException('broken', 'UnknownError') } }), 0)
      return request
    }
  })()`

  for (const mode of ['fails', 'never answers'] as const) {
    it(`connects when the local copy ${mode}`, async () => {
      const { context } = await harness.newUser({ name: 'Bea', color: '#4338ca' })
      const page = await context.newPage()
      await page.addInitScript(brokenLocalCopy(mode))
      expect(Y.decodeUpdate(await openSynced(page, harness.sampleId)).structs.length).toBeGreaterThan(0)
      await context.close()
    })
  }
})
