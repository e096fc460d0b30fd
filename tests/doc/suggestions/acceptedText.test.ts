import { describe, expect, it } from 'vitest'
import { acceptedTextOf, annotationsMap, createAnnotation, FULL_SELECTION, openChanges, projectDocument, readEdition, suggestDeletion, suggestInsertion } from '../../../doc'
import { docWith } from '../docHelpers'

const ana = { author: 'Ana', color: '#1d4ed8' }
const source = { id: 'd', title: 'D', createdAt: '2026-12-07T00:00:00.000Z' }

/** "hello brave world", "brave " proposed by Ana; "world" proposed for deletion; a note on "world". */
function docWithChanges() {
  const ydoc = docWith(['hello world'])
  suggestInsertion(ydoc, 6, 'brave ', ana)
  suggestDeletion(ydoc, 12, 17, ana)
  const note = createAnnotation(ydoc, { type: 'note', author: 'Bo', start: 12, end: 17, comment: 'which world?' })
  return { ydoc, note }
}

describe('acceptedTextOf', () => {
  it('is a copy with open insertions removed, open deletions kept, and no change annotations', () => {
    const { ydoc, note } = docWithChanges()
    const accepted = acceptedTextOf(ydoc)
    expect(projectDocument(accepted)).toBe('hello world')
    expect([...annotationsMap(accepted).keys()]).toEqual([note])
    // The original is untouched.
    expect(projectDocument(ydoc)).toBe('hello brave world')
    expect(openChanges(ydoc)).toHaveLength(2)
  })

  it('is the document itself when nothing is open', () => {
    const ydoc = docWith(['plain'])
    expect(acceptedTextOf(ydoc)).toBe(ydoc)
  })
})

describe('readEdition with tracked changes', () => {
  it('keeps open changes in the text when they are exported, and reads the accepted text when they are not', () => {
    const { ydoc } = docWithChanges()
    const full = readEdition(ydoc, source)
    expect(full.projection).toBe('hello brave world')
    expect(full.annotations.filter((a) => a.change).map((a) => [a.change, a.anchor.quote.exact])).toEqual([['insert', 'brave '], ['delete', 'world']])

    const notesOnly = readEdition(ydoc, source, { ...FULL_SELECTION, types: ['note'] })
    expect(notesOnly.projection).toBe('hello world')
    expect(notesOnly.annotations.map((a) => [a.type, a.anchor.position.start, a.anchor.position.end])).toEqual([['note', 6, 11]])
    expect(readEdition(ydoc, source, { ...FULL_SELECTION, annotations: false }).projection).toBe('hello world')
  })
})
