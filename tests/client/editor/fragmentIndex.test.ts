import { describe, expect, it } from 'vitest'
import { EditorState, TextSelection, type Transaction } from 'prosemirror-state'
import type { Fragment, Node as ProseMirrorNode } from 'prosemirror-model'
import { seededRandom } from '../../../bench/seededRandom'
import { schema } from '../../../client/editor/schema'
import { changedChildren, changedRun, childStarts, installFragmentIndex, MIN_INDEXED_CHILDREN } from '../../../client/editor/fragmentIndex'

/** Fragment.findIndex (internal to prosemirror-model's types): [index, offset] of the child at or after `pos`. */
function findIndex(fragment: Fragment, pos: number): { index: number; offset: number } {
  return (fragment as unknown as { findIndex(pos: number): { index: number; offset: number } }).findIndex(pos)
}

/** prosemirror-model's findIndex as it walks (the reference): [index, offset]. */
function walkedIndex(fragment: Fragment, pos: number): [number, number] {
  if (pos === 0) return [0, 0]
  if (pos === fragment.size) return [fragment.childCount, pos]
  for (let i = 0, at = 0; ; i++) {
    const end = at + fragment.child(i).nodeSize
    if (end >= pos) return end === pos ? [i + 1, end] : [i, at]
    at = end
  }
}

/** The changed run as the callers computed it before: both child arrays compared from both ends. */
function comparedRun(before: ProseMirrorNode, after: ProseMirrorNode): { start: number; end: number } {
  const count = after.childCount
  let start = 0
  while (start < count && before.child(start) === after.child(start)) start++
  let end = count
  while (end > start && before.child(end - 1) === after.child(end - 1)) end--
  return { start, end }
}

function book(paragraphs: number, random: () => number): ProseMirrorNode {
  const texts = Array.from({ length: paragraphs }, () => '字'.repeat(1 + Math.floor(random() * 30)))
  return schema.node('doc', null, texts.map((text) => schema.node('paragraph', null, [schema.text(text)])))
}

/** A random local edit, as typing and the editor's commands make them: mostly inside one paragraph. */
function randomEdit(state: EditorState, random: () => number): Transaction {
  const doc = state.doc
  const pick = () => 1 + Math.floor(random() * (doc.content.size - 1))
  const inside = (pos: number) => doc.resolve(pos).parent.type.name === 'paragraph'
  const roll = random()
  let pos = pick()
  while (!inside(pos)) pos = pick()
  const tr = state.tr
  if (roll < 0.45) tr.insertText('新', pos)
  else if (roll < 0.6) {
    const $pos = doc.resolve(pos)
    if ($pos.parentOffset > 0) tr.delete(pos - 1, pos)
    else tr.insertText('甲乙', pos)
  } else if (roll < 0.68) tr.split(pos)
  else if (roll < 0.74) {
    const $pos = doc.resolve(pos)
    const start = $pos.before(1)
    if (start > 0) tr.join(start)
  } else if (roll < 0.82) {
    // Several steps in one transaction, in paragraphs far apart.
    tr.insertText('前', pos)
    let other = pick()
    while (!inside(other)) other = pick()
    tr.insertText('后', tr.mapping.map(other))
  } else if (roll < 0.9) tr.setSelection(TextSelection.create(doc, pos))
  else {
    // A paragraph replaced by an equal-sized one, then the same text again.
    const $pos = doc.resolve(pos)
    tr.insertText('替', $pos.start(), $pos.start() + 1)
  }
  return tr
}

describe('fragmentIndex', () => {
  it('installs on this prosemirror-model', () => {
    expect(installFragmentIndex()).toBe(true)
  })

  for (const seed of [2101, 7, 4242]) {
    it(`resolves every position as prosemirror-model's walk does, and finds the changed run as comparing does, over seeded edits (seed ${seed})`, () => {
      expect(installFragmentIndex()).toBe(true)
      const random = seededRandom(seed)
      let state = EditorState.create({ doc: book(MIN_INDEXED_CHILDREN + 200, random) })
      const history: ProseMirrorNode[] = [state.doc]
      let known = 0
      for (let step = 0; step < 300; step++) {
        const before = state.doc
        const tr = randomEdit(state, random)
        state = state.apply(tr)
        const doc = state.doc
        history.push(doc)
        // Positions: every paragraph edge near the edit and a random sample, with resolve and nodeAt too.
        const positions = [0, 1, doc.content.size - 1, doc.content.size]
        for (let k = 0; k < 60; k++) positions.push(Math.floor(random() * (doc.content.size + 1)))
        for (const pos of positions) {
          const { index, offset } = findIndex(doc.content, pos)
          const walked = walkedIndex(doc.content, pos)
          expect([index, offset], `findIndex(${pos}) at step ${step}`).toEqual(walked)
          const $pos = doc.resolve(pos)
          expect([$pos.index(0), $pos.depth]).toEqual([walked[0], pos === walked[1] ? 0 : 1])
          if (pos < doc.content.size) {
            const child = doc.child(walked[0])
            expect(doc.nodeAt(pos)).toBe(pos === walked[1] ? child : child.nodeAt(pos - walked[1] - 1))
          }
        }
        // Child starts (the document view's position look-ups, docChildPositions.ts) as summed sizes.
        const starts = childStarts(doc.content)!
        for (const i of [0, 1, Math.floor(random() * doc.childCount), doc.childCount - 1, doc.childCount]) {
          let sum = 0
          for (let k = 0; k < i; k++) sum += doc.child(k).nodeSize
          expect(starts(i), `start of child ${i} at step ${step}`).toBe(sum)
        }
        // The changed run against every earlier document of the same length, up to 20 back.
        for (let back = 1; back <= 20 && back < history.length; back++) {
          const earlier = history[history.length - 1 - back]
          if (earlier.childCount !== doc.childCount) continue
          if (changedChildren(earlier.content, doc.content)) known++
          expect(changedRun(earlier, doc), `run ${back} back at step ${step}`).toEqual(comparedRun(earlier, doc))
        }
        expect(changedRun(before, before)).toEqual(comparedRun(before, before))
      }
      // Typing is what the shortcut is for: most comparisons must have taken it.
      expect(known).toBeGreaterThan(300)
    })
  }

  it('throws for a position outside the fragment as prosemirror-model does', () => {
    expect(installFragmentIndex()).toBe(true)
    const doc = book(MIN_INDEXED_CHILDREN + 1, seededRandom(1))
    expect(() => findIndex(doc.content, doc.content.size + 1)).toThrow(RangeError)
    expect(() => findIndex(doc.content, -1)).toThrow(RangeError)
  })
})
