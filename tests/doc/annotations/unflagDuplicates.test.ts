import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { annotationsMap, createAnnotation, projectDocument, storedField, unflagDuplicates, writeAnnotations } from '../../../doc'
import { duplicateClusterAnnotations } from '../../../core/annotations'
import { docWith } from '../docHelpers'

const options = { author: 'Ana', created: '2026-01-01T00:00:00.000Z' }

describe('unflagDuplicates', () => {
  it("removes every flag of one cluster, the kept copy's too, in one transaction, and one undo brings them back", () => {
    const ydoc = docWith(['same words here', 'other text', 'same words here', 'more', 'twice said', 'twice said'])
    const text = projectDocument(ydoc)
    const first = duplicateClusterAnnotations(text, { kind: 'exact', similarity: 1, occurrences: [{ start: 0, end: 15 }, { start: 29, end: 44 }] }, { ...options, keep: 1 })
    const second = duplicateClusterAnnotations(text, { kind: 'exact', similarity: 1, occurrences: [{ start: 52, end: 62 }, { start: 64, end: 74 }] }, options)
    writeAnnotations(ydoc, [...first, ...second])
    const note = createAnnotation(ydoc, { type: 'note', author: 'Bo', start: 17, end: 22 })
    const undo = new Y.UndoManager(annotationsMap(ydoc), { trackedOrigins: new Set(['panel']) })
    let transactions = 0
    ydoc.on('afterTransaction', () => { transactions++ })

    const removed = unflagDuplicates(ydoc, first[0].cluster!, 'panel')
    expect(transactions).toBe(1)
    expect(removed.sort()).toEqual(first.map((a) => a.id).sort())
    expect([...annotationsMap(ydoc).keys()].sort()).toEqual([...second.map((a) => a.id), note].sort())
    expect(unflagDuplicates(ydoc, first[0].cluster!, 'panel')).toEqual([])

    undo.undo()
    expect([...annotationsMap(ydoc).keys()].sort()).toEqual([...first.map((a) => a.id), ...second.map((a) => a.id), note].sort())
    expect(storedField(annotationsMap(ydoc).get(first[1].id)!, 'keep')).toBe(true)
  })
})
