import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { DOC_MODEL, addComment, createAnnotation, createdFields, editComment, FIELDS_KEY, MAX_STORED_JSON_LENGTH, readAnnotation, setLocalAuthorId } from '../../../doc'
import type { AccessPrincipal, DocumentRole, UpdateCheck } from '../../../doc/access'
import { ALICE, BOB, annotation, checkOn, serverDoc } from './accessHelpers'

/*
 * Authorship in the text form of `fields` (issue #20, docs/DATA-MODEL.md
 * "Annotations"): `fields` (and `anchor`) written as the text of a JSON object. The
 * `authorId` inside the text is held to the rules of the key and of the object form
 * (checkUpdate.test.ts, fieldsAuthorship.test.ts), and a text readers would not take
 * as a JSON object is refused. Every hostile update here is one a stock Yjs client
 * can send.
 */

type Change = (doc: Y.Doc) => void

/**
 * serverDoc() plus annotation `t1` written by Variorum's own writer as Alice (the
 * text form), with a comment by Alice and one by Bob (ids in `commentIds`).
 */
function serverDocWithTextForm(): Y.Doc {
  const server = serverDoc()
  const writer = new Y.Doc()
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(server))
  const before = Y.encodeStateVector(writer)
  setLocalAuthorId(writer, ALICE.id)
  createAnnotation(writer, { id: 't1', type: 'note', author: 'Alice', start: 0, end: 5, comment: 'hers' })
  setLocalAuthorId(writer, BOB.id)
  addComment(writer, 't1', 'Bob', 'his', BOB.id)
  Y.applyUpdate(server, Y.encodeStateAsUpdate(writer, before))
  writer.destroy()
  return server
}

const thread = (doc: Y.Doc) => annotation(doc, 't1').get('comments') as Y.Array<Y.Map<unknown>>
const commentIds = (doc: Y.Doc) => readAnnotation(annotation(doc, 't1')).comments.map((c) => c.id)

/** A map with `fields` (and any other keys) set to the values given, text or not. */
function mapWith(values: Record<string, unknown>): Y.Map<unknown> {
  const entry = new Y.Map<unknown>()
  for (const [key, value] of Object.entries(values)) entry.set(key, value)
  return entry
}

const created = { id: 't2', type: 'note', author: 'Alice', created: '2026-01-01T00:00:00Z' }
const text = (fields: Record<string, unknown>) => JSON.stringify(fields)

function check(role: DocumentRole, change: Change, principal: AccessPrincipal = ALICE): UpdateCheck {
  return checkOn(serverDocWithTextForm, role, change, principal)
}

const accepted = { ok: true, changes: true, claims: [] }
const refused = (reason: string) => expect.objectContaining({ ok: false, reason })
const addNew = (entry: Y.Map<unknown>): Change => (doc) => doc.getMap(DOC_MODEL.annotations).set('t2', entry)

