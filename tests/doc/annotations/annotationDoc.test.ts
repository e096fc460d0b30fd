import { describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import {
  addComment,
  annotationsMap,
  createAnnotation,
  defineAnnotationType,
  deleteComment,
  editComment,
  fragmentOf,
  listAnnotationTypes,
  readAnnotation,
  refreshSelectors,
  positionDriftLimit,
  POSITION_DRIFT_LIMIT,
  resolveAnnotation,
  setStatus,
} from '../../../doc'
import { FragmentText } from '../../../doc'
import { AnnotationStore } from '../../../client/annotations/annotationStore'
import { docWith, textOf } from '../docHelpers'

/** The text an annotation covers now, or null when orphaned. */
function covered(ydoc: Y.Doc, id: string): string | null {
  const text = new FragmentText(fragmentOf(ydoc))
  const resolution = resolveAnnotation(ydoc, text, annotationsMap(ydoc).get(id)!)
  return resolution.status === 'anchored' ? text.projection.slice(resolution.start, resolution.end) : null
}

describe('createAnnotation', () => {
  it('stores the fields, the selectors and relative positions of the covered text', () => {
    const ydoc = docWith(['hello brave world', 'second'])
    const id = createAnnotation(ydoc, { type: 'typo', author: 'Ana', start: 6, end: 11, comment: 'check' })
    const annotation = readAnnotation(annotationsMap(ydoc).get(id)!)
    expect(annotation).toMatchObject({
      id, type: 'typo', author: 'Ana', status: 'open', orphaned: false,
      anchor: {
        quote: { type: 'TextQuoteSelector', exact: 'brave', prefix: 'hello ', suffix: ' world\n\nsecond' },
        position: { type: 'TextPositionSelector', start: 6, end: 11 },
      },
    })
    expect(annotation.comments.map((c) => [c.author, c.text])).toEqual([['Ana', 'check']])
    expect(covered(ydoc, id)).toBe('brave')
  })

  it('narrows a range starting at a paragraph end or ending at a paragraph start to the characters it covers', () => {
    const ydoc = docWith(['ab', 'cd', 'ef'])
    // "ab\n\ncd\n\nef": [2, 10) starts at the end of "ab" and ends after "ef"; [4, 8) ends at the start of "ef".
    const id = createAnnotation(ydoc, { type: 'note', author: 'A', start: 2, end: 8 })
    expect(covered(ydoc, id)).toBe('cd')
  })

  it('rejects an empty range, one covering only a separator and an unknown type', () => {
    const ydoc = docWith(['ab', 'cd'])
    expect(() => createAnnotation(ydoc, { type: 'note', author: 'A', start: 1, end: 1 })).toThrow(RangeError)
    expect(() => createAnnotation(ydoc, { type: 'note', author: 'A', start: 2, end: 4 })).toThrow(/covers no character/)
    expect(() => createAnnotation(ydoc, { type: 'nope', author: 'A', start: 0, end: 1 })).toThrow(/unknown annotation type "nope"/)
  })
})

describe('resolveAnnotation', () => {
  it('extends over text typed inside the range', () => {
    const ydoc = docWith(['hello brave world'])
    const id = createAnnotation(ydoc, { type: 'note', author: 'A', start: 6, end: 11 })
    textOf(ydoc, 0).insert(8, 'XY')
    expect(covered(ydoc, id)).toBe('brXYave')
  })

  it('leaves text typed at either edge outside the range (start assoc 0, end assoc -1)', () => {
    const ydoc = docWith(['hello brave world'])
    const id = createAnnotation(ydoc, { type: 'note', author: 'A', start: 6, end: 11 })
    textOf(ydoc, 0).insert(11, '>>')
    textOf(ydoc, 0).insert(6, '<<')
    expect(fragmentOf(ydoc).toString()).toContain('hello <<brave>> world')
    expect(covered(ydoc, id)).toBe('brave')
  })

  it('follows the text when paragraphs before it grow, shrink or disappear', () => {
    const ydoc = docWith(['one', 'two', 'three four'])
    const id = createAnnotation(ydoc, { type: 'note', author: 'A', start: 16, end: 20 })
    expect(covered(ydoc, id)).toBe('four')
    textOf(ydoc, 0).insert(0, 'zero ')
    fragmentOf(ydoc).delete(1, 1)
    expect(covered(ydoc, id)).toBe('four')
  })

  it('orphans an annotation whose text was deleted, keeping its last quote', () => {
    const ydoc = docWith(['hello brave world'])
    const store = new AnnotationStore(ydoc, null)
    const id = createAnnotation(ydoc, { type: 'note', author: 'A', start: 6, end: 11 })
    textOf(ydoc, 0).delete(5, 6)
    expect(covered(ydoc, id)).toBeNull()
    expect(store.get(id)).toMatchObject({ resolution: { status: 'orphaned' }, text: 'brave' })
    expect(refreshSelectors(ydoc)).toBe(1)
    expect(annotationsMap(ydoc).get(id)!.get('orphaned')).toBe(true)
    expect(readAnnotation(annotationsMap(ydoc).get(id)!).anchor.quote.exact).toBe('brave')
    expect(annotationsMap(ydoc).has(id)).toBe(true)
    store.destroy()
  })

  it('shrinks to what survives when part of the range is deleted', () => {
    const ydoc = docWith(['hello brave world'])
    const id = createAnnotation(ydoc, { type: 'note', author: 'A', start: 6, end: 11 })
    textOf(ydoc, 0).delete(4, 4) // "hello brave" → "hellave"
    expect(covered(ydoc, id)).toBe('ave')
    textOf(ydoc, 0).delete(5, 3) // drops "ve " → the last character "e" goes too
    expect(covered(ydoc, id)).toBe('a')
  })

  it('anchors a range spanning several paragraphs and keeps both ends through edits', () => {
    const ydoc = docWith(['alpha beta', 'gamma', 'delta epsilon'])
    // "alpha beta\n\ngamma\n\ndelta epsilon": "beta" starts at 6, "delta" ends at 24.
    const id = createAnnotation(ydoc, { type: 'misplaced', author: 'A', start: 6, end: 24 })
    expect(covered(ydoc, id)).toBe('beta\n\ngamma\n\ndelta')
    textOf(ydoc, 1).insert(0, 'new ')
    textOf(ydoc, 0).insert(0, '>')
    textOf(ydoc, 2).insert(5, '!')
    expect(covered(ydoc, id)).toBe('beta\n\nnew gamma\n\ndelta')
  })

  it('re-anchors from the quote when the paragraph holding a position is replaced', () => {
    const ydoc = docWith(['first', 'the quick fox', 'last'])
    const id = createAnnotation(ydoc, { type: 'note', author: 'A', start: 11, end: 16 })
    expect(covered(ydoc, id)).toBe('quick')
    // An import replaces the paragraph with a new one of (almost) the same text.
    const fragment = fragmentOf(ydoc)
    ydoc.transact(() => {
      fragment.delete(1, 1)
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText('a quick fox')])
      fragment.insert(1, [paragraph])
    })
    expect(covered(ydoc, id)).toBe('quick')
    refreshSelectors(ydoc)
    // After the refresh the relative positions point into the new paragraph again.
    textOf(ydoc, 1).insert(2, 'very ')
    expect(covered(ydoc, id)).toBe('quick')
  })

  it('finds annotations a foreign client stored with selectors only (an import)', () => {
    const ydoc = docWith(['one two three'])
    const entry = new Y.Map<unknown>()
    entry.set('id', 'imported')
    entry.set('type', 'note')
    entry.set('anchor', { start: null, end: null, quote: { type: 'TextQuoteSelector', exact: 'two', prefix: 'one ', suffix: '' }, position: { type: 'TextPositionSelector', start: 4, end: 7 } })
    annotationsMap(ydoc).set('imported', entry)
    expect(covered(ydoc, 'imported')).toBe('two')
  })
})

