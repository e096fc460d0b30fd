import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Annotation } from '../../../core/annotations/annotation'
import {
  addComment,
  annotationsMap,
  createAnnotation,
  deleteComment,
  editComment,
  FIELDS_KEY,
  openChanges,
  readAnnotation,
  readEdition,
  setStatus,
  settleSuggestion,
  suggestDeletion,
  unflagDuplicates,
} from '../../../doc'
import { docWith, replicaPair, textOf, writtenJson, writeTypoNow } from '../docHelpers'

/*
 * The stored form of an annotation (issue #20, docs/DATA-MODEL.md "Annotations"):
 * the fields it was created with in one `fields` value, later edits as keys of
 * their own; and the form every document written before holds, every field a key,
 * which is read as it is (no migration).
 */

const CREATED = '2025-01-01T00:00:00.000Z'

/**
 * Annotation `id` on [from, to) of paragraph 0 as Variorum wrote every annotation
 * before `fields` (commit 2469ba2's writeAnnotations): every field a key, `comments`
 * a Y.Array of comment maps whose fields are keys too, `links` a Y.Array.
 */
function writeFormBefore(ydoc: Y.Doc, id: string, from: number, to: number, extra: Record<string, unknown> = {}, comments: { id: string; text: string }[] = []): void {
  const text = textOf(ydoc, 0)
  const projection = text.toString()
  ydoc.transact(() => {
    const entry = new Y.Map<unknown>()
    entry.set('id', id)
    entry.set('type', 'typo')
    entry.set('author', 'Ana')
    entry.set('authorId', 'acct-ana')
    entry.set('created', CREATED)
    entry.set('updated', CREATED)
    entry.set('status', 'open')
    for (const [key, value] of Object.entries(extra)) entry.set(key, value)
    entry.set('anchor', {
      start: { item: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, from, 0)).item },
      end: { item: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, to, -1)).item, assoc: -1 },
      quote: { exact: projection.slice(from, to), prefix: projection.slice(Math.max(0, from - 32), from), suffix: projection.slice(to, to + 32) },
      position: { start: from, end: to },
    })
    const thread = new Y.Array<Y.Map<unknown>>()
    thread.push(comments.map((c) => {
      const comment = new Y.Map<unknown>()
      comment.set('id', c.id)
      comment.set('author', 'Ana')
      comment.set('authorId', 'acct-ana')
      comment.set('created', CREATED)
      comment.set('text', c.text)
      return comment
    }))
    entry.set('comments', thread)
    annotationsMap(ydoc).set(id, entry)
  })
}

/** The same annotation, written by today's writer. */
const writeFormNow = (ydoc: Y.Doc, id: string, from: number, to: number, extra: Partial<Annotation> = {}, comments: { id: string; text: string }[] = []): void =>
  writeTypoNow(ydoc, id, from, to, CREATED, extra, comments)

const PARAGRAPHS = ['hello brave new world, said the typist', 'second paragraph']

/** Both forms of the same annotations, each in a document of its own. */
function bothForms(): { before: Y.Doc; now: Y.Doc } {
  const before = docWith(PARAGRAPHS)
  const now = docWith(PARAGRAPHS)
  const linked = { links: [{ rel: 'duplicate-cluster', target: 'b' }], cluster: 'k1', keep: true, color: '#123456' }
  writeFormBefore(before, 'a', 6, 11, { color: '#123456', cluster: 'k1', keep: true, links: Y.Array.from([{ rel: 'duplicate-cluster', target: 'b' }]) }, [{ id: 'c1', text: 'brave → bold?' }])
  writeFormNow(now, 'a', 6, 11, linked, [{ id: 'c1', text: 'brave → bold?' }])
  writeFormBefore(before, 'b', 12, 15, { suggestion: { text: 'old', state: 'open', original: 'new' } })
  writeFormNow(now, 'b', 12, 15, { suggestion: { text: 'old', state: 'open', original: 'new' } })
  return { before, now }
}

/** Every annotation as read, anchor selectors aside (the two writers word prefix and suffix differently). */
function readAll(ydoc: Y.Doc): Omit<Annotation, 'anchor'>[] {
  return [...annotationsMap(ydoc).values()].map(readAnnotation).map(({ anchor: _anchor, ...rest }) => rest).sort((x, y) => (x.id < y.id ? -1 : 1))
}

