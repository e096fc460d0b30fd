import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { DOC_MODEL, addComment, createAnnotation } from '../../../doc'
import { checkUpdate, type AccessPrincipal, type DocumentRole, type UpdateCheck } from '../../../doc/access'
import { ALICE, BOB, annotation, commentsOf, newAnnotation, newComment, paragraphText, serverDoc, updateFrom } from './accessHelpers'

type Change = (doc: Y.Doc) => void

/** Checks `change`, made by a client of a fresh server doc, as `principal` with `role`. */
function check(role: DocumentRole, change: Change, principal: AccessPrincipal | null = ALICE): UpdateCheck {
  const server = serverDoc()
  try {
    return checkUpdate({ principal, role, doc: server, update: updateFrom(server, change) })
  } finally {
    server.destroy()
  }
}

const accepted = { ok: true, changes: true, claims: [] }
const refused = (reason: string) => expect.objectContaining({ ok: false, reason })

const typeText: Change = (doc) => paragraphText(doc, 0).insert(0, 'X')
const deleteText: Change = (doc) => paragraphText(doc, 1).delete(0, 6)
const addParagraph: Change = (doc) => {
  const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
  paragraph.insert(0, [new Y.XmlText('new')])
  doc.getXmlFragment(DOC_MODEL.fragment).push([paragraph])
}
const setTitle: Change = (doc) => doc.getMap(DOC_MODEL.meta).set('title', 'Renamed')
const addOwnAnnotation: Change = (doc) => doc.getMap(DOC_MODEL.annotations).set('a2', newAnnotation('a2', ALICE.id))
const resolveAnnotation: Change = (doc) => annotation(doc).set('status', 'resolved')
const deleteAnnotation: Change = (doc) => doc.getMap(DOC_MODEL.annotations).delete('a1')
const addOwnComment: Change = (doc) => {
  commentsOf(doc).push([newComment('c3', ALICE.id)])
  annotation(doc).set('updated', '2026-01-02T00:00:00Z')
}
const editOwnComment: Change = (doc) => commentsOf(doc).get(0).set('text', 'edited')
const deleteOwnComment: Change = (doc) => commentsOf(doc).delete(0, 1)
const editOthersComment: Change = (doc) => commentsOf(doc).get(1).set('text', 'edited by Alice')
const deleteOthersComment: Change = (doc) => commentsOf(doc).delete(1, 1)
const addDecision: Change = (doc) => {
  const decision = new Y.Map<unknown>()
  decision.set('reading', 'a')
  doc.getMap(DOC_MODEL.decisions).set('d-0-1-2-3', decision)
}
const addType: Change = (doc) => doc.getMap(DOC_MODEL.annotationTypes).set('gloss', { name: 'gloss', color: '#112233', label: 'Gloss' })

