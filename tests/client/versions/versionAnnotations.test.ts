import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addComment, createAnnotation, deleteAnnotation } from '../../../doc'
import { versionAnnotations } from '../../../client/versions/versionAnnotations'
import { docWith } from '../../doc/docHelpers'

describe('versionAnnotations', () => {
  it('lists a version\'s annotations with whether each is gone, changed or the same now', () => {
    const doc = docWith(['Alpha beta gamma.'])
    const kept = createAnnotation(doc, { type: 'note', author: 'ana', start: 0, end: 5, comment: 'a' })
    const replied = createAnnotation(doc, { type: 'note', author: 'ben', start: 6, end: 10, comment: 'b' })
    const deleted = createAnnotation(doc, { type: 'typo', author: 'ana', start: 11, end: 16 })
    const state = Y.encodeStateAsUpdate(doc)
    addComment(doc, replied, 'chen', 'a reply')
    deleteAnnotation(doc, deleted)
    const listed = versionAnnotations(state, doc)
    expect(listed.map(({ id, quote, comments, now }) => ({ id, quote, comments, now })).sort((a, b) => a.quote.localeCompare(b.quote))).toEqual([
      { id: kept, quote: 'Alpha', comments: 1, now: 'same' },
      { id: replied, quote: 'beta', comments: 1, now: 'changed' },
      { id: deleted, quote: 'gamma', comments: 0, now: 'gone' },
    ])
  })
})
