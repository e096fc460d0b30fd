import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { DOC_MODEL, addComment, createAnnotation, editComment, FIELDS_KEY, setLocalAuthorId } from '../../../doc'
import type { AccessPrincipal, DocumentRole, UpdateCheck } from '../../../doc/access'
import { ALICE, BOB, annotation, checkOn, commentsOf, serverDoc } from './accessHelpers'

/*
 * Authorship of annotations and comments stored with their created fields in one
 * `fields` value (issue #20, docs/DATA-MODEL.md "Annotations"): the `authorId`
 * inside `fields` is held to the rules the `authorId` key is held to (tests in
 * checkUpdate.test.ts, on the form written before). Every hostile update here is
 * one a stock Yjs client can send.
 */

type Change = (doc: Y.Doc) => void

/**
 * A server doc as serverDoc() makes it (annotation `a1` in the form written before
 * `fields`, comments c1 by Alice and c2 by Bob), plus annotation `n1` written by
 * Variorum's own writer as Alice, with comment `nc1` by Alice and `nc2` by Bob.
 */
function serverDocWithNewForm(): Y.Doc {
  const server = serverDoc()
  const writer = new Y.Doc()
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(server))
  const before = Y.encodeStateVector(writer)
  setLocalAuthorId(writer, ALICE.id)
  createAnnotation(writer, { id: 'n1', type: 'note', author: 'Alice', start: 0, end: 5, comment: 'hers' })
  const thread = annotation(writer, 'n1').get('comments') as Y.Array<Y.Map<unknown>>
  // Ids the tests can name (createAnnotation gives a comment a random one).
  thread.delete(0, 1)
  thread.push([commentMap({ id: 'nc1', author: 'Alice', authorId: ALICE.id, created: '2026-01-01T00:00:00Z', text: 'hers' })])
  thread.push([commentMap({ id: 'nc2', author: 'Bob', authorId: BOB.id, created: '2026-01-01T00:00:00Z', text: 'his' })])
  Y.applyUpdate(server, Y.encodeStateAsUpdate(writer, before))
  writer.destroy()
  return server
}

/** A comment map in the new form: its fields in one value. */
function commentMap(fields: Record<string, unknown>): Y.Map<unknown> {
  const comment = new Y.Map<unknown>()
  comment.set(FIELDS_KEY, fields)
  return comment
}

/** An annotation map in the new form, with `fields` and any extra keys. */
function annotationMap(fields: Record<string, unknown>, keys: Record<string, unknown> = {}): Y.Map<unknown> {
  const entry = new Y.Map<unknown>()
  entry.set(FIELDS_KEY, fields)
  for (const [key, value] of Object.entries(keys)) entry.set(key, value)
  return entry
}

const created = { id: 'n2', type: 'note', author: 'Alice', created: '2026-01-01T00:00:00Z' }

function check(role: DocumentRole, change: Change, principal: AccessPrincipal = ALICE): UpdateCheck {
  return checkOn(serverDocWithNewForm, role, change, principal)
}

const accepted = { ok: true, changes: true, claims: [] }
const refused = (reason: string) => expect.objectContaining({ ok: false, reason })
const newComments = (doc: Y.Doc) => commentsOf(doc, 'n1')
const addNew = (entry: Y.Map<unknown>): Change => (doc) => doc.getMap(DOC_MODEL.annotations).set('n2', entry)

