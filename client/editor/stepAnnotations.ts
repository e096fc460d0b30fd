import { Plugin } from 'prosemirror-state'
import type { AnnotationStore } from '../annotations/annotationStore'
import { jumpToAnnotation } from './annotationCommands'
import { highlightOf } from './highlight'

/**
 * Alt+ArrowDown / Alt+ArrowUp in the text step to the next / previous annotation
 * in document order from the selected one (else from the caret), select its text and its card (issue #18,
 * point 7). While a panel's highlights are shown (a duplicate's copies, a
 * finding's passages) the keys step through those instead, as before: this
 * plugin gives way to the highlight plugin. At the last annotation the keys do
 * nothing (no wrap-around that would jump the page back to the top unasked).
 */
export function annotationStepPlugin(store: AnnotationStore, selected: () => string | null, onSelect: (id: string) => void): Plugin {
  return new Plugin({
    props: {
      handleKeyDown(view, event) {
        if (!event.altKey || event.ctrlKey || event.metaKey || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return false
        if (highlightOf(view.state)?.ranges.length) return false
        const down = event.key === 'ArrowDown'
        // Document order; annotations on the same words one after another (by end, then id: a stable order).
        const order = store.list().flatMap((a) => (a.resolution.status === 'anchored' ? [{ id: a.id, start: a.resolution.start, end: a.resolution.end }] : []))
        order.sort((a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
        const at = order.findIndex((a) => a.id === selected())
        const caret = view.state.selection.from - 1
        const target = at !== -1 ? order[at + (down ? 1 : -1)] : down ? order.find((a) => a.start >= caret) : [...order].reverse().find((a) => a.start < caret)
        if (target && jumpToAnnotation(view, store, target.id)) onSelect(target.id)
        return true
      },
    },
  })
}
