import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import {
  annotationsMap,
  openChanges,
  projectDocument,
  readAnnotation,
  replaceRange,
  settleChange,
  settleChangesInRange,
  suggestDeletion,
  suggestInsertion,
} from '../../../doc'
import { docWith, replicaPair } from '../docHelpers'

const ana = { author: 'Ana', color: '#1d4ed8' }
const bo = { author: 'Bo', color: '#c2410c' }

function typeEach(ydoc: Y.Doc, at: number, text: string, by = ana): string[] {
  return [...text].map((ch, i) => suggestInsertion(ydoc, at + i, ch, by))
}

describe('suggestInsertion', () => {
  it('inserts the text and anchors an insert change on it, with the author and colour', () => {
    const ydoc = docWith(['hello world'])
    const id = suggestInsertion(ydoc, 5, ' brave', ana)
    expect(projectDocument(ydoc)).toBe('hello brave world')
    const a = readAnnotation(annotationsMap(ydoc).get(id)!)
    expect(a).toMatchObject({ type: 'suggestion', change: 'insert', author: 'Ana', color: '#1d4ed8', status: 'open' })
    expect(a.suggestion).toEqual({ text: ' brave', state: 'open', original: '' })
    expect(openChanges(ydoc)).toEqual([{ id, change: 'insert', author: 'Ana', start: 5, end: 11 }])
  })

  it('makes one change of a word typed a character at a time, and another for someone else', () => {
    const ydoc = docWith(['ab'])
    const ids = typeEach(ydoc, 1, 'xyz')
    expect(new Set(ids).size).toBe(1)
    expect(projectDocument(ydoc)).toBe('axyzb')
    expect(readAnnotation(annotationsMap(ydoc).get(ids[0])!).suggestion?.text).toBe('xyz')
    const other = suggestInsertion(ydoc, 4, 'Q', bo)
    expect(other).not.toBe(ids[0])
    expect(openChanges(ydoc).map((c) => [c.author, c.start, c.end])).toEqual([['Ana', 1, 4], ['Bo', 4, 5]])
  })

  it('inserts into an empty paragraph', () => {
    const ydoc = docWith(['a', ''])
    suggestInsertion(ydoc, 3, 'new', ana)
    expect(projectDocument(ydoc)).toBe('a\n\nnew')
    expect(openChanges(ydoc).map((c) => [c.start, c.end])).toEqual([[3, 6]])
  })

  it('throws RangeError for a line break, empty text or an offset outside the text', () => {
    const ydoc = docWith(['ab'])
    expect(() => suggestInsertion(ydoc, 1, 'x\ny', ana)).toThrow(RangeError)
    expect(() => suggestInsertion(ydoc, 1, '', ana)).toThrow(RangeError)
    expect(() => suggestInsertion(ydoc, 3, 'x', ana)).toThrow(RangeError)
  })
})

describe('suggestDeletion', () => {
  it('keeps the text and marks it, extending one own deletion as Backspace goes on', () => {
    const ydoc = docWith(['hello brave world'])
    const first = suggestDeletion(ydoc, 10, 11, ana)
    const second = suggestDeletion(ydoc, 9, 10, ana)
    expect(first.status).toBe('marked')
    expect(second).toEqual(first)
    expect(projectDocument(ydoc)).toBe('hello brave world')
    expect(openChanges(ydoc).map((c) => [c.change, c.start, c.end])).toEqual([['delete', 9, 11]])
    const id = (first as { id: string }).id
    expect(readAnnotation(annotationsMap(ydoc).get(id)!).suggestion).toEqual({ text: '', state: 'open', original: 've' })
  })

  it('removes one own proposed insertion for real, and the change with its last character', () => {
    const ydoc = docWith(['ab'])
    suggestInsertion(ydoc, 1, 'xy', ana)
    expect(suggestDeletion(ydoc, 2, 3, ana)).toEqual({ status: 'removed' })
    expect(projectDocument(ydoc)).toBe('axb')
    expect(openChanges(ydoc).map((c) => [c.start, c.end])).toEqual([[1, 2]])
    expect(suggestDeletion(ydoc, 1, 2, ana)).toEqual({ status: 'removed' })
    expect(projectDocument(ydoc)).toBe('ab')
    expect(annotationsMap(ydoc).size).toBe(0)
  })

  it("marks someone else's insertion instead of removing it, and leaves marked text unchanged", () => {
    const ydoc = docWith(['ab'])
    suggestInsertion(ydoc, 1, 'xy', bo)
    expect(suggestDeletion(ydoc, 1, 3, ana).status).toBe('marked')
    expect(projectDocument(ydoc)).toBe('axyb')
    expect(suggestDeletion(ydoc, 1, 2, ana)).toEqual({ status: 'unchanged' })
  })
})

