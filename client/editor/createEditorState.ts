import { EditorState, type Plugin } from 'prosemirror-state'
import { keymap } from 'prosemirror-keymap'
import { baseKeymap } from 'prosemirror-commands'
import { yCursorPlugin, yUndoPlugin, undoCommand, redoCommand } from 'y-prosemirror'
import type * as Y from 'yjs'
import type { Awareness } from 'y-protocols/awareness'
import { schema } from './schema'
import { buildCursor } from './buildCursor'
import { deferWhileComposing } from './deferWhileComposing'
import { composingSyncPlugin } from './composingSyncPlugin'

/** What an editor pane binds to: the shared fragment and the document's awareness. */
export interface EditorBinding {
  fragment: Y.XmlFragment
  awareness: Awareness
}

/**
 * The plugins of a collaborative editor, in the order y-prosemirror requires
 * (sync before cursor and undo, which read the sync plugin's state).
 * Sync and cursor publishing wait for input-method compositions to end (see
 * composingSyncPlugin).
 * Undo and redo go through Yjs' UndoManager, which tracks only transactions this
 * editor made, so undo never reverts another user's edit.
 */
export function editorPlugins({ fragment, awareness }: EditorBinding): Plugin[] {
  return [
    composingSyncPlugin(fragment),
    deferWhileComposing(yCursorPlugin(awareness, { cursorBuilder: buildCursor })),
    yUndoPlugin(),
    keymap({
      'Mod-z': undoCommand,
      'Mod-y': redoCommand,
      'Mod-Shift-z': redoCommand,
    }),
    keymap(baseKeymap),
  ]
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
