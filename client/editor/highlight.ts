import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import type { TextOffset } from '../../core/text/projection'
import { scrollMarkIntoView } from './scrollMarkIntoView'
import { LARGE_DOCUMENT_SIZE } from './annotationPlugin'
import { watchVisibleWindow, windowFor, type DecorationWindow } from './visibleWindow'

/**
 * Highlights for the analysis panels: the occurrences of the selected duplicate
 * cluster, or the selected check finding. One set at a time, owned by a named
 * `source` ("duplicates", "checks"), so one panel never clears the other's.
 * The current range (the one jumped to) is drawn stronger (`hl-current`), and
 * Alt+ArrowDown / Alt+ArrowUp in the text jump to the next / previous range.
 *
 * Ranges are given as projection offsets and kept as ProseMirror positions
 * (offset + 1, core/text/projection.ts), mapped through every later transaction
 * (local or remote edits), so they stay on their words until the panel replaces them.
 *
 * In a large document only the ranges around the viewport (and the current one)
 * are drawn and mapped as decorations; the others are kept as positions only. A
 * large highlight set drawn everywhere made typing 11-14× slower than bare
 * ProseMirror (issue #20).
 */

export interface HighlightRange {
  start: TextOffset
  end: TextOffset
}

export interface HighlightState {
  source: string | null
  /** ProseMirror positions [from, to). */
  ranges: Array<{ from: number; to: number }>
  current: number
  decorations: DecorationSet
  /** Where ranges are drawn (see DecorationWindow); null: everywhere. */
  window: DecorationWindow
}

type Meta = { set: { source: string; ranges: HighlightRange[]; current: number } } | { current: number } | { clear: string | null } | { window: DecorationWindow }

export const highlightKey = new PluginKey<HighlightState>('variorum-highlight')

/** Fired on the editor's DOM node when the highlighted set or its current range changes. */
export const HIGHLIGHT_EVENT = 'variorum-highlight'
export interface HighlightEventDetail {
  source: string | null
  current: number
  count: number
}

const EMPTY: HighlightState = { source: null, ranges: [], current: 0, decorations: DecorationSet.empty, window: null }

function build(state: EditorState, source: string | null, ranges: Array<{ from: number; to: number }>, current: number, given: DecorationWindow): HighlightState {
  const window = windowFor(given, state.doc.content.size, LARGE_DOCUMENT_SIZE)
  const shown = (range: { from: number; to: number }, index: number) => index === current || !window || (range.to >= window.from && range.from <= window.to)
  const decorations = ranges.flatMap((range, index) => (range.from < range.to && shown(range, index)
    ? [Decoration.inline(range.from, range.to, {
        class: index === current ? 'hl hl-current' : 'hl',
        'data-highlight-index': String(index),
        'data-highlight-source': source ?? '',
      })]
    : []))
  return { source, ranges, current, window, decorations: DecorationSet.create(state.doc, decorations) }
}

/** Projection offsets → positions, clamped into the document so a stale range never throws. */
function toPositions(state: EditorState, ranges: readonly HighlightRange[]): Array<{ from: number; to: number }> {
  const max = state.doc.content.size - 1
  return ranges.map(({ start, end }) => ({ from: Math.max(1, Math.min(start + 1, max)), to: Math.max(1, Math.min(end + 1, max)) }))
}

function apply(tr: Transaction, value: HighlightState, state: EditorState): HighlightState {
  const meta = tr.getMeta(highlightKey) as Meta | undefined
  if (meta && 'set' in meta) {
    const ranges = toPositions(state, meta.set.ranges)
    return build(state, meta.set.source, ranges, Math.max(0, Math.min(meta.set.current, ranges.length - 1)), value.window)
  }
  if (meta && 'clear' in meta) return meta.clear === null || meta.clear === value.source ? { ...EMPTY, window: value.window } : value
  if (meta && 'current' in meta) return build(state, value.source, value.ranges, meta.current, value.window)
  if (meta && 'window' in meta) return build(state, value.source, value.ranges, value.current, meta.window)
  if (!tr.docChanged) return value
  const window = value.window && { from: tr.mapping.map(value.window.from, -1), to: tr.mapping.map(value.window.to, 1) }
  if (!value.ranges.length) return { ...value, window }
  const ranges = value.ranges.map(({ from, to }) => ({ from: tr.mapping.map(from, 1), to: tr.mapping.map(to, -1) }))
  return { ...value, ranges, window, decorations: value.decorations.map(tr.mapping, tr.doc) }
}

