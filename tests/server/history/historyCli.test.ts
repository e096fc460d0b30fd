import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { VersionSummary } from '../../../core/api'
import { run } from '../../cli/cliHarness'
import { createTestDocument, paragraphText, projectDocument, startTestWorkspace, waitForDoc, type TestWorkspace } from '../../integration/testWorkspace'

let ws: TestWorkspace
let id: string

beforeAll(async () => {
  ws = await startTestWorkspace()
  id = await createTestDocument(ws.workspace.url, 'The first line.\nThe second line.')
  const client = ws.connect(id, { user: 'carol' })
  await client.synced
  paragraphText(client.doc, 1).insert(4, 'edited ')
  const expected = projectDocument(client.doc)
  // Closing the workspace stores the edit and ends Carol's session as a version.
  const reader = ws.connect(id, { user: 'reader' })
  await reader.synced
  await waitForDoc(reader.doc, (doc) => projectDocument(doc) === expected)
  client.destroy()
  reader.destroy()
  await ws.workspace.close()
})

afterAll(async () => {
  await ws.dispose()
})

describe('variorum history and export --version', () => {
  it('lists the versions newest first, read from the data folder', async () => {
    const listed = await run(['history', id, '--data', ws.dataDir, '--json'])
    expect(listed.code).toBe(0)
    const versions = JSON.parse(listed.stdout) as VersionSummary[]
    expect(versions).toHaveLength(2)
    expect(versions[0].authors).toEqual([{ id: 'carol', name: 'carol' }])
    expect(versions[1].authors).toEqual([])
    const text = await run(['history', id, '--data', ws.dataDir])
    expect(text.stdout.trim().split('\n')).toHaveLength(2)
    expect(text.stdout.split('\n')[0]).toMatch(new RegExp(`^\\s*${versions[0].id}  \\d{4}-.*carol$`))
  })

  it('exports a version and the present state of a workspace document', async () => {
    const versions = JSON.parse((await run(['history', id, '--data', ws.dataDir, '--json'])).stdout) as VersionSummary[]
    const original = await run(['export', id, '--version', String(versions[1].id), '--data', ws.dataDir, '--format', 'txt'])
    expect(original.code).toBe(0)
    expect(original.stdout).toContain('The second line.')
    const now = await run(['export', id, '--version', 'now', '--data', ws.dataDir, '--format', 'txt'])
    expect(now.stdout).toContain('The edited second line.')
    const missing = await run(['export', id, '--version', '99', '--data', ws.dataDir, '--format', 'txt'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('has no version 99')
  })

  it('refuses a folder without workspace data and an unknown document', async () => {
    const nowhere = await run(['history', id, '--data', `${ws.dataDir}/nothing-here`])
    expect(nowhere.code).toBe(1)
    expect(nowhere.stderr).toContain('no workspace database')
    const unknown = await run(['history', 'no-such-doc', '--data', ws.dataDir])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain(id)
  })
})
