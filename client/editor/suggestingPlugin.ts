import { Plugin, PluginKey, TextSelection, type EditorState } from 'prosemirror-state'
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view'
import type * as Y from 'yjs'
import { ySyncPluginKey } from 'y-prosemirror'
import { ANNOTATION_REFRESH_ORIGIN, annotationsMap, FragmentText, fragmentOf, markInsertion, openChanges, storedField, suggestDeletion, suggestInsertion, type ChangeAuthor } from '../../doc'
import { offsetOfPosition, positionOfOffset } from './positions'
import { asEditorChange } from './trackedChangeCommands'

/** What the suggesting-mode plugin needs from the app: the document, whether the mode is on, who types. */
export interface SuggestingOptions {
  ydoc: Y.Doc
  /** Read on every key: the toggle lives in a store. */
  isOn: () => boolean
  author: () => ChangeAuthor
  /** Turns the mode on or off: Ctrl+Alt+Shift+X in the text (⌘+⌥+⇧+X on a Mac), Google Docs' key for suggesting. */
  toggle?: () => void
}

/** How long composed text may take to reach the Y.Doc before it is left unmarked (composingSyncPlugin commits well within it). */
const COMPOSITION_WAIT_MS = 3000

export const suggestingPluginKey = new PluginKey<DecorationSet>('suggesting')

/**
 * Suggesting mode (#18): while `isOn()`, typing, Backspace/Delete, paste and cut
 * write tracked changes into the shared document (doc/suggestions) instead of
 * editing the text (text from an input method is marked once composed); Enter and drop do nothing (paragraph breaks and moves are not
 * tracked). Each change is one undoable step (asEditorChange). Open changes are
 * drawn whatever the mode, for everyone: insertions underlined, deletions struck
 * through, in their author's colour (`--change-color`), named in a title.
 */
export function suggestingPlugin(options: SuggestingOptions): Plugin {
  const { ydoc } = options

  /** Proposes replacing [from, to) (positions) with `text`, leaving the caret after the new text. */
  function propose(view: EditorView, from: number, to: number, text: string): boolean {
    const doc = view.state.doc
    const start = offsetOfPosition(doc, from)
    const end = offsetOfPosition(doc, to)
    const clean = text.replace(/\r?\n+/g, ' ')
    let caret = start
    asEditorChange(view, ydoc, (origin) => ydoc.transact(() => {
      // A replacement: the old text marked, the new text after it (as Google Docs does).
      if (start < end) {
        const outcome = suggestDeletion(ydoc, start, end, options.author(), origin)
        caret = outcome.status === 'removed' ? start : end
      }
      if (clean) {
        suggestInsertion(ydoc, caret, clean, options.author(), origin)
        caret += clean.length
      }
    }, origin))
    placeCaret(view, caret)
    return true
  }

  /** Proposes deleting one character before (-1) or after (+1) the caret, or the selection. */
  function proposeDeletion(view: EditorView, direction: -1 | 1): boolean {
    const { from, to, empty } = view.state.selection
    const doc = view.state.doc
    let start = offsetOfPosition(doc, from)
    let end = offsetOfPosition(doc, to)
    if (empty) {
      const text = new FragmentText(fragmentOf(ydoc)).projection
      if (direction < 0) start = Math.max(0, start - codeUnitsBefore(text, start))
      else end = Math.min(text.length, end + codeUnitsAfter(text, end))
    }
    if (start === end) return true
    const outcome = asEditorChange(view, ydoc, (origin) => suggestDeletion(ydoc, start, end, options.author(), origin))
    // After marking, the caret moves past the marked text in the direction of travel.
    placeCaret(view, outcome.status === 'removed' || direction < 0 ? start : end)
    return true
  }

  /**
   * Text an input method composes goes into the text as ProseMirror reads it from
   * the page (composingSyncPlugin holds it back from Yjs until the composition
   * ends); once the Y.Doc holds it, it is marked as a proposed insertion. Waits for
   * that at most COMPOSITION_WAIT_MS.
   */
  let compositionStart: number | null = null
  /** From compositionstart until the composed text is marked: ProseMirror's reading of the page is left alone. */
  let composing = false
  function markComposed(view: EditorView, start: number, composed: string): void {
    const fragment = fragmentOf(ydoc)
    let done = false
    const attempt = () => {
      if (done || view.isDestroyed) return
      const projection = new FragmentText(fragment).projection
      if (projection.slice(start, start + composed.length) !== composed) return
      done = true
      composing = false
      ydoc.off('afterTransaction', onTransaction)
      asEditorChange(view, ydoc, (origin) => markInsertion(ydoc, start, start + composed.length, options.author(), origin))
    }
    const onTransaction = () => queueMicrotask(attempt)
    ydoc.on('afterTransaction', onTransaction)
    setTimeout(() => {
      if (!done) composing = false
      done = true
      ydoc.off('afterTransaction', onTransaction)
    }, COMPOSITION_WAIT_MS)
    attempt()
  }

  return new Plugin<DecorationSet>({
    key: suggestingPluginKey,
    state: {
      init: (_, state) => changeDecorations(ydoc, state),
      // The marks are read from the Y.Doc, which holds this editor's own typing only
      // after the sync plugin has written it: until then they are mapped.
      apply: (tr, previous, _old, state) =>
        tr.getMeta(suggestingPluginKey) || tr.getMeta(ySyncPluginKey) ? changeDecorations(ydoc, state)
          : tr.docChanged ? previous.map(tr.mapping, tr.doc) : previous,
    },
    view(view) {
      // Marks change without the text changing (a new deletion, an acceptance elsewhere): redraw then.
      const redraw = () => { if (!view.isDestroyed) view.dispatch(view.state.tr.setMeta(suggestingPluginKey, true)) }
      const annotations = annotationsMap(ydoc)
      // Not after this client's own selector refresh: it rewrites stored quotes and positions
      // (nothing drawn here moves), in chunks after each pause in typing, and each redraw
      // walks every annotation (~30 ms with 5,000: long tasks between keystrokes, issue #20).
      const observer = (_events: unknown, transaction: Y.Transaction) => {
        if (transaction.origin !== ANNOTATION_REFRESH_ORIGIN) queueMicrotask(redraw)
      }
      annotations.observeDeep(observer)
      return { destroy: () => annotations.unobserveDeep(observer) }
    },
    props: {
      decorations: (state) => suggestingPluginKey.getState(state),
      handleTextInput(view, from, to, text) {
        if (!options.isOn() || view.composing || composing) return false
        return propose(view, from, to, text)
      },
      handleKeyDown(view, event) {
        if (options.toggle && event.code === 'KeyX' && event.altKey && event.shiftKey && (event.ctrlKey || event.metaKey)) {
          options.toggle()
          return true
        }
        if (!options.isOn() || event.isComposing) return false
        if (event.key === 'Backspace') return proposeDeletion(view, -1)
        if (event.key === 'Delete') return proposeDeletion(view, 1)
        if (event.key === 'Enter') return true
        return false
      },
      handlePaste(view, _event, slice) {
        if (!options.isOn()) return false
        const text = slice.content.textBetween(0, slice.content.size, ' ')
        const { from, to } = view.state.selection
        return propose(view, from, to, text)
      },
      handleDrop: () => options.isOn(),
      handleDOMEvents: {
        compositionstart(view) {
          compositionStart = options.isOn() ? offsetOfPosition(view.state.doc, view.state.selection.from) : null
          composing = compositionStart !== null
          return false
        },
        compositionend(view, event) {
          const start = compositionStart
          compositionStart = null
          if (start !== null && event.data && !/[\r\n]/.test(event.data)) markComposed(view, start, event.data)
          else composing = false
          return false
        },
        cut(view, event) {
          if (!options.isOn()) return false
          const { from, to, empty } = view.state.selection
          if (empty) return true
          event.clipboardData?.setData('text/plain', view.state.doc.textBetween(from, to, '\n\n'))
          event.preventDefault()
          proposeDeletion(view, 1)
          return true
        },
      },
    },
  })
}