describe('checkUpdate: authorship in `fields`', () => {
  it('accepts a new annotation and comment whose fields carry the sender’s authorId', () => {
    expect(check('annotator', addNew(annotationMap({ ...created, authorId: ALICE.id })))).toEqual(accepted)
    expect(check('commenter', (doc) => newComments(doc).push([commentMap({ id: 'nc3', author: 'Alice', authorId: ALICE.id, text: 'x' })]))).toEqual(accepted)
    // The form written before, into a thread of the new form, and the other way round.
    expect(check('commenter', (doc) => void addComment(doc, 'a1', 'Alice', 'reply', ALICE.id))).toEqual(accepted)
  })

  it('refuses a new annotation whose fields name another author, or none, for every role', () => {
    for (const role of ['owner', 'editor', 'annotator'] as const) {
      expect(check(role, addNew(annotationMap({ ...created, authorId: BOB.id })))).toEqual(refused('authorship'))
      expect(check(role, addNew(annotationMap(created)))).toEqual(refused('authorship'))
      expect(check(role, addNew(annotationMap({ ...created, authorId: 7 })))).toEqual(refused('authorship'))
    }
  })

  it('refuses the two forms disagreeing: a key and fields that name different authors', () => {
    expect(check('editor', addNew(annotationMap({ ...created, authorId: ALICE.id }, { authorId: BOB.id })))).toEqual(refused('authorship'))
    expect(check('editor', addNew(annotationMap({ ...created, authorId: BOB.id }, { authorId: ALICE.id })))).toEqual(refused('authorship'))
    // The key is read first: fields without an authorId beside the sender's key are the form a reader takes.
    expect(check('editor', addNew(annotationMap(created, { authorId: ALICE.id })))).toEqual(accepted)
  })

  it('refuses fields written twice into a new map when one of them names no author and there is no key', () => {
    expect(check('editor', (doc) => {
      const entry = annotationMap({ ...created, authorId: ALICE.id })
      doc.getMap(DOC_MODEL.annotations).set('n2', entry)
      entry.set(FIELDS_KEY, created)
    })).toEqual(refused('authorship'))
  })

  it('refuses a new comment whose fields name another author, or none, for every role', () => {
    for (const role of ['owner', 'editor', 'annotator', 'commenter'] as const) {
      expect(check(role, (doc) => newComments(doc).push([commentMap({ id: 'nc3', author: 'Bob', authorId: BOB.id, text: 'x' })]))).toEqual(refused('authorship'))
      expect(check(role, (doc) => newComments(doc).push([commentMap({ id: 'nc3', author: 'Alice', text: 'x' })]))).toEqual(refused('authorship'))
      expect(check(role, (doc) => commentsOf(doc).push([commentMap({ id: 'c3', author: 'Bob', authorId: BOB.id, text: 'x' })]))).toEqual(refused('authorship'))
    }
  })

  it('refuses writing or removing `fields` of an existing annotation or comment, in either form, even an owner', () => {
    for (const role of ['owner', 'editor'] as const) {
      // Either would change who a reader takes as the author.
      expect(check(role, (doc) => annotation(doc, 'n1').set(FIELDS_KEY, { ...created, id: 'n1', authorId: BOB.id }))).toEqual(refused('authorship'))
      expect(check(role, (doc) => annotation(doc, 'n1').set(FIELDS_KEY, { ...created, id: 'n1', authorId: ALICE.id }))).toEqual(refused('authorship'))
      expect(check(role, (doc) => annotation(doc, 'n1').delete(FIELDS_KEY))).toEqual(refused('authorship'))
      expect(check(role, (doc) => annotation(doc, 'a1').set(FIELDS_KEY, { authorId: ALICE.id }))).toEqual(refused('authorship'))
      expect(check(role, (doc) => newComments(doc).get(1).set(FIELDS_KEY, { id: 'nc2', authorId: ALICE.id }))).toEqual(refused('authorship'))
      expect(check(role, (doc) => commentsOf(doc).get(1).set(FIELDS_KEY, { id: 'c2', authorId: ALICE.id }))).toEqual(refused('authorship'))
    }
  })

  it('refuses an authorId key over the one in fields of an existing annotation or comment', () => {
    expect(check('editor', (doc) => annotation(doc, 'n1').set('authorId', BOB.id))).toEqual(refused('authorship'))
    expect(check('editor', (doc) => newComments(doc).get(1).set('authorId', ALICE.id))).toEqual(refused('authorship'))
  })

  it('judges comments in the new form by the authorId in their fields: Bob, a commenter, edits his and not Alice’s', () => {
    expect(check('commenter', (doc) => newComments(doc).get(1).set('text', 'mine, edited'), BOB)).toEqual(accepted)
    expect(check('commenter', (doc) => newComments(doc).get(0).set('text', 'hers, edited'), BOB)).toEqual(refused('forbidden'))
    expect(check('commenter', (doc) => newComments(doc).delete(1, 1), BOB)).toEqual(accepted)
    expect(check('commenter', (doc) => newComments(doc).delete(0, 1), BOB)).toEqual(refused('forbidden'))
    // Through the model's own writer, bound to Bob.
    expect(check('commenter', (doc) => {
      setLocalAuthorId(doc, BOB.id)
      editComment(doc, 'n1', 'nc2', 'Bob', 'edited by the writer')
    }, BOB)).toEqual(accepted)
  })
})