describe('refreshSelectors', () => {
  it('rewrites a position only once it drifts past POSITION_DRIFT_LIMIT, a quote whenever it changes', () => {
    const context = 'c'.repeat(40)
    const ydoc = docWith(['top paragraph', `${context}target${context}`])
    const id = createAnnotation(ydoc, { type: 'note', author: 'A', start: 15 + 40, end: 15 + 46 })
    textOf(ydoc, 0).insert(0, 'x'.repeat(20))
    expect(refreshSelectors(ydoc)).toBe(0)
    expect(readAnnotation(annotationsMap(ydoc).get(id)!).anchor.position.start).toBe(55)
    textOf(ydoc, 0).insert(0, 'x'.repeat(20))
    expect(refreshSelectors(ydoc)).toBe(1)
    expect(readAnnotation(annotationsMap(ydoc).get(id)!).anchor.position).toEqual({ type: 'TextPositionSelector', start: 95, end: 101 })
    textOf(ydoc, 1).insert(38, 'y')
    expect(refreshSelectors(ydoc)).toBe(1)
    expect(readAnnotation(annotationsMap(ydoc).get(id)!).anchor.quote.prefix.endsWith('cycc')).toBe(true)
  })
})

describe('refreshSelectors in a long text', () => {
  it('lets a position drift up to one unit per 256 of the text (at most 256) before rewriting it', () => {
    expect(positionDriftLimit(1_000)).toBe(POSITION_DRIFT_LIMIT)
    expect(positionDriftLimit(20_000)).toBe(78)
    expect(positionDriftLimit(70_000)).toBe(256)
    expect(positionDriftLimit(10_000_000)).toBe(256)
    const filler = Array.from({ length: 700 }, (_, i) => `paragraph ${i} `.padEnd(100, 'x'))
    const ydoc = docWith(['top paragraph', ...filler, 'the target words here'])
    const start = new FragmentText(fragmentOf(ydoc)).projection.indexOf('target')
    const id = createAnnotation(ydoc, { type: 'note', author: 'A', start, end: start + 6 })
    // 100 characters typed above: drift 200, under the limit of this ~70,000-unit text.
    textOf(ydoc, 0).insert(0, 'x'.repeat(100))
    expect(refreshSelectors(ydoc)).toBe(0)
    expect(readAnnotation(annotationsMap(ydoc).get(id)!).anchor.position.start).toBe(start)
    // 40 more: drift 280, past it.
    textOf(ydoc, 0).insert(0, 'x'.repeat(40))
    expect(refreshSelectors(ydoc)).toBe(1)
    expect(readAnnotation(annotationsMap(ydoc).get(id)!).anchor.position.start).toBe(start + 140)
  })
})

