import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { paragraphText, startTestWorkspace, type TestWorkspace } from '../../integration/testWorkspace'

/** Polls `read` until `done` holds for its answer (at most ~20 s). */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await read()
    if (done(value) || attempt >= 200) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('GET /api/documents/:id/opening', () => {
  let ws: TestWorkspace
  let documentsDir: string

  beforeEach(async () => {
    documentsDir = mkdtempSync(join(tmpdir(), 'variorum-opening-'))
    writeFileSync(join(documentsDir, 'book.txt'), ['第一段', 'second', 'third', 'fourth'].join('\n\n') + '\n')
    ws = await startTestWorkspace({ documentsDir, unloadAfterMs: 50 })
  })
  afterEach(async () => {
    await ws.dispose()
    rmSync(documentsDir, { recursive: true, force: true })
  })

  const opening = async (query = '') => {
    const response = await fetch(`${ws.workspace.url}/api/documents/book/opening${query}`)
    return { status: response.status, body: response.status === 200 ? await response.json() : null }
  }

  it('reads the live room, then what the room left when it was unloaded, never loading the state for it', async () => {
    // Never loaded since the server started: the start is stored beside the snapshot
    // (tests/integration/storedOpening.test.ts), another place is not at hand.
    expect(await opening()).toEqual({ status: 200, body: { total: 4, first: 0, start: 0, paragraphs: ['第一段', 'second', 'third', 'fourth'] } })
    expect(await opening('?at=6')).toEqual({ status: 204, body: null })

    const client = ws.connect('book')
    await client.synced
    paragraphText(client.doc, 1).insert(0, 'the ')
    const live = await until(() => opening(), (answer) => answer.body?.paragraphs?.[1] === 'the second')
    expect(live).toEqual({ status: 200, body: { total: 4, first: 0, start: 0, paragraphs: ['第一段', 'the second', 'third', 'fourth'] } })
    expect(await opening('?at=6&paragraphs=2')).toEqual({ status: 200, body: { total: 4, first: 1, start: 5, paragraphs: ['the second', 'third'] } })

    client.destroy()
    // Unloaded: an opening elsewhere than at the start is no longer at hand…
    expect((await until(() => opening('?at=6'), (answer) => answer.status === 204)).status).toBe(204)
    // …the start is, as the room left it.
    expect(await opening('?paragraphs=3')).toEqual({ status: 200, body: { total: 4, first: 0, start: 0, paragraphs: ['第一段', 'the second', 'third'] } })
  })
})
