import { Plugin, type EditorState, type Transaction } from 'prosemirror-state'
import { yUndoPlugin, ySyncPluginKey } from 'y-prosemirror'
import type * as Y from 'yjs'
import { windowedRelativePosition, type BindingMapping } from './windowedPositions'

interface UndoState {
  undoManager: Y.UndoManager
  prevSel: { type: unknown; anchor: Y.RelativePosition; head: Y.RelativePosition } | null
  hasUndoOps: boolean
  hasRedoOps: boolean
}

/**
 * y-prosemirror's undo plugin (Yjs' UndoManager; undo puts back the selection noted
 * before the change), except that the selection before each transaction is noted
 * with windowedRelativePosition instead of walking the fragment from its start
 * (y-prosemirror's getRelativeSelection, on every transaction: ~5 ms a keystroke
 * at 30,000 paragraphs, issue #21). Same note, same moment (the state before the
 * transaction, while the binding is still synced with it).
 */
export function windowedUndoPlugin(): Plugin {
  const inner = yUndoPlugin()
  const stock = inner.spec.state!
  return new Plugin({
    ...inner.spec,
    state: {
      ...stock,
      apply(tr: Transaction, value: UndoState, oldState: EditorState, state: EditorState): UndoState {
        const ystate = ySyncPluginKey.getState(state) as { binding?: { type: Y.XmlFragment; mapping: BindingMapping } } | undefined
        const binding = ystate?.binding
        if (!binding) return stock.apply.call(this, tr, value, oldState, state) as UndoState
        const { undoManager } = value
        const { selection, doc } = oldState
        return {
          undoManager,
          prevSel: {
            type: (selection as unknown as { jsonID: unknown }).jsonID,
            anchor: windowedRelativePosition(selection.anchor, doc, binding.type, binding.mapping),
            head: windowedRelativePosition(selection.head, doc, binding.type, binding.mapping),
          },
          hasUndoOps: undoManager.undoStack.length > 0,
          hasRedoOps: undoManager.redoStack.length > 0,
        }
      },
    },
  })
}
