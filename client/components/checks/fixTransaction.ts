import type { EditorState, Transaction } from 'prosemirror-state'
import type { Fix } from '../../../core/checks'
import { replaceTransaction } from '../../editor/replaceTransaction'

/**
 * A check's fix, or several, as one ProseMirror transaction (replaceTransaction:
 * applied last to first, one undo step). Throws RangeError when a fix lies
 * outside the document or two overlap.
 */
export function fixTransaction(state: EditorState, fixes: Fix | readonly Fix[]): Transaction {
  return replaceTransaction(state, Array.isArray(fixes) ? fixes : [fixes as Fix])
}
