import type { Decoration, DecorationSet } from 'prosemirror-view'

/**
 * Whether two decoration sets draw the same: the same decorations at the same
 * positions, each told by its spec's `key` (a plugin that uses this gives
 * every decoration a key naming everything it draws, e.g. its classes and
 * attributes). A decoration without a key never counts as the same as another.
 *
 * Worked example (issue #20): after a pause in typing inside an annotation, the
 * annotation plugin rebuilds its decorations from the store; the ones ProseMirror
 * mapped through the keystrokes already cover the same ranges with the same
 * classes, so the rebuild need not be dispatched at all: a transaction with a new
 * set makes ProseMirror compare every paragraph's decorations and set the DOM
 * selection again, a forced layout, for nothing.
 */
export function sameDecorations(a: DecorationSet, b: DecorationSet): boolean {
  if (a === b) return true
  const left = a.find()
  const right = b.find()
  if (left.length !== right.length) return false
  const order = (x: Decoration, y: Decoration) => x.from - y.from || x.to - y.to || keyOf(x).localeCompare(keyOf(y))
  left.sort(order)
  right.sort(order)
  return left.every((x, i) => {
    const y = right[i]
    const key = keyOf(x)
    return key !== '' && x.from === y.from && x.to === y.to && key === keyOf(y)
  })
}

function keyOf(decoration: Decoration): string {
  const key = (decoration.spec as { key?: unknown }).key
  return typeof key === 'string' ? key : ''
}