describe('checkUpdate', () => {
  describe('per role', () => {
    const table: [string, Change, Record<DocumentRole, 'ok' | string>][] = [
      ['typing into the text', typeText, { owner: 'ok', editor: 'ok', annotator: 'forbidden', commenter: 'forbidden', viewer: 'forbidden' }],
      ['deleting text', deleteText, { owner: 'ok', editor: 'ok', annotator: 'forbidden', commenter: 'forbidden', viewer: 'forbidden' }],
      ['adding a paragraph', addParagraph, { owner: 'ok', editor: 'ok', annotator: 'forbidden', commenter: 'forbidden', viewer: 'forbidden' }],
      ['changing meta', setTitle, { owner: 'ok', editor: 'ok', annotator: 'forbidden', commenter: 'forbidden', viewer: 'forbidden' }],
      ['adding an own annotation', addOwnAnnotation, { owner: 'ok', editor: 'ok', annotator: 'ok', commenter: 'forbidden', viewer: 'forbidden' }],
      ['resolving an annotation', resolveAnnotation, { owner: 'ok', editor: 'ok', annotator: 'ok', commenter: 'forbidden', viewer: 'forbidden' }],
      ['deleting an annotation', deleteAnnotation, { owner: 'ok', editor: 'ok', annotator: 'ok', commenter: 'forbidden', viewer: 'forbidden' }],
      ['adding a decision', addDecision, { owner: 'ok', editor: 'ok', annotator: 'ok', commenter: 'forbidden', viewer: 'forbidden' }],
      ['adding an annotation type', addType, { owner: 'ok', editor: 'ok', annotator: 'ok', commenter: 'forbidden', viewer: 'forbidden' }],
      ['adding an own comment', addOwnComment, { owner: 'ok', editor: 'ok', annotator: 'ok', commenter: 'ok', viewer: 'forbidden' }],
      ['editing an own comment', editOwnComment, { owner: 'ok', editor: 'ok', annotator: 'ok', commenter: 'ok', viewer: 'forbidden' }],
      ['deleting an own comment', deleteOwnComment, { owner: 'ok', editor: 'ok', annotator: 'ok', commenter: 'ok', viewer: 'forbidden' }],
      ["editing someone else's comment", editOthersComment, { owner: 'ok', editor: 'ok', annotator: 'ok', commenter: 'forbidden', viewer: 'forbidden' }],
      ["deleting someone else's comment", deleteOthersComment, { owner: 'ok', editor: 'ok', annotator: 'ok', commenter: 'forbidden', viewer: 'forbidden' }],
    ]
    for (const [what, change, outcomes] of table) {
      for (const [role, outcome] of Object.entries(outcomes) as [DocumentRole, string][]) {
        it(`${what}: ${role} → ${outcome}`, () => {
          expect(check(role, change)).toEqual(outcome === 'ok' ? accepted : refused(outcome))
        })
      }
    }
  })

  describe('authorship', () => {
    it('refuses a new annotation or comment under another id, or with none, for every role', () => {
      for (const role of ['owner', 'editor', 'annotator'] as const) {
        expect(check(role, (doc) => doc.getMap(DOC_MODEL.annotations).set('a2', newAnnotation('a2', BOB.id)))).toEqual(refused('authorship'))
        expect(check(role, (doc) => doc.getMap(DOC_MODEL.annotations).set('a2', newAnnotation('a2', null)))).toEqual(refused('authorship'))
      }
      for (const role of ['owner', 'editor', 'annotator', 'commenter'] as const) {
        expect(check(role, (doc) => commentsOf(doc).push([newComment('c3', BOB.id)]))).toEqual(refused('authorship'))
        expect(check(role, (doc) => commentsOf(doc).push([newComment('c3', null)]))).toEqual(refused('authorship'))
      }
    })

    it('refuses changing or removing an authorId, even an editor', () => {
      expect(check('editor', (doc) => commentsOf(doc).get(1).set('authorId', ALICE.id))).toEqual(refused('authorship'))
      expect(check('editor', (doc) => annotation(doc).set('authorId', BOB.id))).toEqual(refused('authorship'))
      expect(check('editor', (doc) => annotation(doc).delete('authorId'))).toEqual(refused('authorship'))
    })

    it('judges comments by the sender: Bob, a commenter, may edit his comment and not Alice’s', () => {
      expect(check('commenter', (doc) => commentsOf(doc).get(1).set('text', 'mine'), BOB)).toEqual(accepted)
      expect(check('commenter', (doc) => commentsOf(doc).get(0).set('text', 'hers'), BOB)).toEqual(refused('forbidden'))
    })

    it("accepts what the model's own writers produce with the sender's authorId, and refuses it without", () => {
      const make = (authorId?: string): Change => (doc) => {
        const id = createAnnotation(doc, { type: 'note', author: 'Alice', authorId, start: 0, end: 5, comment: 'first' })
        addComment(doc, id, 'Alice', 'second', authorId)
      }
      expect(check('annotator', make(ALICE.id))).toEqual(accepted)
      expect(check('annotator', make())).toEqual(refused('authorship'))
      expect(check('commenter', (doc) => void addComment(doc, 'a1', 'Alice', 'reply', ALICE.id))).toEqual(accepted)
    })

    it('checks no authorship in open mode (no principal), only structure', () => {
      expect(check('editor', (doc) => doc.getMap(DOC_MODEL.annotations).set('a2', newAnnotation('a2', null)), null)).toEqual(accepted)
    })

    it('lets a commenter start the thread of an annotation that has none', () => {
      const server = serverDoc()
      const bare = updateFrom(server, (doc) => annotation(doc).delete('comments'))
      Y.applyUpdate(server, bare)
      const update = updateFrom(server, (doc) => {
        const comments = new Y.Array<Y.Map<unknown>>()
        comments.push([newComment('c9', BOB.id)])
        annotation(doc).set('comments', comments)
      })
      expect(checkUpdate({ principal: BOB, role: 'commenter', doc: server, update })).toEqual(accepted)
    })
  })

  describe('structure', () => {
    it('accepts an update that holds nothing new, even from a viewer', () => {
      const server = serverDoc()
      expect(checkUpdate({ principal: ALICE, role: 'viewer', doc: server, update: Y.encodeStateAsUpdate(server) })).toEqual({ ok: true, changes: false, claims: [] })
      expect(checkUpdate({ principal: ALICE, role: 'viewer', doc: server, update: new Uint8Array([0, 0]) })).toEqual({ ok: true, changes: false, claims: [] })
    })

    it('refuses bytes that do not decode', () => {
      expect(checkUpdate({ principal: ALICE, role: 'editor', doc: serverDoc(), update: new Uint8Array([5, 200, 1]) })).toEqual(refused('malformed'))
    })

    it('refuses clocks that skip ahead of the document (Yjs would keep them pending for ever)', () => {
      const server = serverDoc()
      const client = new Y.Doc()
      client.clientID = 77
      Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
      paragraphText(client, 0).insert(0, 'A')
      const afterFirst = Y.encodeStateVector(client)
      paragraphText(client, 0).insert(0, 'B')
      const second = Y.encodeStateAsUpdate(client, afterFirst)
      expect(checkUpdate({ principal: ALICE, role: 'editor', doc: server, update: second })).toEqual(refused('inconsistent'))
    })

    it('refuses deleting items that do not exist', () => {
      const server = serverDoc()
      // No structs; a delete set for client 123456, clocks [0, 3): all varints below 128.
      const update = new Uint8Array([0, 1, 0xc0, 0xc4, 0x07, 1, 0, 3])
      expect(checkUpdate({ principal: ALICE, role: 'editor', doc: server, update })).toEqual(refused('inconsistent'))
    })

    it('refuses what the data model has no place for', () => {
      const elsewhere: Change[] = [
        (doc) => doc.getMap('secrets').set('x', 1),
        (doc) => doc.getXmlFragment(DOC_MODEL.fragment).push([new Y.XmlText('text outside a paragraph')]),
        (doc) => doc.getXmlFragment(DOC_MODEL.fragment).push([new Y.XmlElement('script')]),
        (doc) => (doc.getXmlFragment(DOC_MODEL.fragment).get(0) as Y.XmlElement).setAttribute('style', 'x'),
        (doc) => paragraphText(doc, 0).format(0, 3, { bold: true }),
        (doc) => doc.getMap(DOC_MODEL.annotations).set('a2', { id: 'a2' }),
        (doc) => commentsOf(doc).push(['a plain string comment' as unknown as Y.Map<unknown>]),
        (doc) => doc.getMap(DOC_MODEL.meta).set('nested', new Y.Map()),
      ]
      for (const change of elsewhere) expect(check('owner', change)).toEqual(refused('shape'))
    })

    it('refuses new structs under a client id another open connection writes with', () => {
      const server = serverDoc()
      const update = updateFrom(server, typeText, 4242)
      const clients = { owners: new Map([[4242, 'connection-1']]), self: 'connection-2' }
      expect(checkUpdate({ principal: ALICE, role: 'editor', doc: server, update, clients })).toEqual(refused('inconsistent'))
      expect(checkUpdate({ principal: ALICE, role: 'editor', doc: server, update, clients: { owners: new Map(), self: 'connection-2' } })).toEqual({ ok: true, changes: true, claims: [4242] })
    })

    it('lets an insert into a paragraph deleted meanwhile through: Yjs drops it everywhere alike', () => {
      const server = serverDoc()
      const late = updateFrom(server, typeText)
      Y.applyUpdate(server, updateFrom(server, (doc) => doc.getXmlFragment(DOC_MODEL.fragment).delete(0, 1)))
      expect(checkUpdate({ principal: ALICE, role: 'editor', doc: server, update: late })).toEqual(accepted)
    })
  })
})
