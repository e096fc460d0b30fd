import { EditorState, Plugin } from 'prosemirror-state'
import { keymap } from 'prosemirror-keymap'
import { baseKeymap } from 'prosemirror-commands'
import { yUndoPluginKey, undoCommand, redoCommand } from 'y-prosemirror'
import { windowedUndoPlugin } from './windowedUndoPlugin'
import { windowedCursorPlugin } from './windowedCursorPlugin'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { schema } from './schema'
import { buildCursor } from './buildCursor'
import { deferWhileComposing } from './deferWhileComposing'
import { composingSyncPlugin } from './composingSyncPlugin'
import { documentEdgeBindings } from './documentEdges'
import { annotationsMap, collationsMap, decisionsMap } from '../../doc'

/** What an editor pane binds to: the shared fragment and the document's awareness. */
export interface EditorBinding {
  fragment: Y.XmlFragment
  awareness: Awareness
  /**
   * The awareness field this pane publishes its cursor in; default `cursor`, the one
   * other users' editors draw. A second pane of the same document in the split view
   * takes its own (`cursor-2`): two panes sharing one field fought over it (the
   * unfocused one clears the cursor, the focused one sets it again, on every awareness
   * change), hundreds of presence messages a second that the server closes as a
   * flood (4429).
   */
  cursorField?: string
}

/**
 * The plugins of a collaborative editor, in the order y-prosemirror requires
 * (sync before cursor and undo, which read the sync plugin's state).
 * Sync and cursor publishing wait for input-method compositions to end (see
 * composingSyncPlugin).
 * Undo and redo go through Yjs' UndoManager, which tracks only transactions this
 * editor made, so undo never reverts another user's edit. It also tracks this
 * user's own changes to annotations and decisions (see undoAnnotationChanges).
 */
export function editorPlugins({ fragment, awareness, cursorField = 'cursor' }: EditorBinding): Plugin[] {
  return [
    composingSyncPlugin(fragment),
    deferWhileComposing(windowedCursorPlugin(awareness, { cursorBuilder: buildCursor }, cursorField)),
    windowedUndoPlugin(),
    undoAnnotationChanges(fragment),
    keymap({
      'Mod-z': undoCommand,
      'Mod-y': redoCommand,
      'Mod-Shift-z': redoCommand,
    }),
    keymap(documentEdgeBindings),
    keymap(baseKeymap),
  ]
}

/**
 * Widens the editor's undo manager to the annotations and decisions maps, for
 * changes made in this browser (origin null: the doc/ commands' transactions;
 * remote updates and selector refreshes carry other origins), so Ctrl+Z in the
 * text brings back an annotation, thread or comment its author deleted by one
 * click (issue #18, point 4). Text and annotation changes share one history,
 * in the order they were made.
 */
function undoAnnotationChanges(fragment: Y.XmlFragment): Plugin {
  return new Plugin({
    view(view) {
      const undoManager = yUndoPluginKey.getState(view.state)?.undoManager
      const ydoc = fragment.doc
      if (undoManager && ydoc) {
        undoManager.addToScope([annotationsMap(ydoc), decisionsMap(ydoc), collationsMap(ydoc)])
        undoManager.addTrackedOrigin(null)
      }
      return {}
    },
  })
}

/**
 * An editor state bound to the fragment. Its initial document is an empty
 * paragraph that the sync plugin replaces with the fragment's content when the
 * view is created; an unchanged empty paragraph is never written back, so the
 * client never seeds content (the server does, and a client seed would duplicate
 * the text on merge).
 */
export function createEditorState(binding: EditorBinding, extraPlugins: readonly Plugin[] = []): EditorState {
  // Extra plugins (e.g. annotation decorations) come after the sync plugin,
  // whose state they may read.
  return EditorState.create({ schema, plugins: [...editorPlugins(binding), ...extraPlugins] })
}
