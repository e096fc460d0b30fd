import { afterEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import { closedFor, createTestDocument, paragraphText, projectDocument, startTestWorkspace, waitForDoc, type TestWorkspace } from './testWorkspace'

let workspace: TestWorkspace | null = null
afterEach(async () => {
  await workspace?.dispose()
  workspace = null
})

/**
 * The cause of the kill -9 test's stuck observer (#16): writers on a killed instance
 * hold each other's last edits, which the instance they reconnect to has not heard of
 * yet. The first to reconnect carries them in its sync step 2; had it thereby claimed
 * their authors' client ids, those authors would be refused (4422, for good) at their
 * first keystroke after reconnecting, and nobody would see their words again.
 */
it('lets a client whose edits another client relayed in its sync step 2 write on', async () => {
  workspace = await startTestWorkspace()
  const id = await createTestDocument(workspace.workspace.url, 'One.\nTwo.', 'Relay')
  const author = workspace.connect(id)
  const relay = workspace.connect(id)
  await Promise.all([author.synced, relay.synced])
  author.provider.disconnect()
  relay.provider.disconnect()
  // While both are away, the relay receives the author's edit (as both writers of a killed
  // instance received each other's through it).
  paragraphText(author.doc, 1).insert(0, 'away ')
  Y.applyUpdate(relay.doc, Y.encodeStateAsUpdate(author.doc))
  const relayed = new Promise<void>((resolve) => relay.provider.once('sync', () => resolve()))
  relay.provider.connect()
  await relayed
  const observer = workspace.connect(id)
  await observer.synced
  await waitForDoc(observer.doc, (doc) => projectDocument(doc).includes('away Two.'))

  // A refusal ends the author's connection for good: fail with its reason rather than wait.
  const refused = closedFor(author).then(({ code, reason }) => {
    throw new Error(`the author was closed with ${code}: ${reason}`)
  })
  const back = new Promise<void>((resolve) => author.provider.once('sync', () => resolve()))
  author.provider.connect()
  await back
  paragraphText(author.doc, 1).insert(0, 'back ')
  await Promise.race([waitForDoc(observer.doc, (doc) => projectDocument(doc).includes('back away Two.')), refused])
  // And the relay keeps its own id: it writes on too.
  paragraphText(relay.doc, 0).insert(0, 'relay ')
  await Promise.race([waitForDoc(observer.doc, (doc) => projectDocument(doc).startsWith('relay One.')), refused])
  await waitForDoc(author.doc, (doc) => projectDocument(doc).startsWith('relay One.'))
  expect(projectDocument(author.doc)).toBe('relay One.\n\nback away Two.')
  expect(projectDocument(observer.doc)).toBe('relay One.\n\nback away Two.')
})
