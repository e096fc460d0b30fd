import { afterEach, describe, expect, it } from 'vitest'
import type { VersionSummary } from '../../../core/api'
import { configFromEnv } from '../../../server/index'
import { createTestDocument, paragraphText, projectDocument, startTestWorkspace, waitForDoc, type TestWorkspace } from '../../integration/testWorkspace'

const DAY = 24 * 60 * 60 * 1000

let ws: TestWorkspace | null = null
afterEach(async () => {
  await ws?.dispose()
  ws = null
})

describe('history retention', () => {
  it('reads VARIORUM_HISTORY_RETENTION as a positive number of days, absent meaning forever', () => {
    expect(configFromEnv({ VARIORUM_HISTORY_RETENTION: '30' }).historyRetentionDays).toBe(30)
    expect(configFromEnv({}).historyRetentionDays).toBeNull()
    expect(configFromEnv({ VARIORUM_HISTORY_RETENTION: '' }).historyRetentionDays).toBeNull()
    expect(() => configFromEnv({ VARIORUM_HISTORY_RETENTION: '0' })).toThrow(RangeError)
    expect(() => configFromEnv({ VARIORUM_HISTORY_RETENTION: 'a week' })).toThrow(RangeError)
  })

  it('drops automatic versions older than the setting on start, keeping named ones and the latest', async () => {
    let clock = Date.parse('2026-11-01T10:00:00Z')
    let retentionDays: number | null = null
    ws = await startTestWorkspace({ history: { sessionGapMs: 1e9, now: () => clock, get retentionDays() { return retentionDays } } })
    const id = await createTestDocument(ws.workspace.url, 'One.\nTwo.')
    const url = () => `${ws!.workspace.url}/api/documents/${id}/versions`
    // Three sessions, each ended by a restart (the room unloads), the second one named.
    for (let session = 0; session < 3; session++) {
      const client = ws.connect(id, { user: `user${session}` })
      await client.synced
      paragraphText(client.doc, 0).insert(0, `${session}`)
      const expected = projectDocument(client.doc)
      const reader = ws.connect(id, { user: 'reader' })
      await reader.synced
      await waitForDoc(reader.doc, (doc) => projectDocument(doc) === expected)
      if (session === 1) await fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'keep me' }) })
      client.destroy()
      reader.destroy()
      clock += 1000
      await ws.restart()
    }
    const before = (await (await fetch(url())).json()) as VersionSummary[]
    // Newest first: three sessions (the second named), then the original.
    expect(before.map((v) => v.name ?? null)).toEqual([null, 'keep me', null, null])

    clock += 3 * DAY
    retentionDays = 2
    await ws.restart()
    const after = (await (await fetch(url())).json()) as VersionSummary[]
    expect(after.map((v) => v.id)).toEqual([before[0].id, before[1].id])
    // The named version's authors now include those of the dropped one before it.
    expect(after[1].authors.map((a) => a.id)).toEqual(['user0', 'user1'])
    const text = await (await fetch(`${url()}/${after[1].id}/text`)).text()
    expect(text).toBe('10One.\n\nTwo.')
  })
})
