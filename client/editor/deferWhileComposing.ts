import { Plugin, type PluginView } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'

/**
 * How long after `compositionend` to wait before catching up on deferred work:
 * ProseMirror finishes a composition up to 20 ms after the event (its
 * scheduleComposeEnd), so 50 ms leaves it time to read the committed text.
 * Worked example: an IME commits 中文 at t = 0; ProseMirror applies it at
 * t ≤ 20 ms; at t = 50 ms the deferred update sends 中文 once.
 */
export const COMPOSITION_SETTLE_MS = 50

/**
 * The same plugin, except that its view's `update` does not run while an input
 * method composition is in progress (`view.composing`); it runs once when the
 * composition ends. Wrapping y-prosemirror's cursor plugin this way keeps it
 * from publishing positions inside half-typed pinyin that the Y.Doc does not
 * hold (the sync plugin has its own, stricter wrapper: composingSyncPlugin).
 * The cursor plugin publishes the current selection on each update, so
 * skipping updates loses nothing.
 */
export function deferWhileComposing(plugin: Plugin): Plugin {
  const makeView = plugin.spec.view
  if (!makeView) return plugin
  return new Plugin({
    ...plugin.spec,
    view(view: EditorView): PluginView {
      const inner = makeView(view)
      let pending = false
      let timer: ReturnType<typeof setTimeout> | undefined
      const run = (): void => {
        if (view.isDestroyed || view.composing || !pending) return
        pending = false
        inner.update?.(view, view.state)
      }
      const onCompositionEnd = (): void => {
        clearTimeout(timer)
        timer = setTimeout(run, COMPOSITION_SETTLE_MS)
      }
      view.dom.addEventListener('compositionend', onCompositionEnd)
      return {
        update(updated, previous) {
          if (updated.composing) {
            pending = true
            return
          }
          pending = false
          inner.update?.(updated, previous)
        },
        destroy() {
          clearTimeout(timer)
          view.dom.removeEventListener('compositionend', onCompositionEnd)
          inner.destroy?.()
        },
      }
    },
  })
}
