import type { Transaction } from 'prosemirror-state'
import type { EditorView } from 'prosemirror-view'
import * as Y from 'yjs'
import { ySyncPluginKey } from 'y-prosemirror'
import { paragraphAtTop } from './paragraphAtTop'
import { holdWhileSettling, type SettlingHold } from './holdWhileSettling'

/**
 * Keeps what the reader reads in place while another user adds or removes
 * text above it (issue #21 p2: others work anywhere in the text). The
 * browser's scroll anchoring does not cover it: measured in Chromium with a
 * reader in the middle of a document, three paragraphs removed above moved the
 * text 183 px up when the change was applied; on a long document's bounded
 * surface the paragraphs added above are placeholders of estimated height.
 *
 * How: on a remote change the paragraph at the top of the pane (as a Yjs
 * relative position: y-prosemirror's re-render can reuse that paragraph's DOM
 * element for another paragraph's text) and its place on screen are taken, and
 * for a short while (frames in which layout catches
 * up: fonts, flags drawn from new findings, estimated heights made real) the
 * pane is scrolled by as much as that paragraph moved. Further remote changes
 * meanwhile extend the hold and keep its target. Any scrolling, typing or
 * clicking by the reader ends it: the page is theirs to move.
 *
 * Only remote changes: the user's own edits are where the caret is, and
 * ProseMirror scrolls to that.
 */
export function isRemoteChange(transaction: Transaction): boolean {
  return transaction.docChanged && (transaction.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined)?.isChangeOrigin === true
}

/** How long after the last remote change the place is held. */
const HOLD_MS = 500

interface Hold {
  view: EditorView
  ydoc: Y.Doc
  /** The paragraph held, in the shared fragment. */
  paragraph: Y.RelativePosition
  /** Where its top should stay, in viewport pixels. */
  top: number
  /** The frame loop, once the first change was applied. */
  settling: SettlingHold | null
}

const holds = new WeakMap<HTMLElement, Hold>()

/**
 * To be called just before a remote change is applied to `view` (shown in
 * `scroller`, bound to `fragment`); returns what to call right after it, or
 * null when the pane shows the document's start (new text above the first line
 * pushes it down, as text being written does).
 */
export function holdTopParagraph(view: EditorView, scroller: HTMLElement, fragment: Y.XmlFragment): (() => void) | null {
  const active = holds.get(scroller)
  if (active && active.view === view && !active.settling?.released) {
    active.settling?.extend(HOLD_MS)
    return () => adjust(scroller, active)
  }
  if (scroller.scrollTop <= 0) return null
  const top = paragraphAtTop(view, scroller)
  if (!top || top.index >= fragment.length || !fragment.doc) return null
  const hold: Hold = {
    view,
    ydoc: fragment.doc,
    paragraph: Y.createRelativePositionFromTypeIndex(fragment, top.index),
    top: top.element.getBoundingClientRect().top,
    settling: null,
  }
  holds.set(scroller, hold)
  return () => {
    if (holds.get(scroller) !== hold) return
    if (adjust(scroller, hold)) hold.settling = holdWhileSettling(scroller, () => holds.get(scroller) === hold && adjust(scroller, hold), HOLD_MS)
    else holds.delete(scroller)
  }
}
/** Scrolls so the held paragraph is back at its place; false once it is gone or not drawn. */
function adjust(scroller: HTMLElement, hold: Hold): boolean {
  const { view } = hold
  if (view.isDestroyed) return false
  const absolute = Y.createAbsolutePositionFromRelativePosition(hold.paragraph, hold.ydoc)
  if (!absolute || absolute.index >= view.state.doc.childCount) return false
  const element = view.nodeDOM(view.state.doc.resolve(0).posAtIndex(absolute.index))
  if (!(element instanceof HTMLElement)) return false
  const moved = element.getBoundingClientRect().top - hold.top
  if (Math.abs(moved) >= 0.5) scroller.scrollTop += moved
  return true
}