describe('settleChanges', () => {
  it('accepting an insertion and rejecting a deletion keep the text; the other two remove it', () => {
    for (const [change, decision, expected] of [
      ['insert', 'accept', 'hello brave world'],
      ['insert', 'reject', 'hello world'],
      ['delete', 'accept', 'hello world'],
      ['delete', 'reject', 'hello brave world'],
    ] as const) {
      const ydoc = docWith([change === 'insert' ? 'hello world' : 'hello brave world'])
      const id = change === 'insert' ? suggestInsertion(ydoc, 5, ' brave', ana) : (suggestDeletion(ydoc, 5, 11, ana) as { id: string }).id
      expect(settleChange(ydoc, id, decision)).toBe(true)
      expect(projectDocument(ydoc)).toBe(expected)
      const a = readAnnotation(annotationsMap(ydoc).get(id)!)
      expect(a.status).toBe('resolved')
      expect(a.suggestion?.state).toBe(decision === 'accept' ? 'accepted' : 'rejected')
      expect(openChanges(ydoc)).toEqual([])
      expect(settleChange(ydoc, id, decision)).toBe(false)
    }
  })

  it('settles every change in a range in one transaction, last first, undone as one step', () => {
    const ydoc = docWith(['one two three', 'four'])
    suggestInsertion(ydoc, 3, '!', ana)
    suggestDeletion(ydoc, 5, 8, ana) // "two"
    suggestDeletion(ydoc, 11, 18, bo) // "ree\n\nfo": joins the paragraphs when accepted
    const before = projectDocument(ydoc)
    const undo = new Y.UndoManager([ydoc.getXmlFragment('prosemirror'), annotationsMap(ydoc)], { trackedOrigins: new Set(['editor']) })
    let transactions = 0
    ydoc.on('afterTransaction', () => { transactions++ })
    const settled = settleChangesInRange(ydoc, 0, projectDocument(ydoc).length, 'accept', 'editor')
    expect(settled).toHaveLength(3)
    expect(transactions).toBe(1)
    expect(projectDocument(ydoc)).toBe('one!  thur')
    undo.undo()
    expect(projectDocument(ydoc)).toBe(before)
    expect(openChanges(ydoc)).toHaveLength(3)
  })

  it('accepting a deletion of whole paragraphs removes them with one paragraph break, and leaves no empty paragraph', () => {
    const cases: Array<[string[], number, number, string]> = [
      [['ab', 'cd', 'ef'], 4, 6, 'ab\n\nef'], // a middle paragraph: the break after it goes
      [['ab', 'cd', 'ef'], 8, 10, 'ab\n\ncd'], // the last paragraph: the break before it goes
      [['ab', 'cd', 'ef'], 0, 6, 'ef'], // two paragraphs from the start
      [['ab', 'cd', 'ef'], 5, 6, 'ab\n\nc\n\nef'], // part of a paragraph: only its characters
      [['ab'], 0, 2, ''], // the only paragraph: emptied, not removed
    ]
    for (const [paragraphs, start, end, expected] of cases) {
      const ydoc = docWith(paragraphs)
      const { id } = suggestDeletion(ydoc, start, end, ana) as { id: string }
      expect(settleChange(ydoc, id, 'accept')).toBe(true)
      expect(projectDocument(ydoc)).toBe(expected)
    }
  })

  it('rejecting a proposed insertion that fills a paragraph leaves the paragraph', () => {
    const ydoc = docWith(['ab', '', 'cd'])
    const id = suggestInsertion(ydoc, 4, 'new', ana)
    expect(projectDocument(ydoc)).toBe('ab\n\nnew\n\ncd')
    expect(settleChange(ydoc, id, 'reject')).toBe(true)
    expect(projectDocument(ydoc)).toBe('ab\n\n\n\ncd')
  })

  it('throws RangeError for an unknown id or an annotation that is not a tracked change', () => {
    const ydoc = docWith(['ab'])
    expect(() => settleChange(ydoc, 'nope', 'accept')).toThrow(RangeError)
  })

  it('converges when two replicas settle while the other edits', () => {
    const [one, two] = replicaPair(['alpha beta gamma'])
    const id = suggestInsertion(one, 5, ' new', ana)
    expect(openChanges(two).map((c) => c.id)).toEqual([id])
    settleChange(two, id, 'reject')
    replaceRange(one, 0, 0, '>')
    expect(projectDocument(one)).toBe('>alpha beta gamma')
    expect(projectDocument(two)).toBe(projectDocument(one))
  })
})
