import * as Y from 'yjs'
import { DOC_MODEL } from '../../../doc'
import { checkUpdate, type AccessPrincipal, type DocumentRole, type UpdateCheck } from '../../../doc/access'

/** The principals of the access tests: `authorId` values are their ids. */
export const ALICE = { id: 'acct-alice', name: 'Alice' }
export const BOB = { id: 'acct-bob', name: 'Bob' }

/**
 * A server-side doc: two paragraphs, an annotation `a1` by Alice with one comment
 * `c1` by Alice and one `c2` by Bob, as docs/DATA-MODEL.md describes (plain Yjs).
 */
export function serverDoc(): Y.Doc {
  const doc = new Y.Doc()
  const writer = new Y.Doc()
  writer.clientID = 1
  writer.transact(() => {
    const fragment = writer.getXmlFragment(DOC_MODEL.fragment)
    for (const text of ['hello brave world', 'second paragraph']) {
      const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
      paragraph.insert(0, [new Y.XmlText(text)])
      fragment.push([paragraph])
    }
    writer.getMap(DOC_MODEL.meta).set('title', 'T')
    writer.getMap(DOC_MODEL.annotations).set('a1', newAnnotation('a1', ALICE.id))
    commentsOf(writer).push([newComment('c1', ALICE.id), newComment('c2', BOB.id)])
  })
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(doc)))
  writer.destroy()
  return doc
}

/** A new annotation map with the fields DATA-MODEL lists (anchor left out: not needed here). */
export function newAnnotation(id: string, authorId: string | null): Y.Map<unknown> {
  const annotation = new Y.Map<unknown>()
  annotation.set('id', id)
  annotation.set('type', 'note')
  annotation.set('author', authorId ?? 'someone')
  if (authorId !== null) annotation.set('authorId', authorId)
  annotation.set('status', 'open')
  annotation.set('comments', new Y.Array())
  annotation.set('links', new Y.Array())
  return annotation
}

/** A new comment map. */
export function newComment(id: string, authorId: string | null, text = 'a remark'): Y.Map<unknown> {
  const comment = new Y.Map<unknown>()
  comment.set('id', id)
  comment.set('author', authorId ?? 'someone')
  if (authorId !== null) comment.set('authorId', authorId)
  comment.set('text', text)
  return comment
}

/**
 * The update a client holding `server`'s state produces with `change`, as client
 * `clientID` (a fresh one by default).
 */
export function updateFrom(server: Y.Doc, change: (doc: Y.Doc) => void, clientID = 1000 + Math.floor(Math.random() * 1e6)): Uint8Array {
  const client = new Y.Doc()
  client.clientID = clientID
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server))
  // Yjs gives a doc a new random id when a remote update brings its own id's
  // items (here: an earlier update of the same id, already on the server), which
  // made the seeded fuzzing irreproducible. Writing on as `clientID` continues that
  // client's clocks, as the same client reconnecting would.
  client.clientID = clientID
  const before = Y.encodeStateVector(client)
  client.transact(() => change(client))
  const update = Y.encodeStateAsUpdate(client, before)
  client.destroy()
  return update
}

/** Checks `change`, made by a client of a fresh doc from `makeServer`, as `principal` with `role`. */
export function checkOn(makeServer: () => Y.Doc, role: DocumentRole, change: (doc: Y.Doc) => void, principal: AccessPrincipal | null): UpdateCheck {
  const server = makeServer()
  try {
    return checkUpdate({ principal, role, doc: server, update: updateFrom(server, change) })
  } finally {
    server.destroy()
  }
}

export function annotation(doc: Y.Doc, id = 'a1'): Y.Map<unknown> {
  return doc.getMap(DOC_MODEL.annotations).get(id) as Y.Map<unknown>
}

export function commentsOf(doc: Y.Doc, id = 'a1'): Y.Array<Y.Map<unknown>> {
  return annotation(doc, id).get('comments') as Y.Array<Y.Map<unknown>>
}

export function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  return (doc.getXmlFragment(DOC_MODEL.fragment).get(index) as Y.XmlElement).get(0) as Y.XmlText
}

/**
 * JSON with every object's keys sorted: a Y.Map's `toJSON` lists keys in the order
 * its entries arrived, which differs between peers holding the same content.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  )
}
