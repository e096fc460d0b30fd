import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startWorkspace, type RunningWorkspace } from '../../server/workspace'
import { temporaryPostgresDatabase } from '../server/persistence/engines'
import { connectTo, REDIS_URL, type Client } from './instances'
import { createTestDocument, paragraphText, projectDocument, waitForConvergence, waitForDoc } from './testWorkspace'

const TEXT = 'First paragraph.\n\nSecond paragraph.\nThird paragraph.\n'
/** The names other clients' presence shows in `client`'s awareness, sorted. */
function presentNames(client: Client): string[] {
  const names: string[] = []
  for (const [id, state] of client.provider.awareness.getStates()) {
    if (id !== client.doc.clientID && typeof (state as { user?: { name?: string } }).user?.name === 'string') names.push((state as { user: { name: string } }).user.name)
  }
  return names.sort()
}

/**
 * Several instances on one PostgreSQL database (each test its own) with fan-out
 * through the machine's Redis (each test its own channel prefix): stock
 * y-websocket clients spread over them converge, see each other's presence, and a
 * late joiner on any instance gets everything.
 */
describe('instances on one PostgreSQL database, fanned out through Redis', () => {
  let database: { url: string; drop(): Promise<void> }
  let dataDir: string
  let prefix: string
  let instances: RunningWorkspace[]
  const clients: Client[] = []

  const startInstance = () =>
    startWorkspace({ port: 0, dataDir, clientDir: join(dataDir, 'no-client'), databaseUrl: database.url, redis: { url: REDIS_URL, prefix } })
  const connect = (instance: RunningWorkspace, id: string): Client => {
    const client = connectTo(instance.url, id)
    clients.push(client)
    return client
  }

  beforeEach(async () => {
    database = await temporaryPostgresDatabase()
    dataDir = mkdtempSync(join(tmpdir(), 'variorum-scaleout-'))
    prefix = `variorum-test-scaleout-${randomBytes(4).toString('hex')}`
    instances = [await startInstance(), await startInstance(), await startInstance()]
  })
  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await Promise.all(instances.map((instance) => instance.close()))
    await database.drop()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('converges clients on three instances editing at once, and a late joiner on any instance gets everything', async () => {
    const id = await createTestDocument(instances[0].url, TEXT, 'Scale-out')
    const [a, b, c] = instances.map((instance) => connect(instance, id))
    await Promise.all([a.synced, b.synced, c.synced])
    for (let round = 0; round < 5; round++) {
      paragraphText(a.doc, 0).insert(0, `a${round} `)
      paragraphText(b.doc, 1).insert(0, `b${round} `)
      paragraphText(c.doc, 2).insert(0, `c${round} `)
    }
    await waitForConvergence([a.doc, b.doc, c.doc])
    await waitForDoc(a.doc, (doc) => ['a4 ', 'b4 ', 'c4 '].every((word) => projectDocument(doc).includes(word)))
    const expected = projectDocument(a.doc)
    expect(expected.split('\n\n').map((p) => p.split(' ').filter((w) => /^[abc]\d$/.test(w)).length)).toEqual([5, 5, 5])
    for (const instance of instances) {
      const late = connect(instance, id)
      await late.synced
      expect(projectDocument(late.doc)).toBe(expected)
    }
  })

  it('carries presence across instances, and its removal when a client leaves', async () => {
    const id = await createTestDocument(instances[0].url, TEXT, 'Presence')
    const a = connect(instances[0], id)
    const b = connect(instances[1], id)
    await Promise.all([a.synced, b.synced])
    a.provider.awareness.setLocalStateField('user', { name: 'Ana' })
    await expect.poll(() => presentNames(b)).toEqual(['Ana'])
    // A client joining later on a third instance sees both, without waiting for a renewal.
    b.provider.awareness.setLocalStateField('user', { name: 'Ben' })
    await expect.poll(() => presentNames(a)).toEqual(['Ben'])
    const c = connect(instances[2], id)
    await c.synced
    await expect.poll(() => presentNames(c)).toEqual(['Ana', 'Ben'])
    a.destroy()
    await expect.poll(() => presentNames(b)).toEqual([])
    await expect.poll(() => presentNames(c)).toEqual(['Ben'])
    // An instance shutting down takes its clients' presence with it at once, not after the 30 s timeout.
    await instances[1].close()
    await expect.poll(() => presentNames(c), { timeout: 5000 }).toEqual([])
  })

  it('passes an annotation import made through one instance\'s API to clients on another', async () => {
    const id = await createTestDocument(instances[0].url, TEXT, 'Import')
    const b = connect(instances[1], id)
    await b.synced
    const response = await fetch(`${instances[0].url}/api/documents/${id}/annotations/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/ld+json' },
      body: JSON.stringify({
        '@context': 'http://www.w3.org/ns/anno.jsonld',
        type: 'Annotation',
        id: 'urn:test:1',
        body: { type: 'TextualBody', value: 'checked', purpose: 'commenting' },
        target: { selector: { type: 'TextQuoteSelector', exact: 'Second paragraph.' } },
      }),
    })
    expect(response.status).toBe(200)
    expect(((await response.json()) as { imported: number }).imported).toBe(1)
    await waitForDoc(b.doc, (doc) => doc.getMap('annotations').size === 1)
  })
})
