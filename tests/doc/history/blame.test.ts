import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { blameRange, type ClockAuthorship } from '../../../doc'
import { docWith, textOf } from '../docHelpers'

/** Records, per update of `doc`, its client's clock range as written by `author` at `at`. */
function recordInto(ranges: ClockAuthorship<string>[], doc: Y.Doc, author: string, at: number): () => void {
  const before = Y.getState(doc.store, doc.clientID)
  return () => ranges.push({ client: doc.clientID, start: before, end: Y.getState(doc.store, doc.clientID), author, at })
}

describe('blameRange', () => {
  it('attributes each character to the author of its item, merging runs and skipping separators', () => {
    const seed = docWith(['Hello world.', 'Second.'], 1)
    const alice = new Y.Doc()
    alice.clientID = 2
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(seed))
    const ranges: ClockAuthorship<string>[] = []
    const done = recordInto(ranges, alice, 'alice', 1000)
    textOf(alice, 0).insert(5, ' big')
    textOf(alice, 1).insert(0, 'A ')
    done()
    // "Hello big world.\n\nA Second."
    expect(blameRange(alice, ranges, 0, 27)).toEqual([
      { start: 0, end: 5, author: null, at: null },
      { start: 5, end: 9, author: 'alice', at: 1000 },
      { start: 9, end: 16, author: null, at: null },
      { start: 18, end: 20, author: 'alice', at: 1000 },
      { start: 20, end: 27, author: null, at: null },
    ])
    expect(blameRange(alice, ranges, 6, 8)).toEqual([{ start: 6, end: 8, author: 'alice', at: 1000 }])
    expect(() => blameRange(alice, ranges, 0, 28)).toThrow(RangeError)
  })
})
