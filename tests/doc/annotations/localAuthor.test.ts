import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import {
  addComment,
  createAnnotation,
  deleteComment,
  editComment,
  localAuthorId,
  readAnnotation,
  recordDecision,
  setLocalAuthorId,
  storedField,
  suggestDeletion,
  writeAnnotations,
} from '../../../doc'
import { checkUpdate, type DocumentRole } from '../../../doc/access'
import { ALICE, BOB, annotation, commentsOf, serverDoc } from '../access/accessHelpers'

/**
 * Every writer of annotations and comments in doc/ stamps the replica's bound
 * principal, so that what a signed-in browser writes passes the server's rule
 * (doc/access/checkUpdate): each case runs the writer on a client replica of a
 * server doc and asks the rule, bound and unbound.
 */
function updateOf(server: Y.Doc, bound: string | null, write: (doc: Y.Doc) => void): { update: Uint8Array; client: Y.Doc } {
  const client = new Y.Doc()
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  setLocalAuthorId(client, bound)
  const before = Y.encodeStateVector(client)
  write(client)
  return { update: Y.encodeStateAsUpdate(client, before), client }
}

function verdict(role: DocumentRole, bound: string | null, write: (doc: Y.Doc) => void) {
  const server = serverDoc()
  const { update, client } = updateOf(server, bound, write)
  const result = checkUpdate({ principal: ALICE, role, doc: server, update })
  client.destroy()
  server.destroy()
  return result
}

const writers: [string, DocumentRole, (doc: Y.Doc) => void][] = [
  ['createAnnotation', 'annotator', (doc) => void createAnnotation(doc, { type: 'note', author: 'Alice', start: 0, end: 5, comment: 'first' })],
  ['writeAnnotations (a thread written by Bob, restored or imported by Alice)', 'annotator', (doc) => {
    const theirs = readAnnotation(annotation(doc))
    writeAnnotations(doc, [{ ...theirs, id: 'a9', authorId: BOB.id, comments: theirs.comments.map((c) => ({ ...c, authorId: BOB.id })) }])
  }],
  ['addComment', 'commenter', (doc) => void addComment(doc, 'a1', 'Alice', 'a reply')],
  ['recordDecision (its variant annotations and their decision comments)', 'annotator', (doc) => void recordDecision(doc, {
    a: { start: 0, end: 5 }, b: { start: 19, end: 25 }, reading: 'a', author: 'Alice', witnesses: { a: 'A', b: 'B' },
  })],
  ['suggestDeletion (a tracked change)', 'editor', (doc) => void suggestDeletion(doc, 6, 11, { author: 'Alice' })],
]

describe('localAuthorId', () => {
  it.each(writers)('%s writes what the server accepts from the bound principal, and is refused unbound', (_name, role, write) => {
    expect(verdict(role, ALICE.id, write)).toEqual({ ok: true, changes: true, claims: [] })
    expect(verdict(role, null, write)).toEqual(expect.objectContaining({ ok: false, reason: 'authorship' }))
  })

  it('stamps the bound principal over a given authorId, and keeps the given one unbound', () => {
    const doc = serverDoc()
    const id = createAnnotation(doc, { type: 'note', author: 'Alice', authorId: 'given', start: 0, end: 5, comment: 'c' })
    expect(storedField(annotation(doc, id), 'authorId')).toBe('given')
    setLocalAuthorId(doc, ALICE.id)
    expect(localAuthorId(doc)).toBe(ALICE.id)
    const bound = createAnnotation(doc, { type: 'note', author: 'Alice', authorId: 'given', start: 0, end: 5, comment: 'c' })
    expect(storedField(annotation(doc, bound), 'authorId')).toBe(ALICE.id)
    expect(storedField(commentsOf(doc, bound).get(0), 'authorId')).toBe(ALICE.id)
    setLocalAuthorId(doc, null)
    expect(localAuthorId(doc)).toBeUndefined()
    expect(() => setLocalAuthorId(doc, '')).toThrow(RangeError)
    doc.destroy()
  })

  it("edits and deletes only the bound principal's own comments, whatever names they show", () => {
    const doc = serverDoc()
    setLocalAuthorId(doc, ALICE.id)
    // c2 is Bob's (authorId) even if it showed Alice's name; c1 is Alice's.
    commentsOf(doc).get(1).set('author', 'Alice')
    expect(() => editComment(doc, 'a1', 'c2', 'Alice', 'not mine')).toThrow(RangeError)
    expect(() => deleteComment(doc, 'a1', 'c2', 'Alice')).toThrow(RangeError)
    editComment(doc, 'a1', 'c1', 'Alice', 'mine, edited')
    expect(commentsOf(doc).get(0).get('text')).toBe('mine, edited')
    doc.destroy()
  })
})
