import { Plugin, TextSelection, type PluginView } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import * as Y from 'yjs'
import { ySyncPlugin, ySyncPluginKey, relativePositionToAbsolutePosition, type ProsemirrorBinding } from 'y-prosemirror'
import { windowedWrites } from './windowedSync'

/**
 * How long after `compositionend` to commit if ProseMirror dispatches nothing
 * (a cancelled composition). ProseMirror reads the committed text at most ~20 ms
 * after the event; 200 ms leaves room on a loaded machine. Worked example: an
 * IME commits 中文 at t = 0, ProseMirror applies it at t ≈ 5 ms and the commit
 * runs right after that transaction; the timer only matters when nothing came.
 */
export const COMPOSITION_COMMIT_FALLBACK_MS = 200

/** The paragraph a composition started in, as it was in the Y.Doc then. */
interface Hold {
  index: number
  text: string
  ytext: Y.XmlText
  /** Where the caret was, anchored in the Y.XmlText so remote edits move it along. */
  caret: Y.RelativePosition
  caretOffset: number
  start: import('prosemirror-model').Node
}

type Observer = (events: Y.YEvent<Y.XmlFragment>[], transaction: Y.Transaction) => void

/** The binding's internals this plugin reroutes (y-prosemirror 1.3). */
type Binding = Omit<ProsemirrorBinding, '_observeFunction'> & {
  _observeFunction: Observer
  _forceRerender: () => void
  beforeAllTransactions: () => void
  _prosemirrorChanged: (doc: import('prosemirror-model').Node) => void
}

/**
 * y-prosemirror's sync plugin, made safe for input methods (pinyin, kana, …).
 *
 * ProseMirror keeps an IME's half-typed text (e.g. "zhong") in its state while
 * composing. Stock y-prosemirror would send it to everyone, and a remote edit
 * arriving meanwhile re-renders the whole document, which wipes the composition
 * and drops the committed 中文 at a wrong place. Here, from `compositionstart`
 * until the composed text is in the editor:
 *  - nothing is written to the Y.Doc (others never see the pinyin);
 *  - remote changes are applied to the Y.Doc but not rendered yet;
 * then the paragraph's net change (its text at composition start → now) is
 * written into its Y.XmlText at the caret's anchored position, as one Yjs
 * transaction with the sync plugin's origin (so it is one undo step of its
 * author), and the editor is re-rendered from the Y.Doc with the remote changes
 * and the caret after the composed text.
 * A composition that also changed other paragraphs, or began where the editor
 * and the Y.Doc disagreed, falls back to y-prosemirror's own diff (sending the
 * editor's state) when no remote change is waiting, or to the Y.Doc's state
 * (dropping the composed text) when one is: a rare case, chosen over ever
 * reverting another user's edit.
 */
export function composingSyncPlugin(fragment: Y.XmlFragment): Plugin {
  const inner = ySyncPlugin(fragment)
  const makeView = inner.spec.view!
  return new Plugin({
    ...inner.spec,
    view(view: EditorView): PluginView {
      const innerView = makeView(view)
      const binding = ySyncPluginKey.getState(view.state).binding as unknown as Binding
      const ydoc = fragment.doc!
      let hold: Hold | null = null
      let remoteWaiting = false
      let commitQueued = false
      let timer: ReturnType<typeof setTimeout> | undefined

      // The editor's own typing is written paragraph by paragraph (windowedSync.ts).
      const windowed = windowedWrites(binding as never, fragment)
      const rerender = binding._forceRerender.bind(binding)
      binding._forceRerender = () => {
        windowed.invalidate()
        rerender()
      }
      // Route remote changes through a gate that holds them during a composition.
      const render = binding._observeFunction
      const gate: Observer = (events, transaction) => {
        windowed.observed(transaction)
        if (hold) {
          remoteWaiting = true
          return
        }
        render(events, transaction)
      }
      fragment.unobserveDeep(render)
      binding._observeFunction = gate
      fragment.observeDeep(gate)
      skipOwnSelectionSnapshots(binding, ydoc)

      const onCompositionStart = (): void => {
        clearTimeout(timer)
        if (hold) return // a composition right after another: one commit covers both
        hold = holdParagraph(view, fragment)
      }
      const onCompositionEnd = (): void => {
        clearTimeout(timer)
        timer = setTimeout(commit, COMPOSITION_COMMIT_FALLBACK_MS)
      }

      function commit(): void {
        commitQueued = false
        if (!hold || view.isDestroyed || view.composing) return
        const held = hold
        const doc = view.state.doc
        const sameElsewhere =
          doc.childCount === held.start.childCount &&
          Array.from({ length: doc.childCount }, (_, i) => i).every((i) => i === held.index || doc.child(i).eq(held.start.child(i)))
        const caretInParagraph = view.state.selection.empty && view.state.selection.$head.depth === 1 && view.state.selection.$head.index(0) === held.index
        if (sameElsewhere) {
          const now = doc.child(held.index).textContent
          const { prefix, removed, inserted } = textChange(held.text, now)
          const caret = Y.createAbsolutePositionFromRelativePosition(held.caret, ydoc)
          if (caret && caret.type === held.ytext) {
            const at = Math.min(Math.max(caret.index + prefix - held.caretOffset, 0), held.ytext.length)
            ydoc.transact(() => {
              if (removed > 0) held.ytext.delete(at, Math.min(removed, held.ytext.length - at))
              if (inserted) held.ytext.insert(at, inserted)
            }, ySyncPluginKey)
            const caretAfter = caretInParagraph ? at + (view.state.selection.$head.parentOffset - prefix) : null
            release(caretAfter === null ? null : Y.createRelativePositionFromTypeIndex(held.ytext, Math.min(Math.max(caretAfter, 0), held.ytext.length)))
            return
          }
        }
        if (remoteWaiting) {
          release(null)
        } else {
          hold = null
          innerView.update?.(view, view.state)
        }
      }

      /** Ends the hold: re-renders from the Y.Doc and puts the caret back. */
      function release(caret: Y.RelativePosition | null): void {
        hold = null
        remoteWaiting = false
        binding._forceRerender()
        if (!caret) return
        const position = relativePositionToAbsolutePosition(ydoc, fragment, caret, binding.mapping)
        if (position !== null && position <= view.state.doc.content.size) {
          view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, position)).setMeta('addToHistory', false))
        }
      }

      view.dom.addEventListener('compositionstart', onCompositionStart)
      view.dom.addEventListener('compositionend', onCompositionEnd)
      return {
        update(updated, previous) {
          if (updated.composing) return
          if (hold) {
            // The first change after the composition is the composed text:
            // commit once this transaction is done (not inside it). A
            // selection or meta-only transaction (doc unchanged) waits.
            if (updated.state.doc !== previous.doc && !commitQueued) {
              commitQueued = true
              queueMicrotask(commit)
            }
            return
          }
          innerView.update?.(updated, previous)
        },
        destroy() {
          clearTimeout(timer)
          view.dom.removeEventListener('compositionstart', onCompositionStart)
          view.dom.removeEventListener('compositionend', onCompositionEnd)
          innerView.destroy?.()
        },
      }
    },
  })
}

