import * as prng from 'lib0/prng'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DOC_MODEL } from '../../doc'
import {
  createTestDocument,
  paragraphText,
  projectDocument,
  startTestWorkspace,
  waitForConvergence,
  type TestWorkspace,
} from './testWorkspace'

const CLIENTS = 5
const ROUNDS = 30
const EDITS_PER_ROUND = 4
const ALPHABET = 'abc中文字 \u{1F600}'

/** One random edit: insert a short string or delete a short range in a random paragraph. */
function randomEdit(gen: prng.PRNG, doc: Y.Doc): void {
  const paragraphs = doc.getXmlFragment(DOC_MODEL.fragment).length
  const text = paragraphText(doc, prng.uint32(gen, 0, paragraphs - 1))
  const length = text.length
  if (length > 0 && prng.bool(gen) && prng.bool(gen)) {
    const from = prng.uint32(gen, 0, length - 1)
    text.delete(from, Math.min(prng.uint32(gen, 1, 3), length - from))
  } else {
    // Whole code points only, so no client ever splits a surrogate pair on insert.
    const chars = [...ALPHABET]
    const inserted = Array.from({ length: prng.uint32(gen, 1, 4) }, () => prng.oneOf(gen, chars)).join('')
    text.insert(prng.uint32(gen, 0, length), inserted)
  }
}

describe('sync server random convergence', () => {
  let ws: TestWorkspace

  afterEach(async () => {
    await ws.dispose()
  })

  for (const seed of [1, 2, 3]) {
    it(`converges ${CLIENTS} clients making random concurrent edits (seed ${seed})`, async () => {
      ws = await startTestWorkspace()
      const id = await createTestDocument(ws.workspace.url, 'alpha\nbeta\ngamma\ndelta\n')
      const clients = Array.from({ length: CLIENTS }, () => ws.connect(id))
      await Promise.all(clients.map((client) => client.synced))
      const gen = prng.create(seed)
      for (let round = 0; round < ROUNDS; round++) {
        // Edits within a round are made before any of them reaches another client: concurrent.
        for (let i = 0; i < EDITS_PER_ROUND; i++) randomEdit(gen, prng.oneOf(gen, clients).doc)
        // Every few rounds, let the network catch up so later edits build on merged state.
        if (round % 5 === 4) await waitForConvergence(clients.map((client) => client.doc))
      }
      const docs = clients.map((client) => client.doc)
      await waitForConvergence(docs)
      const expected = projectDocument(docs[0])
      for (const doc of docs) expect(projectDocument(doc)).toBe(expected)

      // The server's stored copy is the same document too.
      const response = await fetch(`${ws.workspace.url}/api/documents/${id}/text`)
      expect(await response.text()).toBe(expected)
    })
  }
})
