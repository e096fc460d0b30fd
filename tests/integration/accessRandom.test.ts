import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { afterEach, describe, expect, it } from 'vitest'
import { DOC_MODEL, storedField } from '../../doc'
import { roleAtLeast, type DocumentRole } from '../../doc/access/roles'
import {
  closeOpenMode,
  createTestDocument,
  principalWithRole,
  projectDocument,
  startTestWorkspace,
  storedDoc,
  waitForDoc,
  type TestClient,
  type TestPrincipal,
  type TestWorkspace,
} from './testWorkspace'

/**
 * Issue 14, "what it must show": clients of mixed roles make random edits, some of
 * them forbidden; afterwards the stored text changed only through editors and every
 * comment's author is its sender. Editors only insert `E`; the others insert their
 * own letter and delete characters, all forbidden; comment and annotation ids start
 * with their sender's name, and some claim another principal as author.
 */

const TEXT = 'abcdefghij klmnopq.\n\nrstuvwxyz abcdefg.\n'
const ROUNDS = 25
const PEOPLE: { name: string; role: DocumentRole; letter: string }[] = [
  { name: 'ed1', role: 'editor', letter: 'E' },
  { name: 'ed2', role: 'editor', letter: 'E' },
  { name: 'ann', role: 'annotator', letter: 'A' },
  { name: 'com', role: 'commenter', letter: 'C' },
  { name: 'view', role: 'viewer', letter: 'V' },
]

interface Person {
  name: string
  role: DocumentRole
  letter: string
  principal: TestPrincipal
  client: TestClient
  closed: boolean
  made: number
}

function annotations(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(DOC_MODEL.annotations)
}

function threads(doc: Y.Doc): Y.Array<Y.Map<unknown>>[] {
  return [...annotations(doc).values()].map((a) => a.get('comments')).filter((c): c is Y.Array<Y.Map<unknown>> => c instanceof Y.Array)
}

function texts(doc: Y.Doc): Y.XmlText[] {
  return doc.getXmlFragment(DOC_MODEL.fragment).toArray().flatMap((p) => (p as Y.XmlElement).toArray() as Y.XmlText[])
}

function newMap(entries: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>()
  for (const [key, value] of Object.entries(entries)) map.set(key, value)
  return map
}

/** One random action of `me`, in one transaction; may be forbidden for its role. */
function act(gen: prng.PRNG, me: Person, everyone: Person[]): void {
  const doc = me.client.doc
  const n = me.made++
  const someoneElse = prng.oneOf(gen, everyone.filter((p) => p !== me)).principal.id
  const actions = [
    () => {
      const text = prng.oneOf(gen, texts(doc))
      text.insert(prng.uint32(gen, 0, text.length), me.letter.repeat(prng.uint32(gen, 1, 3)))
    },
    () => {
      if (me.role === 'editor') return // editors only insert, so every deletion would be someone else's
      const text = prng.oneOf(gen, texts(doc))
      if (text.length > 0) text.delete(prng.uint32(gen, 0, text.length - 1), 1)
    },
    () => {
      const thread = prng.oneOf(gen, threads(doc))
      const forged = prng.uint32(gen, 0, 3) === 0
      thread.push([newMap({ id: `${me.name}-c${n}`, author: me.name, authorId: forged ? someoneElse : me.principal.id, text: `${me.name}:${n}` })])
    },
    () => {
      const comments = threads(doc).flatMap((thread) => thread.toArray())
      if (comments.length > 0) prng.oneOf(gen, comments).set('text', `${me.name}:edit${n}`)
    },
    () => {
      const forged = prng.uint32(gen, 0, 3) === 0
      annotations(doc).set(`${me.name}-a${n}`, newMap({ id: `${me.name}-a${n}`, type: 'note', author: me.name, authorId: forged ? someoneElse : me.principal.id, comments: new Y.Array(), links: new Y.Array() }))
    },
  ]
  doc.transact(() => prng.oneOf(gen, actions)())
}

describe('access with mixed roles (seeded random)', () => {
  let ws: TestWorkspace
  afterEach(async () => {
    await ws.dispose()
  })

  for (const seed of [7, 8]) {
    it(`stores text changed only by editors and comments only by their senders (seed ${seed})`, async () => {
      const gen = prng.create(seed)
      ws = await startTestWorkspace()
      const id = await createTestDocument(ws.workspace.url, TEXT)
      await closeOpenMode(ws)
      const seeder = await principalWithRole(ws, 'owner', id, 'seeder')
      const setup = ws.connect(id, { token: seeder.token })
      await setup.synced
      setup.doc.transact(() => {
        for (const name of ['seed1', 'seed2']) {
          annotations(setup.doc).set(name, newMap({ id: name, type: 'note', author: 'seeder', authorId: seeder.id, comments: new Y.Array(), links: new Y.Array() }))
        }
      })
      const original = projectDocument(setup.doc)

      const connect = async (person: Omit<Person, 'client' | 'closed'> & Partial<Person>): Promise<Person> => {
        const client = ws.connect(id, { token: person.principal.token })
        const joined = { ...person, client, closed: false } as Person
        client.provider.once('closed', () => void (joined.closed = true))
        await client.synced
        await waitForDoc(client.doc, (doc) => annotations(doc).has('seed2'))
        return joined
      }
      const people: Person[] = []
      for (const { name, role, letter } of PEOPLE) {
        people.push(await connect({ name, role, letter, principal: await principalWithRole(ws, role, id, name), made: 0 }))
      }
      let refusedSockets = 0
      for (let round = 0; round < ROUNDS; round++) {
        for (const [index, person] of people.entries()) {
          if (person.closed) {
            // A refused update closed it for good; the person comes back with a fresh doc.
            refusedSockets++
            person.client.destroy()
            people[index] = await connect({ ...person })
          }
          act(gen, people[index], people)
        }
        // Let this round's frames reach the server before the next round reads its docs.
        await new Promise<void>((resolve) => setImmediate(resolve))
      }
      expect(refusedSockets).toBeGreaterThan(5)

      await ws.restart()
      const stored = storedDoc(ws.dataDir, id)
      expect(projectDocument(stored)).toContain('E')
      expect(projectDocument(stored).replace(/E/g, '')).toBe(original)
      const idOf = new Map(people.map((p) => [p.name, p.principal.id]))
      const roleOf = new Map(people.map((p) => [p.name, p.role]))
      for (const [annotationId, annotation] of annotations(stored)) {
        const sender = annotationId.split('-')[0]
        expect(storedField(annotation, 'authorId')).toBe(sender === 'seed1' || sender === 'seed2' ? seeder.id : idOf.get(sender))
      }
      let comments = 0
      for (const thread of threads(stored)) {
        for (const entry of thread.toArray()) {
          comments++
          const sender = String(storedField(entry, 'id')).split('-')[0]
          expect(storedField(entry, 'authorId')).toBe(idOf.get(sender))
          const writer = String(storedField(entry, 'text')).split(':')[0]
          expect(writer === sender || roleAtLeast(roleOf.get(writer)!, 'annotator')).toBe(true)
        }
      }
      expect(comments).toBeGreaterThan(0)
      // A few seconds alone; more on the shared machine under load.
    }, 120_000)
  }
})