/** The plugin; add it to the editor state's plugins (createEditorState's extras). */
export function highlightPlugin(): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: highlightKey,
    state: {
      init: () => EMPTY,
      apply: (tr, value, _old, state) => apply(tr, value, state),
    },
    props: {
      decorations: (state) => highlightKey.getState(state)?.decorations,
      handleKeyDown(view, event) {
        if (!event.altKey || event.ctrlKey || event.metaKey || (event.key !== 'ArrowDown' && event.key !== 'ArrowUp')) return false
        const value = highlightKey.getState(view.state)
        if (!value?.ranges.length) return false
        stepHighlight(view, event.key === 'ArrowDown' ? 1 : -1)
        return true
      },
    },
    view: (editorView) => {
      let last: HighlightState = EMPTY
      const stopWatching = watchVisibleWindow(editorView, LARGE_DOCUMENT_SIZE,
        () => highlightKey.getState(editorView.state)?.window ?? null,
        (window) => editorView.dispatch(editorView.state.tr.setMeta(highlightKey, { window } satisfies Meta)))
      return {
        destroy: stopWatching,
        update(view, previous) {
          // The document arrived (or grew) past the size that draws only a window: measure it.
          if (previous.doc.content.size <= LARGE_DOCUMENT_SIZE && view.state.doc.content.size > LARGE_DOCUMENT_SIZE) stopWatching.refresh()
          const value = highlightKey.getState(view.state) ?? EMPTY
          if (value.source === last.source && value.current === last.current && value.ranges.length === last.ranges.length) {
            last = value
            return
          }
          last = value
          const detail: HighlightEventDetail = { source: value.source, current: value.current, count: value.ranges.length }
          view.dom.dispatchEvent(new CustomEvent(HIGHLIGHT_EVENT, { detail }))
        },
      }
    },
  })
}

/** The highlight plugin's state, or null when the editor has no highlight plugin. */
export function highlightOf(state: EditorState): HighlightState | null {
  return highlightKey.getState(state) ?? null
}

/** Highlights `ranges` for `source`, replacing whatever was highlighted; `current` is the one drawn stronger. */
export function setHighlights(view: EditorView, source: string, ranges: readonly HighlightRange[], current = 0): void {
  view.dispatch(view.state.tr.setMeta(highlightKey, { set: { source, ranges: [...ranges], current } } satisfies Meta))
}

/** Removes the highlights when `source` owns them (null: whoever does). */
export function clearHighlights(view: EditorView, source: string | null): void {
  const value = highlightOf(view.state)
  if (!value || !value.ranges.length || (source !== null && value.source !== source)) return
  view.dispatch(view.state.tr.setMeta(highlightKey, { clear: source } satisfies Meta))
}

/**
 * Makes range `index` current, selects it and scrolls it to the middle of the
 * pane. `focus`: also move the keyboard focus into the text (a panel button may
 * prefer to keep it). False when there is no such range.
 */
export function goToHighlight(view: EditorView, index: number, focus = false): boolean {
  const value = highlightOf(view.state)
  const range = value?.ranges[index]
  if (!value || !range) return false
  const max = view.state.doc.content.size - 1
  const from = Math.min(range.from, max)
  const to = Math.min(Math.max(range.to, from), max)
  const tr = view.state.tr.setMeta(highlightKey, { current: index } satisfies Meta)
  tr.setSelection(TextSelection.create(tr.doc, from, to))
  view.dispatch(tr)
  if (focus) view.focus()
  scrollMarkIntoView(view, '.hl-current', from)
  return true
}

/** Moves the current range by `step` (wrapping around). */
export function stepHighlight(view: EditorView, step: number, focus = true): boolean {
  const value = highlightOf(view.state)
  if (!value?.ranges.length) return false
  const count = value.ranges.length
  return goToHighlight(view, (((value.current + step) % count) + count) % count, focus)
}
