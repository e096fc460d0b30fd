import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Annotation } from '../../../core/annotations/annotation'
import {
  addComment,
  annotationsMap,
  createdFields,
  FIELDS_KEY,
  MAX_STORED_JSON_LENGTH,
  readAnnotation,
  readEdition,
  readStoredAnchor,
  refreshSelectors,
  storedAnchorValue,
  storedField,
} from '../../../doc'
import { docWith, textOf, writtenJson, writeTypoNow } from '../docHelpers'

/*
 * The text form of an annotation's stored JSON values (issue #20, docs/DATA-MODEL.md
 * "Annotations"): `fields`, `anchor` and a comment's `fields` written as the text of
 * their JSON object, which Yjs reads as one string. Documents hold the forms written
 * before (every field a key, tested in storedFieldsForm.test.ts; `fields` and
 * `anchor` as JSON objects, tested here), which are read as they are.
 */

const CREATED = '2025-01-01T00:00:00.000Z'
const PARAGRAPHS = ['hello brave new world, said the typist', 'second paragraph']

/** Annotation `id` on [from, to) of paragraph 0 as Variorum wrote it with `fields` as a JSON object (commit 994a6ba). */
function writeObjectForm(ydoc: Y.Doc, id: string, from: number, to: number, extra: Record<string, unknown> = {}, comments: { id: string; text: string }[] = []): void {
  const text = textOf(ydoc, 0)
  const projection = text.toString()
  ydoc.transact(() => {
    const entry = new Y.Map<unknown>()
    entry.set(FIELDS_KEY, { id, type: 'typo', author: 'Ana', authorId: 'acct-ana', created: CREATED, ...extra })
    entry.set('anchor', storedAnchorValue({
      start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, from, 0)),
      end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, to, -1)),
      quote: { type: 'TextQuoteSelector', exact: projection.slice(from, to), prefix: projection.slice(Math.max(0, from - 32), from), suffix: `${projection.slice(to)}\n\n${PARAGRAPHS[1]}`.slice(0, 32) },
      position: { type: 'TextPositionSelector', start: from, end: to },
    }))
    if (comments.length > 0) {
      const thread = new Y.Array<Y.Map<unknown>>()
      thread.push(comments.map((c) => {
        const comment = new Y.Map<unknown>()
        comment.set(FIELDS_KEY, { id: c.id, author: 'Ana', authorId: 'acct-ana', created: CREATED, text: c.text })
        return comment
      }))
      entry.set('comments', thread)
    }
    annotationsMap(ydoc).set(id, entry)
  })
}

/** The same annotation, written by today's writer. */
const writeTextForm = (ydoc: Y.Doc, id: string, from: number, to: number, extra: Partial<Annotation> = {}, comments: { id: string; text: string }[] = []): void =>
  writeTypoNow(ydoc, id, from, to, CREATED, extra, comments)

function bothForms(): { object: Y.Doc; text: Y.Doc } {
  // One client id: the two documents hold the same text items, so anchors name the same ones.
  const object = docWith(PARAGRAPHS, 1)
  const text = docWith(PARAGRAPHS, 1)
  writeObjectForm(object, 'a', 6, 11, { color: '#123456', cluster: 'k1', keep: true, links: [{ rel: 'duplicate-cluster', target: 'b' }] }, [{ id: 'c1', text: 'brave → bold?' }])
  writeTextForm(text, 'a', 6, 11, { color: '#123456', cluster: 'k1', keep: true, links: [{ rel: 'duplicate-cluster', target: 'b' }] }, [{ id: 'c1', text: 'brave → bold?' }])
  writeObjectForm(object, 'b', 12, 15, { suggestion: { text: 'old', state: 'open', original: 'new' } })
  writeTextForm(text, 'b', 12, 15, { suggestion: { text: 'old', state: 'open', original: 'new' } })
  return { object, text }
}

const readAll = (ydoc: Y.Doc): Annotation[] => [...annotationsMap(ydoc).values()].map(readAnnotation).sort((x, y) => (x.id < y.id ? -1 : 1))
const summary = { id: 'd', title: 'T', createdAt: CREATED }

