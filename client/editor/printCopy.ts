import { Plugin } from 'prosemirror-state'
import { DOMSerializer } from 'prosemirror-model'
import type { EditorView } from 'prosemirror-view'

/**
 * Printing a long document (issue #21, point 2). The bounded editing surface
 * keeps far paragraphs out of the editable element, as empty blocks of their
 * height, so printing the editor would print blank pages where they are. Just
 * before the browser prints (`beforeprint`, fired for the print dialog,
 * Ctrl+P and `window.print()` alike) this puts a copy of the whole text,
 * serialized from the ProseMirror document, beside the editor; the print
 * stylesheet (styles.css) shows the copy and hides the editor on paper only,
 * so the screen does not change. `afterprint` removes it again.
 *
 * The copy is built at print time, not kept up to date: a book's text is
 * serialized once per print (tens of milliseconds for 30,000 paragraphs)
 * rather than on every keystroke.
 */
export const PRINT_COPY_CLASS = 'print-copy'

export function printCopyPlugin(): Plugin {
  return new Plugin({
    view(view) {
      let copy: HTMLElement | null = null
      const remove = (): void => {
        copy?.remove()
        copy = null
        view.dom.classList.remove('print-hidden')
      }
      const build = (): void => {
        remove()
        copy = renderPrintCopy(view)
        view.dom.after(copy)
        view.dom.classList.add('print-hidden')
      }
      window.addEventListener('beforeprint', build)
      window.addEventListener('afterprint', remove)
      return {
        destroy() {
          window.removeEventListener('beforeprint', build)
          window.removeEventListener('afterprint', remove)
          remove()
        },
      }
    },
  })
}

/** The whole document as static paragraphs, in the editor's own text styles. */
function renderPrintCopy(view: EditorView): HTMLElement {
  const copy = document.createElement('div')
  copy.className = `${PRINT_COPY_CLASS} document-text`
  copy.lang = view.dom.lang
  copy.setAttribute('aria-hidden', 'true')
  copy.append(DOMSerializer.fromSchema(view.state.schema).serializeFragment(view.state.doc.content))
  return copy
}
