import type { EditorState, Transaction } from 'prosemirror-state'
import type { Fix } from '../../../core/checks'
import { projectionOf } from '../../editor/positions'
import { replaceTransaction } from '../../editor/replaceTransaction'

/**
 * A check's fix, or several, as one ProseMirror transaction (replaceTransaction:
 * applied last to first, one undo step). Throws RangeError when a fix lies
 * outside the document or two overlap.
 */
export function fixTransaction(state: EditorState, fixes: Fix | readonly Fix[]): Transaction {
  return replaceTransaction(state, Array.isArray(fixes) ? fixes : [fixes as Fix])
}

/**
 * The projection `fixes` lead to, computed on the string: what the editor must
 * show after fixTransaction (the tests compare the two).
 */
export function applyFixesToText(text: string, fixes: readonly Fix[]): string {
  let result = text
  for (const fix of [...fixes].sort((a, b) => b.start - a.start)) result = result.slice(0, fix.start) + fix.text + result.slice(fix.end)
  return result
}

/** True when the editor still shows `analysedText`, so offsets computed on it are valid. */
export function showsText(state: EditorState, analysedText: string): boolean {
  return projectionOf(state.doc) === analysedText
}
