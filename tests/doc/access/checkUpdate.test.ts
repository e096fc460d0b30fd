import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { DOC_MODEL, addComment, createAnnotation } from '../../../doc'
import { checkUpdate, type AccessPrincipal, type DocumentRole, type UpdateCheck } from '../../../doc/access'
import { ALICE, BOB, annotation, checkOn, commentsOf, newAnnotation, newComment, paragraphText, serverDoc, updateFrom } from './accessHelpers'
import { docContent } from './updateFuzzing'
import { decodeSections, encodeSections } from './writeSections'

type Change = (doc: Y.Doc) => void

/** Checks `change`, made by a client of a fresh server doc, as `principal` with `role`. */
function check(role: DocumentRole, change: Change, principal: AccessPrincipal | null = ALICE): UpdateCheck {
  return checkOn(serverDoc, role, change, principal)
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

/**
 * What Yjs does with an update applied unchecked to a copy of `server`: keeps part
 * of it pending, throws, or integrates it so that a doc rebuilt from the result
 * differs; null when none of these. Shows that each refusal below guards a real hazard.
 */
function unchecked(server: Y.Doc, update: Uint8Array): 'pending' | 'throws' | 'diverges' | null {
  const state = Y.encodeStateAsUpdate(server)
  const copy = new Y.Doc()
  Y.applyUpdate(copy, state)
  const emitted: Uint8Array[] = []
  copy.on('update', (u: Uint8Array) => emitted.push(u))
  try {
    Y.applyUpdate(copy, update)
  } catch {
    return 'throws'
  }
  if (copy.store.pendingStructs || copy.store.pendingDs) return 'pending'
  // What the server would store and broadcast, and what a joiner would get, must read as the server does.
  const replayed = new Y.Doc()
  Y.applyUpdate(replayed, state)
  for (const u of emitted) Y.applyUpdate(replayed, u)
  const rebuilt = new Y.Doc()
  Y.applyUpdate(rebuilt, Y.encodeStateAsUpdate(copy))
  return docContent(replayed) === docContent(copy) && docContent(rebuilt) === docContent(copy) ? null : 'diverges'
}

const items = (update: Uint8Array) => decodeSections(update).sections.flatMap((section) => section.structs) as Y.Item[]

/** Two single-character inserts into the first paragraph by `client`, as one update. */
function twoInserts(server: Y.Doc, client: number, at: [number, number] = [0, 6]): Uint8Array {
  return updateFrom(server, (doc) => {
    paragraphText(doc, 0).insert(at[0], 'X')
    paragraphText(doc, 0).insert(at[1], 'Y')
  }, client)
}

describe('checkUpdate: what Yjs would not integrate at once (issue 14, found by fuzzing)', () => {
  const editor = (server: Y.Doc, update: Uint8Array) => checkUpdate({ principal: ALICE, role: 'editor', doc: server, update })

  it('refuses a client written in two sections: Yjs keeps only the last', () => {
    const server = serverDoc()
    const [first, second] = items(twoInserts(server, 77))
    const split = encodeSections([{ client: 77, clock: 0, structs: [first] }, { client: 77, clock: 1, structs: [second] }], [])
    expect(unchecked(server, split)).toBe('pending')
    expect(editor(server, split)).toEqual(refused('malformed'))
    // An empty last section drops the client's structs without a trace.
    const emptied = encodeSections([{ client: 77, clock: 0, structs: [first, second] }, { client: 77, clock: 0, structs: [] }], [])
    expect(editor(server, emptied)).toEqual(refused('malformed'))
  })

  it('refuses structs the doc already holds when they refer to what does not exist (Yjs resolves them too)', () => {
    const server = serverDoc()
    const update = updateFrom(server, typeText, 77)
    Y.applyUpdate(server, update)
    const [held] = items(update)
    held.origin = Y.createID(61, 0)
    const unknownClient = encodeSections([{ client: 77, clock: 0, structs: [held] }], [])
    expect(unchecked(server, unknownClient)).toBe('pending')
    expect(editor(server, unknownClient)).toEqual(refused('inconsistent'))
    held.origin = Y.createID(77, 5)
    const ownFuture = encodeSections([{ client: 77, clock: 0, structs: [held] }], [])
    expect(unchecked(server, ownFuture)).toBe('throws')
    expect(editor(server, ownFuture)).toEqual(refused('inconsistent'))
  })

  it('refuses a reference to a later clock of the item’s own client', () => {
    const server = serverDoc()
    const [x, y] = items(twoInserts(server, 80))
    x.origin = Y.createID(80, 1)
    const update = encodeSections([{ client: 80, clock: 0, structs: [x, y] }], [])
    expect(unchecked(server, update)).toBe('throws')
    expect(editor(server, update)).toEqual(refused('inconsistent'))
  })

  it('refuses two clients each waiting for the other (a causal cycle; neither is pending alone)', () => {
    const server = serverDoc()
    const a = items(twoInserts(server, 80, [0, 6]))
    const b = items(twoInserts(server, 90, [2, 9]))
    a[0].origin = Y.createID(90, 1)
    b[0].origin = Y.createID(80, 1)
    const update = encodeSections([{ client: 90, clock: 0, structs: b }, { client: 80, clock: 0, structs: a }], [])
    expect(unchecked(server, update)).toBe('pending')
    expect(editor(server, update)).toEqual(refused('inconsistent'))
  })

  it('refuses an empty deletion, which Yjs keeps pending or throws on', () => {
    const server = serverDoc()
    for (const deletion of [[1, [[500, 0]]], [61, [[0, 0]]]] as [number, [number, number][]][]) {
      const update = encodeSections([], [deletion])
      expect(unchecked(server, update)).not.toBeNull()
      expect(editor(server, update)).toEqual(refused('malformed'))
    }
  })

  it('refuses a struct whose start the doc holds when the doc’s struct before it is elsewhere', () => {
    const server = serverDoc()
    Y.applyUpdate(server, updateFrom(server, setTitle, 77))
    // Client 77's next clock is 1; a two-character insert claiming clocks 0–1 continues the title.
    const [insert] = items(updateFrom(server, (doc) => paragraphText(doc, 0).insert(0, 'AB'), 78))
    insert.id = Y.createID(77, 0)
    const update = encodeSections([{ client: 77, clock: 0, structs: [insert] }], [])
    expect(unchecked(server, update)).toBe('diverges')
    expect(editor(server, update)).toEqual(refused('inconsistent'))
  })

  it('accepts a struct whose start the doc holds when it continues the same text', () => {
    const server = serverDoc()
    const client = new Y.Doc()
    client.clientID = 77
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
    const before = Y.encodeStateVector(client)
    paragraphText(client, 0).insert(0, 'A')
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client, before))
    paragraphText(client, 0).insert(1, 'B')
    // Client 77's "A" and "B" merged into one struct: the doc holds its first clock.
    const whole = Y.encodeStateAsUpdate(client, before)
    expect(items(whole)).toHaveLength(1)
    expect(editor(server, whole)).toEqual({ ok: true, changes: true, claims: [] })
    expect(unchecked(server, whole)).toBeNull()
  })

  it('refuses an item whose right neighbour comes before its left one', () => {
    const server = serverDoc()
    const [insert] = items(updateFrom(server, (doc) => paragraphText(doc, 0).insert(8, 'X'), 50))
    ;[insert.origin, insert.rightOrigin] = [insert.rightOrigin, insert.origin]
    const update = encodeSections([{ client: 50, clock: 0, structs: [insert] }], [])
    expect(unchecked(server, update)).toBe('diverges')
    expect(editor(server, update)).toEqual(refused('inconsistent'))
  })

  it('refuses an item whose neighbours cannot have been adjacent (the right one was not first, the left one not last)', () => {
    const server = serverDoc()
    // "Z" typed in the middle of the second paragraph; then told it went to the very start, before its right
    // neighbour. Where it lands then depends on the order Yjs integrates concurrent items in (the hunt's case
    // needed a longer history to show it): the server and a doc rebuilt from it could disagree.
    const [atStart] = items(updateFrom(server, (doc) => paragraphText(doc, 1).insert(6, 'Z'), 50))
    atStart.origin = null
    const update = encodeSections([{ client: 50, clock: 0, structs: [atStart] }], [])
    expect(editor(server, update)).toEqual(refused('inconsistent'))
    // Or to the very end, after its left neighbour.
    const [atEnd] = items(updateFrom(server, (doc) => paragraphText(doc, 1).insert(6, 'Z'), 50))
    atEnd.rightOrigin = null
    expect(editor(server, encodeSections([{ client: 50, clock: 0, structs: [atEnd] }], []))).toEqual(refused('inconsistent'))
  })

  it('accepts an insert whose neighbours another client has since put text between', () => {
    const server = serverDoc()
    const late = updateFrom(server, (doc) => paragraphText(doc, 0).insert(5, 'X'), 50)
    Y.applyUpdate(server, updateFrom(server, (doc) => paragraphText(doc, 0).insert(5, 'between'), 51))
    expect(editor(server, late)).toEqual({ ok: true, changes: true, claims: [] })
    expect(unchecked(server, late)).toBeNull()
  })

  it('refuses a struct the doc holds that points inside a surrogate pair: the server alone would cut it', () => {
    const server = serverDoc()
    Y.applyUpdate(server, updateFrom(server, (doc) => paragraphText(doc, 0).insert(0, '😀'), 60))
    const update = updateFrom(server, (doc) => paragraphText(doc, 1).insert(0, 'Z'), 77)
    Y.applyUpdate(server, update)
    // Re-sent with its origin moved between the emoji's halves (60:0 and 60:1).
    const [held] = items(update)
    held.origin = Y.createID(60, 0)
    const resent = encodeSections([{ client: 77, clock: 0, structs: [held] }], [])
    expect(unchecked(server, resent)).toBe('diverges')
    expect(editor(server, resent)).toEqual(refused('inconsistent'))
    // A new item or a deletion there cuts the pair on every copy alike (U+FFFD twice): not refused.
    expect(editor(server, updateFrom(server, (doc) => paragraphText(doc, 0).delete(0, 1), 78))).toEqual({ ok: true, changes: true, claims: [] })
  })

  it('refuses values JSON cannot hold in a plain slot (Yjs carries BigInt and binary)', () => {
    const values: unknown[] = [10n, new Uint8Array([1, 2]), { nested: 1n }, [undefined]]
    for (const value of values) expect(check('editor', (doc) => doc.getMap(DOC_MODEL.meta).set('title', value))).toEqual(refused('shape'))
  })
})