describe('checkUpdate: authorship in `fields` as text', () => {
  it('the writer’s own annotation and comments, in the text form, are accepted', () => {
    expect(check('annotator', (doc) => void createAnnotation(setBound(doc, ALICE.id), { type: 'note', author: 'Alice', start: 6, end: 11, comment: 'mine' }))).toEqual(accepted)
    expect(check('commenter', (doc) => void addComment(setBound(doc, ALICE.id), 't1', 'Alice', 'reply', ALICE.id))).toEqual(accepted)
    expect(check('commenter', (doc) => void addComment(setBound(doc, ALICE.id), 'a1', 'Alice', 'reply', ALICE.id))).toEqual(accepted)
  })

  it('refuses a new annotation whose fields text names another author, or none, for every role', () => {
    for (const role of ['owner', 'editor', 'annotator'] as const) {
      expect(check(role, addNew(mapWith({ [FIELDS_KEY]: text({ ...created, authorId: ALICE.id }) })))).toEqual(accepted)
      expect(check(role, addNew(mapWith({ [FIELDS_KEY]: text({ ...created, authorId: BOB.id }) })))).toEqual(refused('authorship'))
      expect(check(role, addNew(mapWith({ [FIELDS_KEY]: text(created) })))).toEqual(refused('authorship'))
      expect(check(role, addNew(mapWith({ [FIELDS_KEY]: text({ ...created, authorId: 7 }) })))).toEqual(refused('authorship'))
    }
  })

  it('refuses another authorId smuggled into the text: a repeated key, which JSON.parse and so every reader takes last', () => {
    const smuggled = `{"id":"t2","authorId":"${ALICE.id}","type":"note","authorId":"${BOB.id}"}`
    const reader = new Y.Doc()
    reader.getMap(DOC_MODEL.annotations).set('t2', mapWith({ [FIELDS_KEY]: smuggled }))
    expect(createdFields(annotation(reader, 't2')).authorId).toBe(BOB.id)
    expect(check('editor', addNew(mapWith({ [FIELDS_KEY]: smuggled })))).toEqual(refused('authorship'))
    // The sender's last: what readers take is the sender's.
    expect(check('editor', addNew(mapWith({ [FIELDS_KEY]: `{"id":"t2","authorId":"${BOB.id}","authorId":"${ALICE.id}"}` })))).toEqual(accepted)
  })

  it('refuses the text disagreeing with an authorId key, either way round', () => {
    expect(check('editor', addNew(mapWith({ [FIELDS_KEY]: text({ ...created, authorId: ALICE.id }), authorId: BOB.id })))).toEqual(refused('authorship'))
    expect(check('editor', addNew(mapWith({ [FIELDS_KEY]: text({ ...created, authorId: BOB.id }), authorId: ALICE.id })))).toEqual(refused('authorship'))
  })

  it('refuses a text that is not a JSON object’s, or too long, as fields of an annotation or a comment or as an anchor', () => {
    const long = text({ ...created, authorId: ALICE.id, note: 'x'.repeat(MAX_STORED_JSON_LENGTH) })
    for (const bad of ['{"authorId":"acct-alice"', '["acct-alice"]', '"acct-alice"', 'null', '', long]) {
      expect(check('editor', addNew(mapWith({ [FIELDS_KEY]: bad, authorId: ALICE.id })))).toEqual(refused('shape'))
      expect(check('editor', addNew(mapWith({ [FIELDS_KEY]: text({ ...created, authorId: ALICE.id }), anchor: bad })))).toEqual(refused('shape'))
      expect(check('commenter', (doc) => thread(doc).push([mapWith({ [FIELDS_KEY]: bad, authorId: ALICE.id })]))).toEqual(refused('shape'))
      // An existing annotation's anchor, rewritten as a selector refresh does.
      expect(check('editor', (doc) => annotation(doc, 't1').set('anchor', bad))).toEqual(refused('shape'))
    }
    // A well-formed one is a refresh like any other.
    expect(check('editor', (doc) => annotation(doc, 't1').set('anchor', text({ quote: { exact: 'hello', prefix: '', suffix: '' }, position: { start: 0, end: 5 } })))).toEqual(accepted)
  })

  it('refuses a new comment whose fields text names another author, or none, for every role', () => {
    for (const role of ['owner', 'editor', 'annotator', 'commenter'] as const) {
      expect(check(role, (doc) => thread(doc).push([mapWith({ [FIELDS_KEY]: text({ id: 'x', author: 'Bob', authorId: BOB.id, text: 'x' }) })]))).toEqual(refused('authorship'))
      expect(check(role, (doc) => thread(doc).push([mapWith({ [FIELDS_KEY]: text({ id: 'x', author: 'Alice', text: 'x' }) })]))).toEqual(refused('authorship'))
    }
  })

  it('refuses writing or removing fields of an existing annotation or comment in the text form, even an owner', () => {
    for (const role of ['owner', 'editor'] as const) {
      expect(check(role, (doc) => annotation(doc, 't1').set(FIELDS_KEY, text({ ...created, id: 't1', authorId: ALICE.id })))).toEqual(refused('authorship'))
      expect(check(role, (doc) => annotation(doc, 't1').delete(FIELDS_KEY))).toEqual(refused('authorship'))
      expect(check(role, (doc) => annotation(doc, 'a1').set(FIELDS_KEY, text({ authorId: ALICE.id })))).toEqual(refused('authorship'))
      expect(check(role, (doc) => thread(doc).get(1).set(FIELDS_KEY, text({ id: 'x', authorId: ALICE.id })))).toEqual(refused('authorship'))
    }
  })

  it('judges comments in the text form by the authorId in their fields: Bob, a commenter, edits his and not Alice’s', () => {
    expect(check('commenter', (doc) => thread(doc).get(1).set('text', 'mine, edited'), BOB)).toEqual(accepted)
    expect(check('commenter', (doc) => thread(doc).get(0).set('text', 'hers, edited'), BOB)).toEqual(refused('forbidden'))
    expect(check('commenter', (doc) => thread(doc).delete(1, 1), BOB)).toEqual(accepted)
    expect(check('commenter', (doc) => thread(doc).delete(0, 1), BOB)).toEqual(refused('forbidden'))
    expect(check('commenter', (doc) => editComment(setBound(doc, BOB.id), 't1', commentIds(doc)[1], 'Bob', 'edited by the writer'), BOB)).toEqual(accepted)
  })
})

function setBound(doc: Y.Doc, id: string): Y.Doc {
  setLocalAuthorId(doc, id)
  return doc
}