/**
 * y-prosemirror notes the editor's selection as Yjs relative positions before
 * every Yjs transaction, to put it back after a change is rendered into the
 * editor. The conversion walks the fragment from its start (O(paragraphs), a
 * map look-up each: ~8 ms a keystroke at 30,000 paragraphs, issue #21). For the
 * binding's own transactions (origin ySyncPluginKey: writing the editor's typing,
 * the composition commit) the note is never read, as they are not rendered back
 * (the composition commit re-renders by _forceRerender, which does not read it):
 * skipped then. The origin is that of the transaction just opened (Yjs sets
 * `doc._transaction` before it emits beforeAllTransactions); an earlier version
 * skipped only inside _prosemirrorChanged, which the sync plugin calls after it
 * has opened the transaction, so the walk still ran on every keystroke.
 * Every other transaction (remote updates, undo, accepting a suggestion,
 * restoring a version) still gets it.
 */
function skipOwnSelectionSnapshots(binding: Binding, ydoc: Y.Doc): void {
  const note = binding.beforeAllTransactions
  ydoc.off('beforeAllTransactions', note)
  binding.beforeAllTransactions = () => {
    const opened = (ydoc as Y.Doc & { _transaction: Y.Transaction | null })._transaction
    if (opened?.origin !== ySyncPluginKey) note()
  }
  ydoc.on('beforeAllTransactions', binding.beforeAllTransactions)
}

/**
 * The paragraph holding the caret when a composition starts, if the editor
 * and the Y.Doc agree on it (they do unless an earlier change is unsent).
 */
function holdParagraph(view: EditorView, fragment: Y.XmlFragment): Hold | null {
  const { $from } = view.state.selection
  if ($from.depth !== 1) return null
  const index = $from.index(0)
  const paragraph = view.state.doc.child(index)
  const element = fragment.get(index)
  if (!(element instanceof Y.XmlElement)) return null
  let ytext = element.get(0)
  if (!(ytext instanceof Y.XmlText)) {
    if (element.length !== 0 || paragraph.textContent !== '') return null
    // An empty paragraph has no Y.XmlText yet: give it one (no visible change).
    ytext = new Y.XmlText()
    fragment.doc!.transact(() => element.insert(0, [ytext as Y.XmlText]), ySyncPluginKey)
  }
  const text = (ytext as Y.XmlText).toString()
  if (text !== paragraph.textContent) return null
  return {
    index,
    text,
    ytext: ytext as Y.XmlText,
    caret: Y.createRelativePositionFromTypeIndex(ytext as Y.XmlText, $from.parentOffset),
    caretOffset: $from.parentOffset,
    start: view.state.doc,
  }
}

/**
 * The one replacement turning `before` into `after`: common prefix length,
 * number of code units removed after it, text inserted there.
 * Worked example: "ab|cd" → "abzhongcd" gives prefix 2, removed 0, "zhong".
 */
export function textChange(before: string, after: string): { prefix: number; removed: number; inserted: string } {
  let prefix = 0
  const max = Math.min(before.length, after.length)
  while (prefix < max && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++
  let suffix = 0
  while (suffix < max - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++
  // Never split a surrogate pair.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--
  if (suffix > 0 && isLowSurrogate(before.charCodeAt(before.length - suffix))) suffix--
  return { prefix, removed: before.length - prefix - suffix, inserted: after.slice(prefix, after.length - suffix) }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}
