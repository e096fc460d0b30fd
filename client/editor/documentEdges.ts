import { Selection, TextSelection, type Command } from 'prosemirror-state'

/**
 * Ctrl+Home / Ctrl+End (Shift to extend) go to the start and end of the document
 * through ProseMirror rather than the browser: Chromium's native movement stops at
 * the first non-editable widget it meets (the annotation labels), so with a flagged
 * passage near the end the caret stayed inside that passage and the next Enter split
 * it. Reached by keyboard alone, the document's edges must be where they say.
 */
function toEdge(edge: 'start' | 'end', extend: boolean): Command {
  return (state, dispatch) => {
    const target = edge === 'start' ? Selection.atStart(state.doc) : Selection.atEnd(state.doc)
    if (dispatch) {
      const selection = extend ? TextSelection.between(state.selection.$anchor, target.$head) : target
      dispatch(state.tr.setSelection(selection).scrollIntoView())
    }
    return true
  }
}

export const documentEdgeBindings: Record<string, Command> = {
  'Ctrl-Home': toEdge('start', false),
  'Ctrl-End': toEdge('end', false),
  'Shift-Ctrl-Home': toEdge('start', true),
  'Shift-Ctrl-End': toEdge('end', true),
  // macOS: Cmd+Up / Cmd+Down are the platform's document edges.
  'Meta-ArrowUp': toEdge('start', false),
  'Meta-ArrowDown': toEdge('end', false),
}
