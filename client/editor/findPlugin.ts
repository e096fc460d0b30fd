import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import { yUndoPluginKey, ySyncPluginKey } from 'y-prosemirror'
import { findInText, replacementsFor, type FindQuery, type TextMatch } from '../../core/search'
import { insideSeparator } from '../../core/text/projection'
import { offsetOfPosition, positionOfOffset, projectionOf } from './positions'
import { replaceTransaction, type ProjectionEdit } from './replaceTransaction'
import { LARGE_DOCUMENT_SIZE } from './annotationPlugin'
import { visibleWindow, type DecorationWindow } from './visibleWindow'
import { scrollMarkIntoView } from './scrollMarkIntoView'

/**
 * Find and replace in the editor: the matches of the find bar's query as
 * decorations (`find-match`, the current one also `find-current`), stepping
 * through them, and replacing one or all as one undoable transaction.
 *
 * Matching is core/search's findInText over the document's projection; offsets
 * become positions through positions.ts. Between searches the matches are
 * mapped through local edits and searched again 150 ms after the last one;
 * remote edits and undo (which y-prosemirror applies by replacing the whole
 * document, mapping every range away) search again at once. Long documents
 * draw only the matches near the visible text (visibleWindow), plus the current.
 */

/** A match as ProseMirror positions [from, to). */
export interface FindRange {
  from: number
  to: number
}

export interface FindState {
  /** The query searched for; null while the find bar is closed. */
  query: FindQuery | null
  matches: readonly FindRange[]
  /** Index into `matches` of the current match; -1 when there is none. */
  current: number
  /**
   * Where the current match should be after the next search: the first match
   * starting at or after this position. Mapped through edits.
   */
  anchor: number
  /** The pattern's error (an invalid regular expression), or null. */
  error: string | null
  /** More matches exist than findInText returns (MAX_MATCHES). */
  truncated: boolean
  /** Local edits since the last search: the matches are mapped, a new search is due. */
  stale: boolean
  window: DecorationWindow
  decorations: DecorationSet
}

type Meta =
  | { query: FindQuery | null; window: DecorationWindow }
  | { current: number }
  | { refresh: true; anchor?: number }
  | { window: DecorationWindow }

export const findPluginKey = new PluginKey<FindState>('variorum-find')

/** Fired on the editor's DOM node when the count, the current match or the error changes. */
export const FIND_EVENT = 'variorum-find'
export interface FindEventDetail {
  open: boolean
  count: number
  /** 0-based; -1 when there is no current match. */
  current: number
  truncated: boolean
  error: string | null
}

/** Delay of the new search after a local edit; the mapped matches serve meanwhile. */
export const REFRESH_AFTER_EDIT_MS = 150

const CLOSED: FindState = { query: null, matches: [], current: -1, anchor: 0, error: null, truncated: false, stale: false, window: null, decorations: DecorationSet.empty }

/**
 * The matches of `query` in `doc`'s projection, as text matches. Matches that
 * start or end between the two characters of a paragraph separator are
 * dropped: no edit can cut a paragraph boundary in half.
 */
function matchesIn(doc: EditorState['doc'], query: FindQuery): { projection: string; matches: TextMatch[]; truncated: boolean } | { error: string } {
  const projection = projectionOf(doc)
  const result = findInText(projection, query)
  if (result.status === 'invalid-pattern') return { error: result.message }
  const matches = result.matches.filter((m) => !insideSeparator(projection, m.start) && !insideSeparator(projection, m.end))
  return { projection, matches, truncated: result.truncated }
}

/**
 * Index of the first of the (sorted) matches for which `isPast` holds, where
 * `isPast` is false up to some index and true from there on; `matches.length`
 * when it holds for none. Binary search.
 */