describe('comments and status', () => {
  it('adds, edits and deletes one\'s own comments only; resolves and reopens', () => {
    const ydoc = docWith(['text'])
    const id = createAnnotation(ydoc, { type: 'note', author: 'Ana', start: 0, end: 4 })
    const mine = addComment(ydoc, id, 'Ana', 'first')
    const theirs = addComment(ydoc, id, 'Bo', 'reply')
    editComment(ydoc, id, mine, 'Ana', 'first, edited')
    expect(() => editComment(ydoc, id, theirs, 'Ana', 'hijack')).toThrow(/another author/)
    expect(() => deleteComment(ydoc, id, theirs, 'Ana')).toThrow(RangeError)
    deleteComment(ydoc, id, theirs, 'Bo')
    setStatus(ydoc, id, 'resolved')
    const annotation = readAnnotation(annotationsMap(ydoc).get(id)!)
    expect(annotation.comments.map((c) => [c.author, c.text, typeof c.updated])).toEqual([['Ana', 'first, edited', 'string']])
    expect(annotation.status).toBe('resolved')
    setStatus(ydoc, id, 'open')
    expect(readAnnotation(annotationsMap(ydoc).get(id)!).status).toBe('open')
  })
})

describe('annotation types', () => {
  it('adds a document\'s own types after the built-ins and rejects bad ones', () => {
    const ydoc = docWith(['text'])
    defineAnnotationType(ydoc, { name: 'gloss', color: '#123456', label: 'Gloss' })
    expect(listAnnotationTypes(ydoc).slice(-2).map((t) => [t.name, t.label, t.builtIn])).toEqual([['suggestion', 'Suggestion', true], ['gloss', 'Gloss', false]])
    expect(() => defineAnnotationType(ydoc, { name: 'typo', color: '#123456' })).toThrow(/built-in/)
    expect(() => defineAnnotationType(ydoc, { name: 'x', color: 'red' })).toThrow(/#rrggbb/)
    expect(createAnnotation(ydoc, { type: 'gloss', author: 'A', start: 0, end: 2 })).toBeTypeOf('string')
  })
})

describe('AnnotationStore', () => {
  it('lists anchored annotations in document order, then orphans, and tells listeners', () => {
    const ydoc = docWith(['aaa bbb ccc'])
    const store = new AnnotationStore(ydoc, null)
    const kinds: string[] = []
    store.subscribe((kind) => kinds.push(kind))
    const c = store.create({ type: 'note', author: 'A', start: 8, end: 11 })
    const a = store.create({ type: 'note', author: 'A', start: 0, end: 3 })
    const b = store.create({ type: 'typo', author: 'A', start: 4, end: 7 })
    const outer = store.create({ type: 'variant', author: 'A', start: 0, end: 7 })
    textOf(ydoc, 0).delete(4, 4)
    expect(store.list().map((v) => [v.id, v.text])).toEqual([[outer, 'aaa '], [a, 'aaa'], [c, 'ccc'], [b, 'bbb']])
    expect(store.at(1).map((v) => v.id)).toEqual([outer, a])
    expect(kinds).toEqual(['annotations', 'annotations', 'annotations', 'annotations', 'text'])
    store.destroy()
  })

  it('refreshes the stored selectors after its own edits only, once per pause', async () => {
    const ydoc = docWith(['hello brave world'])
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc))
    const store = new AnnotationStore(ydoc, 5)
    const id = store.create({ type: 'note', author: 'A', start: 6, end: 11 })
    let writes = 0
    ydoc.on('afterTransaction', (tr: Y.Transaction) => { if (tr.origin === 'variorum:annotation-refresh' && tr.changed.size) writes++ })
    textOf(ydoc, 0).insert(0, 'oh ')
    textOf(ydoc, 0).insert(0, 'well ')
    // A remote edit does not trigger this client's refresh.
    Y.applyUpdate(other, Y.encodeStateAsUpdate(ydoc))
    textOf(other, 0).insert(0, '!')
    // The refresh runs once the pause (5 ms) is over, later on a loaded machine: wait for it.
    await vi.waitFor(() => expect(writes).toBeGreaterThan(0), { timeout: 5000, interval: 5 })
    // No second write for the same pause.
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(writes).toBe(1)
    expect(readAnnotation(annotationsMap(ydoc).get(id)!).anchor.position).toEqual({ type: 'TextPositionSelector', start: 14, end: 19 })
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(other))
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(writes).toBe(1)
    store.destroy()
  })
})