describe('the text form of stored annotation values (issue #20)', () => {
  it('writes fields, anchor and a comment’s fields as the text of their JSON object, in the same structs as the object form', () => {
    const { object, text } = bothForms()
    const entry = annotationsMap(text).get('a')!
    expect(typeof entry.get(FIELDS_KEY)).toBe('string')
    expect(typeof entry.get('anchor')).toBe('string')
    // As JSON: the object form keeps what it was given (a relative position's Yjs ID) until decoded elsewhere.
    const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown
    expect(writtenJson(entry, FIELDS_KEY)).toEqual(asJson(annotationsMap(object).get('a')!.get(FIELDS_KEY)))
    expect(writtenJson(entry, 'anchor')).toEqual(asJson(annotationsMap(object).get('a')!.get('anchor')))
    const comment = (entry.get('comments') as Y.Array<Y.Map<unknown>>).get(0)
    expect(writtenJson(comment, FIELDS_KEY)).toEqual({ id: 'c1', author: 'Ana', authorId: 'acct-ana', created: CREATED, text: 'brave → bold?' })
    const structs = (ydoc: Y.Doc) => Y.decodeUpdate(Y.encodeStateAsUpdate(ydoc)).structs.length
    expect(structs(text)).toBe(structs(object))
  })

  it('reads and exports an annotation in the object form as the same annotation in the text form', () => {
    const { object, text } = bothForms()
    expect(readAll(object)).toEqual(readAll(text))
    expect(readAll(text).map((a) => [a.id, a.anchor.quote.exact, a.comments.map((c) => c.text), a.links, a.suggestion?.original])).toEqual([
      ['a', 'brave', ['brave → bold?'], [{ rel: 'duplicate-cluster', target: 'b' }], undefined],
      ['b', 'new', [], [], 'new'],
    ])
    const edition = (ydoc: Y.Doc) => readEdition(ydoc, summary, undefined, new Date(CREATED)).annotations
    expect(edition(object)).toEqual(edition(text))
  })

  it('opens a document in the object form unchanged: reading and refreshing current selectors write nothing', () => {
    const { object } = bothForms()
    const stored = Y.encodeStateAsUpdate(object)
    const opened = new Y.Doc()
    Y.applyUpdate(opened, stored)
    const updates: Uint8Array[] = []
    opened.on('update', (update: Uint8Array) => updates.push(update))
    readAll(opened)
    readEdition(opened, summary)
    expect(refreshSelectors(opened)).toBe(0)
    expect(updates).toEqual([])
    expect(Y.encodeStateAsUpdate(opened)).toEqual(stored)
  })

  it('rewrites an object-form anchor in the text form when it is next rewritten, and reads the new one', () => {
    const { object } = bothForms()
    const entry = annotationsMap(object).get('a')!
    expect(readStoredAnchor(entry).position).toEqual({ type: 'TextPositionSelector', start: 6, end: 11 })
    textOf(object, 0).insert(0, '>> ')
    expect(refreshSelectors(object)).toBe(2)
    expect(writtenJson(entry, 'anchor')).toMatchObject({ position: { start: 9, end: 14 }, quote: { exact: 'brave' } })
    expect(readStoredAnchor(entry).position).toEqual({ type: 'TextPositionSelector', start: 9, end: 14 })
    // The created fields stay as they were written: `fields` is never rewritten.
    expect(typeof entry.get(FIELDS_KEY)).toBe('object')
    addComment(object, 'a', 'Ana', 'second', 'acct-ana')
    const thread = (entry.get('comments') as Y.Array<Y.Map<unknown>>).toArray()
    expect(thread.map((c) => typeof c.get(FIELDS_KEY))).toEqual(['object', 'string'])
    expect(readAnnotation(entry).comments.map((c) => c.text)).toEqual(['brave → bold?', 'second'])
  })

  it('parses a text once per map while it is unchanged', () => {
    const { text } = bothForms()
    const entry = annotationsMap(text).get('a')!
    expect(createdFields(entry)).toBe(createdFields(entry))
    expect(storedField(entry, 'author')).toBe('Ana')
  })

  it('reads a malformed or oversized text as no fields and no anchor, without throwing', () => {
    const ydoc = docWith(PARAGRAPHS)
    const oversized = JSON.stringify({ id: 'x', author: 'Ana', authorId: 'acct-ana', text: 'y'.repeat(MAX_STORED_JSON_LENGTH) })
    for (const value of ['{"id": "x", ', '[1, 2]', '"text"', 'null', oversized]) {
      const entry = new Y.Map<unknown>()
      annotationsMap(ydoc).set('bad', entry)
      entry.set(FIELDS_KEY, value)
      entry.set('anchor', value)
      expect(createdFields(entry)).toEqual({})
      expect(readAnnotation(entry)).toMatchObject({ id: '', author: '', comments: [], anchor: { quote: { exact: '' }, position: { start: 0, end: 0 } } })
    }
  })
})