function placeCaret(view: EditorView, offset: number): void {
  const doc = view.state.doc
  const position = positionOfOffset(doc, Math.min(offset, doc.content.size - 2))
  view.dispatch(view.state.tr.setSelection(TextSelection.create(doc, position)).scrollIntoView())
}

/** Code units of the character (or paragraph break) before `offset`: 2 for a surrogate pair or "\n\n". */
function codeUnitsBefore(text: string, offset: number): number {
  if (offset >= 2 && (text.slice(offset - 2, offset) === '\n\n' || /[\ud800-\udbff][\udc00-\udfff]/.test(text.slice(offset - 2, offset)))) return 2
  return 1
}

function codeUnitsAfter(text: string, offset: number): number {
  if (text.slice(offset, offset + 2) === '\n\n' || /[\ud800-\udbff][\udc00-\udfff]/.test(text.slice(offset, offset + 2))) return 2
  return 1
}

/** One inline decoration per open tracked change, by kind and author colour. */
function changeDecorations(ydoc: Y.Doc, state: EditorState): DecorationSet {
  const size = state.doc.content.size
  const entries = annotationsMap(ydoc)
  const decorations = openChanges(ydoc).flatMap((change) => {
    const from = change.start + 1
    const to = change.end + 1
    if (to > size || from >= to) return []
    const entry = entries.get(change.id)
    const color = entry ? storedField(entry, 'color') : undefined
    const kind = change.change === 'insert' ? 'insertion' : 'deletion'
    return [Decoration.inline(from, to, {
      class: `suggested-${change.change}`,
      style: typeof color === 'string' ? `--change-color: ${color}` : '',
      title: `Suggested ${kind} by ${change.author}`,
      'data-change-id': change.id,
      'data-change-author': change.author,
    })]
  })
  return DecorationSet.create(state.doc, decorations)
}
