import { Plugin } from 'prosemirror-state'
import { ySyncPluginKey } from 'y-prosemirror'

/**
 * Keeps the text as it is while `writable()` is false (a viewer, commenter or
 * annotator, issue 14): `editable: false` stops typing, but commands dispatch too
 * (replace all, a check's fix, accepting a suggestion, pasting by script), and
 * y-prosemirror would send what they change, which the server refuses by closing the
 * socket. Changes arriving from the shared document (y-prosemirror's own
 * transactions, marked with its plugin key) always pass: a reader sees others' edits.
 */
export function readOnlyGuard(writable: () => boolean): Plugin {
  return new Plugin({
    filterTransaction(transaction) {
      if (!transaction.docChanged || writable()) return true
      return (transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true
    },
  })
}
