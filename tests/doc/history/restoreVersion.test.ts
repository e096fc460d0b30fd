import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seededRandom } from '../../../bench/seededRandom'
import { annotationsMap, createAnnotation, deleteAnnotation, DOC_MODEL, fragmentOf, FragmentText, projectDocument, readAnnotation, readStoredAnchor, restoreVersion } from '../../../doc'
import { docWith, textOf } from '../docHelpers'

/** A copy of `doc` as a separate Y.Doc (the version, as rebuilt from a checkpoint). */
function snapshotOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

/** Random paragraph-level and character-level edits. */
function scramble(doc: Y.Doc, random: () => number, count: number): void {
  const fragment = fragmentOf(doc)
  for (let i = 0; i < count; i++) {
    const text = new FragmentText(fragment)
    const pick = random()
    if (pick < 0.4) {
      const point = text.charAt(Math.floor(random() * text.length))
      if (point) point.text.insert(point.index, 'ab')
    } else if (pick < 0.7) {
      const point = text.charAt(Math.floor(random() * text.length))
      if (point) point.text.delete(point.index, Math.min(3, point.text.length - point.index))
    } else if (pick < 0.85) {
      const paragraph = new Y.XmlElement(DOC_MODEL.paragraph)
      paragraph.insert(0, [new Y.XmlText(`inserted ${i}`)])
      fragment.insert(Math.floor(random() * (fragment.length + 1)), [paragraph])
    } else if (fragment.length > 1) {
      fragment.delete(Math.floor(random() * fragment.length), 1)
    }
  }
}

describe('restoreVersion', () => {
  it('makes the text equal the version\'s after random edits, seed by seed', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const random = seededRandom(seed)
      const doc = docWith(Array.from({ length: 8 }, (_, i) => `Paragraph number ${i}, with a few words in it.`))
      scramble(doc, random, 10)
      const version = snapshotOf(doc)
      scramble(doc, random, 15)
      restoreVersion(doc, version)
      expect(projectDocument(doc), `seed ${seed}`).toBe(projectDocument(version))
    }
  })

  it('leaves equal paragraphs untouched and edits only the differing characters', () => {
    const doc = docWith(['Alpha one.', 'Beta two.', 'Gamma three.'])
    const version = snapshotOf(doc)
    textOf(doc, 1).insert(4, ' and more')
    const alpha = textOf(doc, 0)
    const beta = textOf(doc, 1)
    const deleted: number[] = []
    const inserted: string[] = []
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      tr.deleteSet.clients.forEach((ranges) => ranges.forEach((r) => deleted.push(r.len)))
    })
    beta.observe((event) => event.delta.forEach((op) => typeof op.insert === 'string' && inserted.push(op.insert)))
    const result = restoreVersion(doc, version)
    expect(projectDocument(doc)).toBe('Alpha one.\n\nBeta two.\n\nGamma three.')
    expect(result.changedBlocks).toBe(1)
    expect(textOf(doc, 0)).toBe(alpha)
    expect(textOf(doc, 1)).toBe(beta)
    // Nine characters go (which nine of the equal runs is Myers' choice), none is typed again.
    expect(deleted.reduce((a, b) => a + b, 0)).toBe(' and more'.length)
    expect(inserted).toEqual([])
  })

  it('restores only the paragraphs a passage of the version touches', () => {
    const doc = docWith(['One.', 'Two.', 'Three.'])
    const version = snapshotOf(doc)
    textOf(doc, 0).insert(0, 'X')
    textOf(doc, 2).insert(0, 'Y')
    // 'Three.' is at [11, 17) of the version's text.
    restoreVersion(doc, version, { range: { start: 12, end: 14 } })
    expect(projectDocument(doc)).toBe('XOne.\n\nTwo.\n\nThree.')
    restoreVersion(doc, version, { range: { start: 0, end: 2, side: 'current' } })
    expect(projectDocument(doc)).toBe('One.\n\nTwo.\n\nThree.')
    expect(() => restoreVersion(doc, version, { range: { start: 0, end: 99 } })).toThrow(RangeError)
  })

  it('brings back deleted paragraphs and annotations after a wipe, as one undoable change', () => {
    const doc = docWith(['First paragraph.', 'Second one.', 'Third.'])
    const kept = createAnnotation(doc, { type: 'note', author: 'a', start: 6, end: 15, comment: 'on paragraph' })
    const version = snapshotOf(doc)
    doc.transact(() => {
      fragmentOf(doc).delete(0, fragmentOf(doc).length)
      annotationsMap(doc).clear()
    })
    const origin = { restore: true }
    const undo = new Y.UndoManager([fragmentOf(doc), annotationsMap(doc)], { trackedOrigins: new Set([origin]) })
    const result = restoreVersion(doc, version, {}, origin)
    expect(projectDocument(doc)).toBe(projectDocument(version))
    expect(result.annotationsWritten).toEqual([kept])
    const text = new FragmentText(fragmentOf(doc))
    expect(readStoredAnchor(annotationsMap(doc).get(kept)!).quote.exact).toBe('paragraph')
    expect(text.projection.slice(6, 15)).toBe('paragraph')
    undo.undo()
    expect(projectDocument(doc)).toBe('')
    expect(annotationsMap(doc).size).toBe(0)
  })

  it('brings back one deleted annotation with its comments, found again in today\'s text', () => {
    const doc = docWith(['Some text here.', 'More text.'])
    const id = createAnnotation(doc, { type: 'note', author: 'a', start: 5, end: 9, comment: 'text!' })
    const version = snapshotOf(doc)
    deleteAnnotation(doc, id)
    textOf(doc, 0).insert(0, 'Now: ')
    const result = restoreVersion(doc, version, { annotationId: id })
    expect(result.annotationsWritten).toEqual([id])
    expect(projectDocument(doc)).toBe('Now: Some text here.\n\nMore text.')
    const entry = readAnnotation(annotationsMap(doc).get(id)!)
    expect(entry.anchor.position).toMatchObject({ start: 10, end: 14 })
    expect(entry.comments.map((c) => c.text)).toEqual(['text!'])
    expect(restoreVersion(doc, version, { annotationId: 'nope' }).missingAnnotation).toBe('nope')
  })
})
