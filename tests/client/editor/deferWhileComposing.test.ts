import { afterEach, describe, expect, it, vi } from 'vitest'
import { Plugin } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import { COMPOSITION_SETTLE_MS, deferWhileComposing } from '../../../client/editor/deferWhileComposing'

/** Just what the wrapper reads of a view: the composing flag and the DOM node. */
function fakeView(): EditorView & { composing: boolean } {
  return { composing: false, isDestroyed: false, dom: new EventTarget(), state: {} } as unknown as EditorView & { composing: boolean }
}

function wrapped(): { view: EditorView & { composing: boolean }; update: ReturnType<typeof vi.fn>; destroy: ReturnType<typeof vi.fn>; pluginView: ReturnType<NonNullable<Plugin['spec']['view']>> } {
  const update = vi.fn()
  const destroy = vi.fn()
  const plugin = deferWhileComposing(new Plugin({ view: () => ({ update, destroy }) }))
  const view = fakeView()
  const pluginView = plugin.spec.view!(view)
  return { view, update, destroy, pluginView }
}

afterEach(() => vi.useRealTimers())

describe('deferWhileComposing', () => {
  it('passes updates through when no composition is running', () => {
    const { view, update, pluginView } = wrapped()
    pluginView.update!(view, view.state)
    expect(update).toHaveBeenCalledTimes(1)
  })

  it('holds updates during a composition and runs one after it settles', () => {
    vi.useFakeTimers()
    const { view, update, pluginView } = wrapped()
    view.composing = true
    pluginView.update!(view, view.state)
    pluginView.update!(view, view.state)
    expect(update).not.toHaveBeenCalled()
    view.composing = false
    view.dom.dispatchEvent(new Event('compositionend'))
    vi.advanceTimersByTime(COMPOSITION_SETTLE_MS - 1)
    expect(update).not.toHaveBeenCalled()
    vi.advanceTimersByTime(1)
    expect(update).toHaveBeenCalledTimes(1)
  })

  it('does not run twice when the editor already updated after the composition', () => {
    vi.useFakeTimers()
    const { view, update, pluginView } = wrapped()
    view.composing = true
    pluginView.update!(view, view.state)
    view.composing = false
    view.dom.dispatchEvent(new Event('compositionend'))
    pluginView.update!(view, view.state)
    vi.advanceTimersByTime(COMPOSITION_SETTLE_MS)
    expect(update).toHaveBeenCalledTimes(1)
  })

  it('stays silent when a new composition starts before the old one settled', () => {
    vi.useFakeTimers()
    const { view, update, pluginView } = wrapped()
    view.composing = true
    pluginView.update!(view, view.state)
    view.dom.dispatchEvent(new Event('compositionend'))
    vi.advanceTimersByTime(COMPOSITION_SETTLE_MS)
    expect(update).not.toHaveBeenCalled()
  })

  it('stops listening and destroys the inner view with it', () => {
    vi.useFakeTimers()
    const { view, update, destroy, pluginView } = wrapped()
    view.composing = true
    pluginView.update!(view, view.state)
    view.composing = false
    pluginView.destroy!()
    view.dom.dispatchEvent(new Event('compositionend'))
    vi.advanceTimersByTime(COMPOSITION_SETTLE_MS)
    expect(destroy).toHaveBeenCalledTimes(1)
    expect(update).not.toHaveBeenCalled()
  })
})