function firstWhere(matches: readonly FindRange[], isPast: (range: FindRange) => boolean): number {
  let lo = 0
  let hi = matches.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (isPast(matches[mid])) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** The first match starting at or after `anchor`, wrapping to the first; -1 for none. */
function indexAtOrAfter(matches: readonly FindRange[], anchor: number): number {
  if (!matches.length) return -1
  const index = firstWhere(matches, (range) => range.from >= anchor)
  return index === matches.length ? 0 : index
}

function decorate(state: EditorState, matches: readonly FindRange[], current: number, window: DecorationWindow): DecorationSet {
  const decoration = (index: number): Decoration => Decoration.inline(matches[index].from, matches[index].to, {
    class: index === current ? 'find-match find-current' : 'find-match',
  })
  const decorations: Decoration[] = []
  if (!window) {
    for (let i = 0; i < matches.length; i++) decorations.push(decoration(i))
  } else {
    for (let i = firstWhere(matches, (range) => range.to > window.from); i < matches.length && matches[i].from < window.to; i++) {
      if (i !== current) decorations.push(decoration(i))
    }
    if (current >= 0) decorations.push(decoration(current))
  }
  return DecorationSet.create(state.doc, decorations)
}

function withDecorations(state: EditorState, value: Omit<FindState, 'decorations'>): FindState {
  return { ...value, decorations: decorate(state, value.matches, value.current, value.window) }
}

/** Searches `state`'s document for `query`, making current the first match at or after `anchor`. */
function search(state: EditorState, query: FindQuery, anchor: number, window: DecorationWindow): FindState {
  const found = matchesIn(state.doc, query)
  if ('error' in found) return withDecorations(state, { ...CLOSED, query, anchor, window, error: found.error })
  const matches = found.matches.map((m) => ({ from: positionOfOffset(state.doc, m.start), to: positionOfOffset(state.doc, m.end) }))
  const current = indexAtOrAfter(matches, anchor)
  // From now on the anchor follows the current match, so edits elsewhere keep it current.
  const kept = current >= 0 ? matches[current].from : anchor
  return withDecorations(state, { query, matches, current, anchor: kept, error: null, truncated: found.truncated, stale: false, window })
}

function apply(tr: Transaction, value: FindState, state: EditorState): FindState {
  const meta = tr.getMeta(findPluginKey) as Meta | undefined
  if (meta && 'query' in meta) {
    return meta.query ? search(state, meta.query, state.selection.from, meta.window) : { ...CLOSED, window: meta.window }
  }
  if (!value.query) return meta && 'window' in meta ? { ...value, window: meta.window } : value
  const anchor = tr.docChanged ? tr.mapping.map(value.anchor) : value.anchor
  if (meta && 'refresh' in meta) return search(state, value.query, meta.anchor ?? anchor, value.window)
  if (tr.docChanged && (tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin) {
    return search(state, value.query, anchor, value.window)
  }
  if (meta && 'current' in meta) {
    const current = meta.current
    return withDecorations(state, { ...value, current, anchor: value.matches[current]?.from ?? anchor })
  }
  if (meta && 'window' in meta) return withDecorations(state, { ...value, window: meta.window })
  if (!tr.docChanged) return value
  // A local edit: keep the mapped matches that still cover text until the new search.
  const currentRange = value.matches[value.current]
  const mapped: FindRange[] = []
  let current = -1
  for (const range of value.matches) {
    const from = tr.mapping.map(range.from, 1)
    const to = tr.mapping.map(range.to, -1)
    if (from >= to) continue
    if (range === currentRange) current = mapped.length
    mapped.push({ from, to })
  }
  const window = value.window && { from: tr.mapping.map(value.window.from, -1), to: tr.mapping.map(value.window.to, 1) }
  return withDecorations(state, { ...value, matches: mapped, current, anchor, stale: true, window })
}

function detailOf(value: FindState): FindEventDetail {
  return { open: value.query !== null, count: value.matches.length, current: value.current, truncated: value.truncated, error: value.error }
}

/** The plugin; add it to the editor state's plugins (createEditorState's extras). */
export function findPlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findPluginKey,
    state: {
      init: () => CLOSED,
      apply: (tr, value, _old, state) => apply(tr, value, state),
    },
    props: {
      decorations: (state) => findPluginKey.getState(state)?.decorations,
    },
    view(editorView) {
      let last = detailOf(CLOSED)
      let refreshTimer: ReturnType<typeof setTimeout> | null = null
      let windowTimer: ReturnType<typeof setTimeout> | null = null
      const refresh = () => {
        refreshTimer = null
        if (!editorView.isDestroyed && findPluginKey.getState(editorView.state)?.stale) {
          editorView.dispatch(editorView.state.tr.setMeta(findPluginKey, { refresh: true } satisfies Meta))
        }
      }
      const updateWindow = () => {
        windowTimer = null
        if (editorView.isDestroyed) return
        const value = findPluginKey.getState(editorView.state)
        if (!value?.query) return
        const next = editorView.state.doc.content.size > LARGE_DOCUMENT_SIZE ? visibleWindow(editorView) : null
        if (next?.from === value.window?.from && next?.to === value.window?.to) return
        editorView.dispatch(editorView.state.tr.setMeta(findPluginKey, { window: next } satisfies Meta))
      }
      const onScroll = () => {
        if (!windowTimer) windowTimer = setTimeout(updateWindow, 80)
      }
      document.addEventListener('scroll', onScroll, { capture: true, passive: true })
      return {
        update(view) {
          const value = findPluginKey.getState(view.state) ?? CLOSED
          if (value.stale) {
            if (refreshTimer) clearTimeout(refreshTimer)
            refreshTimer = setTimeout(refresh, REFRESH_AFTER_EDIT_MS)
          }
          const detail = detailOf(value)
          if (detail.open === last.open && detail.count === last.count && detail.current === last.current && detail.truncated === last.truncated && detail.error === last.error) return
          last = detail
          view.dom.dispatchEvent(new CustomEvent(FIND_EVENT, { detail }))
        },
        destroy() {
          if (refreshTimer) clearTimeout(refreshTimer)
          if (windowTimer) clearTimeout(windowTimer)
          document.removeEventListener('scroll', onScroll, { capture: true })
        },
      }
    },
  })
}

/** The find plugin's state, or null when the editor has none. */
export function findStateOf(state: EditorState): FindState | null {
  return findPluginKey.getState(state) ?? null
}