describe('the stored form of an annotation (issue #20)', () => {
  it('writes the created fields in one value, the anchor beside it, and a thread only with a comment', () => {
    const ydoc = docWith(PARAGRAPHS)
    const id = createAnnotation(ydoc, { type: 'typo', author: 'Ana', authorId: 'acct-ana', start: 6, end: 11, comment: 'brave → bold?' })
    const entry = annotationsMap(ydoc).get(id)!
    expect([...entry.keys()].sort()).toEqual(['anchor', 'comments', FIELDS_KEY])
    const fields = writtenJson(entry, FIELDS_KEY)
    expect(fields).toEqual({ id, type: 'typo', author: 'Ana', authorId: 'acct-ana', created: fields.created })
    const comment = (entry.get('comments') as Y.Array<Y.Map<unknown>>).get(0)
    expect([...comment.keys()]).toEqual([FIELDS_KEY])
    expect(writtenJson(comment, FIELDS_KEY)).toEqual({ id: expect.any(String), author: 'Ana', authorId: 'acct-ana', created: fields.created, text: 'brave → bold?' })

    const bare = createAnnotation(ydoc, { type: 'note', author: 'Ana', start: 0, end: 5 })
    expect([...annotationsMap(ydoc).get(bare)!.keys()].sort()).toEqual(['anchor', FIELDS_KEY])
    expect(readAnnotation(annotationsMap(ydoc).get(bare)!)).toMatchObject({ status: 'open', comments: [], links: [], orphaned: false })
  })

  it('takes 6 structs for an annotation with one comment, where the form before took 16 (14 without authorIds)', () => {
    const structs = (write: (ydoc: Y.Doc) => void): number => {
      const ydoc = docWith(PARAGRAPHS)
      const before = Y.encodeStateVector(ydoc)
      write(ydoc)
      const decoded = Y.decodeUpdate(Y.encodeStateAsUpdate(ydoc, before))
      return decoded.structs.length
    }
    expect(structs((d) => writeFormNow(d, 'a', 6, 11, {}, [{ id: 'c1', text: 'x' }]))).toBe(6)
    expect(structs((d) => writeFormBefore(d, 'a', 6, 11, {}, [{ id: 'c1', text: 'x' }]))).toBe(16)
  })

  it('reads an annotation in the form written before as the same annotation written now, and exports it the same', () => {
    const { before, now } = bothForms()
    expect(readAll(before)).toEqual(readAll(now))
    const summary = { id: 'd', title: 'T', createdAt: CREATED }
    const edition = (ydoc: Y.Doc) => readEdition(ydoc, summary, undefined, new Date(CREATED)).annotations
    expect(edition(before)).toEqual(edition(now))
    expect(edition(now).map((a) => a.anchor.quote.exact)).toEqual(['brave', 'new'])
  })

  it('opens a document in the form written before unchanged: reading writes nothing', () => {
    const { before } = bothForms()
    const stored = Y.encodeStateAsUpdate(before)
    const opened = new Y.Doc()
    Y.applyUpdate(opened, stored)
    const updates: Uint8Array[] = []
    opened.on('update', (update: Uint8Array) => updates.push(update))
    readAll(opened)
    readEdition(opened, { id: 'd', title: 'T', createdAt: CREATED })
    expect(updates).toEqual([])
    expect(Y.encodeStateAsUpdate(opened)).toEqual(stored)
  })

  it('edits both forms alike: thread, status, suggestion, duplicates', () => {
    const { before, now } = bothForms()
    for (const ydoc of [before, now]) {
      const added = addComment(ydoc, 'a', 'Ana', 'second thought', 'acct-ana')
      editComment(ydoc, 'a', 'c1', 'Ana', 'brave → bold!')
      deleteComment(ydoc, 'a', added, 'Ana')
      addComment(ydoc, 'b', 'Ana', 'first on b', 'acct-ana')
      setStatus(ydoc, 'a', 'resolved')
      settleSuggestion(ydoc, 'b', 'rejected')
    }
    // Times and the new comment's id differ between the two runs; everything else is the same.
    const stable = (ydoc: Y.Doc) => readAll(ydoc).map((a) => ({ ...a, updated: '', comments: a.comments.map((c) => ({ ...c, id: c.id === 'c1' ? 'c1' : '', created: '', updated: '' })) }))
    expect(stable(before)).toEqual(stable(now))
    expect(stable(now).map((a) => [a.id, a.status, a.comments.map((c) => c.text), a.suggestion?.state])).toEqual([
      ['a', 'resolved', ['brave → bold!'], undefined],
      ['b', 'resolved', ['first on b'], 'rejected'],
    ])
    for (const ydoc of [before, now]) expect(unflagDuplicates(ydoc, 'k1')).toEqual([])
    const flagged = docWith(PARAGRAPHS)
    writeFormNow(flagged, 'a', 6, 11, { type: 'duplicate', cluster: 'k1' })
    writeFormBefore(flagged, 'b', 12, 15, { type: 'duplicate', cluster: 'k1' })
    expect(unflagDuplicates(flagged, 'k1').sort()).toEqual(['a', 'b'])
  })

  it('keeps a tracked change in its created fields and finds it', () => {
    const ydoc = docWith(PARAGRAPHS)
    const outcome = suggestDeletion(ydoc, 6, 11, { author: 'Ana', color: '#1d4ed8' })
    if (outcome.status !== 'marked') throw new Error('expected a marked deletion')
    const entry = annotationsMap(ydoc).get(outcome.id)!
    expect(writtenJson(entry, FIELDS_KEY)).toMatchObject({ type: 'suggestion', change: 'delete', color: '#1d4ed8', suggestion: { text: '', state: 'open', original: 'brave' } })
    expect(openChanges(ydoc).map((c) => [c.change, c.start, c.end])).toEqual([['delete', 6, 11]])
  })

  it('merges concurrent edits of different fields of one annotation, as when each field was a key', () => {
    const [one, two] = replicaPair(PARAGRAPHS)
    const id = createAnnotation(one, { type: 'typo', author: 'Ana', start: 6, end: 11, comment: 'first' })
    const offline = new Y.Doc()
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(two))
    setStatus(offline, id, 'resolved')
    addComment(two, id, 'Bo', 'reply')
    const thread = (annotationsMap(one).get(id)!.get('comments') as Y.Array<Y.Map<unknown>>).get(0)
    editComment(one, id, readAnnotation(annotationsMap(one).get(id)!).comments[0].id, 'Ana', 'first, edited')
    expect(writtenJson(thread, FIELDS_KEY)).toMatchObject({ text: 'first' })
    Y.applyUpdate(one, Y.encodeStateAsUpdate(offline))
    Y.applyUpdate(offline, Y.encodeStateAsUpdate(one))
    for (const ydoc of [one, two, offline]) {
      const annotation = readAnnotation(annotationsMap(ydoc).get(id)!)
      expect([annotation.status, annotation.comments.map((c) => c.text)]).toEqual(['resolved', ['first, edited', 'reply']])
    }
  })
})
