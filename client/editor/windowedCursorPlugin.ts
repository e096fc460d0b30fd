import { Plugin, type EditorState, type PluginView } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { relativePositionToAbsolutePosition, yCursorPlugin, ySyncPluginKey } from 'y-prosemirror'
import * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { windowedRelativePosition, type BindingMapping } from './windowedPositions'

type CursorOptions = Parameters<typeof yCursorPlugin>[1]

/**
 * y-prosemirror's cursor plugin (other users' cursors drawn, this user's published
 * in the awareness field), except that publishing after each editor update converts
 * the selection with windowedRelativePosition instead of walking the fragment from
 * its start twice a keystroke (issue #21). What is published is the same: the same
 * relative positions, under the same condition (focus), compared with the same
 * rule before an awareness update is sent. Focus changes still go through the stock
 * plugin's own listeners.
 */
export function windowedCursorPlugin(awareness: Awareness, options: CursorOptions, cursorField: string): Plugin {
  const inner = yCursorPlugin(awareness, options, cursorField)
  const makeView = inner.spec.view!
  return new Plugin({
    ...inner.spec,
    view(view: EditorView): PluginView {
      const innerView = makeView(view)
      return {
        update: () => publishCursor(view, awareness, cursorField),
        destroy: () => innerView.destroy?.(),
      }
    },
  })
}

interface SyncState {
  type: Y.XmlFragment
  doc: Y.Doc
  binding: { mapping: BindingMapping }
}

/** The stock plugin's updateCursorInfo, with the windowed conversion. */
function publishCursor(view: EditorView, awareness: Awareness, cursorField: string): void {
  const state: EditorState = view.state
  const ystate = ySyncPluginKey.getState(state) as SyncState | undefined
  if (!ystate) return
  // As the stock plugin: it reads the default `cursor` field to decide, whatever field it writes.
  const current = (awareness.getLocalState() ?? {}) as { cursor?: { anchor: unknown; head: unknown } | null }
  if (view.hasFocus()) {
    const { anchor, head } = state.selection
    const anchorPosition = windowedRelativePosition(anchor, state.doc, ystate.type, ystate.binding.mapping)
    const headPosition = windowedRelativePosition(head, state.doc, ystate.type, ystate.binding.mapping)
    if (
      current.cursor == null ||
      !Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.cursor.anchor), anchorPosition) ||
      !Y.compareRelativePositions(Y.createRelativePositionFromJSON(current.cursor.head), headPosition)
    ) {
      awareness.setLocalStateField(cursorField, { anchor: anchorPosition, head: headPosition })
    }
  } else if (
    current.cursor != null &&
    relativePositionToAbsolutePosition(ystate.doc, ystate.type, Y.createRelativePositionFromJSON(current.cursor.anchor), ystate.binding.mapping as never) !== null
  ) {
    awareness.setLocalStateField(cursorField, null)
  }
}