/**
 * Searches for `query` (null: stop, removing the decorations). The current
 * match becomes the first at or after the selection.
 */
export function setFindQuery(view: EditorView, query: FindQuery | null): void {
  // The window is taken now, not after the first scroll: drawing thousands of
  // matches of a long document only to drop most of them 80 ms later is the
  // very cost windowing avoids.
  const window = view.state.doc.content.size > LARGE_DOCUMENT_SIZE ? visibleWindow(view) : null
  view.dispatch(view.state.tr.setMeta(findPluginKey, { query, window } satisfies Meta))
}

/**
 * Makes match `index` current, selects it and scrolls it into view, without
 * moving the keyboard focus (it stays in the find bar). False when there is no
 * such match.
 */
export function goToMatch(view: EditorView, index: number): boolean {
  const range = findStateOf(view.state)?.matches[index]
  if (!range) return false
  const tr = view.state.tr.setMeta(findPluginKey, { current: index } satisfies Meta)
  tr.setSelection(TextSelection.create(tr.doc, range.from, range.to))
  view.dispatch(tr)
  scrollMarkIntoView(view, '.find-current', range.from)
  return true
}

/**
 * Scrolls the current match into view without selecting it (the search as the
 * user types: the selection moves only when they step or leave the bar).
 */
export function revealCurrentMatch(view: EditorView): void {
  const value = findStateOf(view.state)
  const range = value?.matches[value.current]
  if (range) scrollMarkIntoView(view, '.find-current', range.from)
}

/** Moves the current match by `step` (wrapping around). False when there is no match. */
export function stepMatch(view: EditorView, step: number): boolean {
  const value = findStateOf(view.state)
  if (!value?.matches.length) return false
  const count = value.matches.length
  const from = value.current < 0 ? (step > 0 ? -1 : 0) : value.current
  return goToMatch(view, (((from + step) % count) + count) % count)
}

/** Selects the current match (if any) and gives the editor the keyboard focus. */
export function focusCurrentMatch(view: EditorView): void {
  const value = findStateOf(view.state)
  const range = value?.matches[value.current]
  if (range) view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, range.from, range.to)).scrollIntoView())
  view.focus()
}

/**
 * Dispatches `tr` as an undo step of its own: Yjs' UndoManager merges changes
 * less than 500 ms apart, so without the stops a replace-all right after some
 * typing would be undone together with it.
 */
function dispatchAsOneUndoStep(view: EditorView, tr: Transaction): void {
  const undoManager = yUndoPluginKey.getState(view.state)?.undoManager
  undoManager?.stopCapturing()
  view.dispatch(tr)
  undoManager?.stopCapturing()
}

/**
 * Replaces the current match by `template` ($1 … expanded for a regular
 * expression) as one undo step, then makes the next match current. The match
 * is searched afresh, so edits since the last search cannot misplace it.
 * False when there is no current match (or the pattern is invalid).
 */
/**
 * How replacements reach the text: by default one ProseMirror transaction (one undo
 * step); in suggesting mode the editor passes a function that proposes them as
 * tracked changes instead (client/editor/trackedChangeCommands.ts proposeEdits).
 */
export type ApplyEdits = (view: EditorView, edits: readonly ProjectionEdit[]) => void

export function replaceCurrent(view: EditorView, template: string, apply?: ApplyEdits): boolean {
  const value = findStateOf(view.state)
  const range = value?.matches[value.current]
  if (!value?.query || !range) return false
  const found = matchesIn(view.state.doc, value.query)
  if ('error' in found) return false
  const start = offsetOfPosition(view.state.doc, range.from)
  const match = found.matches.find((m) => m.start >= start)
  if (!match) return false
  const [replacement] = replacementsFor(found.projection, [match], template, value.query)
  if (apply) {
    apply(view, [replacement])
    return true
  }
  const tr = replaceTransaction(view.state, [replacement])
  const after = tr.mapping.map(positionOfOffset(view.state.doc, match.end), 1)
  tr.setMeta(findPluginKey, { refresh: true, anchor: after } satisfies Meta)
  dispatchAsOneUndoStep(view, tr)
  const next = findStateOf(view.state)
  if (next && next.current >= 0) goToMatch(view, next.current)
  return true
}

/**
 * Replaces every match by `template` in ONE transaction, so y-prosemirror sends
 * one Yjs transaction and one undo (Ctrl+Z, by this user) restores them all.
 * Returns how many were replaced (0 for an invalid pattern or no match).
 */
export function replaceAll(view: EditorView, template: string, apply?: ApplyEdits): number {
  const value = findStateOf(view.state)
  if (!value?.query) return 0
  const found = matchesIn(view.state.doc, value.query)
  if ('error' in found || !found.matches.length) return 0
  const edits = replacementsFor(found.projection, found.matches, template, value.query)
  if (apply) {
    apply(view, edits)
    return found.matches.length
  }
  const tr = replaceTransaction(view.state, edits)
  tr.setMeta(findPluginKey, { refresh: true } satisfies Meta)
  dispatchAsOneUndoStep(view, tr)
  return found.matches.length
}
