import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  annotationsMap,
  createAnnotation,
  fragmentOf,
  FragmentText,
  readAnnotation,
  refreshSelectors,
  resolveAnnotation,
} from '../../../doc'
import { docWith, textOf, writtenJson } from '../docHelpers'

/** The text an annotation covers now, or null when orphaned. */
function covered(ydoc: Y.Doc, id: string): string | null {
  const text = new FragmentText(fragmentOf(ydoc))
  const resolution = resolveAnnotation(ydoc, text, annotationsMap(ydoc).get(id)!)
  return resolution.status === 'anchored' ? text.projection.slice(resolution.start, resolution.end) : null
}

/**
 * An annotation as the plain-Yjs example of docs/DATA-MODEL.md writes it, and as
 * Variorum wrote every annotation before issue #20: full relative-position JSON,
 * selector type names, `orphaned: false` and an empty `links` array.
 */
function writeFullForm(ydoc: Y.Doc, id: string, paragraph: number, from: number, to: number, quote: { exact: string; prefix: string; suffix: string }, position: { start: number; end: number }): void {
  const text = textOf(ydoc, paragraph)
  const entry = new Y.Map<unknown>()
  ydoc.transact(() => {
    entry.set('id', id)
    entry.set('type', 'typo')
    entry.set('author', 'Ana')
    entry.set('created', '2025-01-01T00:00:00.000Z')
    entry.set('updated', '2025-01-01T00:00:00.000Z')
    entry.set('status', 'open')
    entry.set('orphaned', false)
    entry.set('anchor', {
      start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, from, 0)),
      end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, to, -1)),
      quote: { type: 'TextQuoteSelector', ...quote },
      position: { type: 'TextPositionSelector', ...position },
    })
    entry.set('comments', new Y.Array())
    entry.set('links', new Y.Array())
    annotationsMap(ydoc).set(id, entry)
  })
}

describe('the stored anchor form (issue #20)', () => {
  it('writes relative positions by item only, selectors without type names, no orphan flag and no empty links', () => {
    const ydoc = docWith(['hello brave world', 'second'])
    const id = createAnnotation(ydoc, { type: 'typo', author: 'Ana', start: 6, end: 11 })
    const entry = annotationsMap(ydoc).get(id)!
    const text = textOf(ydoc, 0)
    const item = (index: number) => ({ client: text._item!.id.client, clock: text._start!.id.clock + index })
    expect(writtenJson(entry, 'anchor')).toEqual({
      start: { item: item(6) },
      end: { item: item(10), assoc: -1 },
      quote: { exact: 'brave', prefix: 'hello ', suffix: ' world\n\nsecond' },
      position: { start: 6, end: 11 },
    })
    expect(entry.has('orphaned')).toBe(false)
    expect(entry.has('links')).toBe(false)
    // Read as before: the selectors with their types, anchored, no links.
    expect(readAnnotation(entry)).toMatchObject({
      orphaned: false,
      links: [],
      anchor: {
        quote: { type: 'TextQuoteSelector', exact: 'brave', prefix: 'hello ', suffix: ' world\n\nsecond' },
        position: { type: 'TextPositionSelector', start: 6, end: 11 },
      },
    })
  })

  it('keeps links when an annotation has some', () => {
    const ydoc = docWith(['hello brave world'])
    const id = createAnnotation(ydoc, { type: 'variant', author: 'Ana', start: 0, end: 5, links: [{ rel: 'variant-pair', target: 'other' }] })
    expect(readAnnotation(annotationsMap(ydoc).get(id)!).links).toEqual([{ rel: 'variant-pair', target: 'other' }])
  })

  it('reads and follows an annotation written in the full form, as stored documents hold them', () => {
    const ydoc = docWith(['hello brave world', 'second'])
    writeFullForm(ydoc, 'old', 0, 6, 11, { exact: 'brave', prefix: 'hello ', suffix: ' world\n\nsecond' }, { start: 6, end: 11 })
    const compact = createAnnotation(ydoc, { type: 'typo', author: 'Ana', start: 6, end: 11 })
    const old = readAnnotation(annotationsMap(ydoc).get('old')!)
    const fresh = readAnnotation(annotationsMap(ydoc).get(compact)!)
    expect(old.anchor).toEqual(fresh.anchor)
    expect(old.orphaned).toBe(false)
    expect(old.links).toEqual([])
    textOf(ydoc, 0).insert(8, 'XY')
    textOf(ydoc, 0).insert(0, '>> ')
    expect(covered(ydoc, 'old')).toBe('brXYave')
    expect(covered(ydoc, compact)).toBe('brXYave')
  })

  it('leaves a full-form annotation whose selectors are current as it is, and rewrites a stale one in the compact form', () => {
    const ydoc = docWith(['hello brave world', 'second'])
    writeFullForm(ydoc, 'current', 0, 6, 11, { exact: 'brave', prefix: 'hello ', suffix: ' world\n\nsecond' }, { start: 6, end: 11 })
    writeFullForm(ydoc, 'stale', 0, 0, 5, { exact: 'hullo', prefix: '', suffix: ' brave world\n\nsecon' }, { start: 0, end: 5 })
    const before = annotationsMap(ydoc).get('current')!.get('anchor')
    expect(refreshSelectors(ydoc)).toBe(1)
    expect(annotationsMap(ydoc).get('current')!.get('anchor')).toBe(before)
    expect(annotationsMap(ydoc).get('current')!.get('orphaned')).toBe(false)
    const stale = writtenJson(annotationsMap(ydoc).get('stale')!, 'anchor')
    expect(stale.quote).toEqual({ exact: 'hello', prefix: '', suffix: ' brave world\n\nsecond' })
    expect(stale.start).toEqual({ item: { client: ydoc.clientID, clock: textOf(ydoc, 0)._start!.id.clock } })
    expect(covered(ydoc, 'stale')).toBe('hello')
  })

  it('stores an orphan flag once the text is deleted, and clears it as false', () => {
    const ydoc = docWith(['hello brave world'])
    const id = createAnnotation(ydoc, { type: 'typo', author: 'Ana', start: 6, end: 11 })
    textOf(ydoc, 0).delete(6, 5)
    expect(refreshSelectors(ydoc)).toBe(1)
    expect(annotationsMap(ydoc).get(id)!.get('orphaned')).toBe(true)
    expect(refreshSelectors(ydoc)).toBe(0)
  })
})
