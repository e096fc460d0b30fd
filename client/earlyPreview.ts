import type { OpeningParagraphs } from '../doc'
import { notePaintedOpening, openingPreviewIsOff, peekOpening } from './api/openingPrefetch'
import { BOUNDED_SURFACE_MIN_PARAGRAPHS } from './editor/boundedSurfaceThreshold'
import type { Route } from './routing/routes'

/**
 * How long the entry waits for a document's opening before it loads the app anyway (ms). Waiting
 * costs nothing while the app's chunk is still downloading (it is preloaded beside the entry);
 * past that, the app's evaluation waits for the answer instead of overlapping it. The pane would
 * wait for the same answer before loading its document anyway (useOpeningPreview), so only a
 * server slow to answer makes this a cost, for at most this long. Example: loaded bench machine,
 * app chunk downloaded 0.11 s after the entry ran, opening answered 0.43 s after: the app starts
 * 0.32 s later, and the preview is painted ~3 s before the app would have painted it.
 */
export const EARLY_PREVIEW_WAIT_MS = 2000

/**
 * The entry paints at most one paragraph per this many pixels of the window's height: a
 * paragraph is at least a line of text and its margin (~50 px), so these fill the screen
 * and overflow it (the scrollbar is there, as it will be), and the first frame lays out a
 * screenful instead of the whole opening (200 paragraphs, 8,000 characters: 70 ms of style and
 * layout at load 15, a first use of the CJK fonts). The app's pane shows them all, below.
 * Example: a 900 px window gets 45 paragraphs.
 */
const PIXELS_PER_PARAGRAPH = 20

/**
 * How long it waits for a frame to begin before it goes on without one (ms): only for a window
 * that shows no frames yet says it is visible. A hidden tab runs none (rAF does not fire) and is
 * not waited for; once a frame has begun, its paint is waited for however long its style and
 * layout take. Example, loaded bench machine: the entry's preview took 370 ms of style and layout
 * (a first use of the CJK fonts); a 200 ms timer counted from the insertion fired right after that
 * frame, before its paint reached the screen, and the app's chunk then evaluated (570 ms) before
 * the preview was seen.
 */
const FRAME_TIMEOUT_MS = 1000

/**
 * Resolves once the browser has painted what was drawn: in the task after the next frame's
 * (rAF, then a task: the frame's style, layout and paint run in the rAF's task), at once in a
 * hidden tab, or after FRAME_TIMEOUT_MS if no frame has begun by then.
 */
export function painted(): Promise<void> {
  return new Promise((resolve) => {
    if (document.visibilityState === 'hidden') return resolve()
    let framed = false
    const done = () => {
      clearTimeout(timer)
      document.removeEventListener('visibilitychange', hidden)
      resolve()
    }
    const hidden = () => { if (document.visibilityState === 'hidden') done() }
    const timer = setTimeout(() => { if (!framed) done() }, FRAME_TIMEOUT_MS)
    document.addEventListener('visibilitychange', hidden)
    requestAnimationFrame(() => {
      framed = true
      setTimeout(done, 0)
    })
  })
}

/**
 * The first screen of a long document before the app's code has run (issue #21). The app's
 * chunk (startApp.ts: Vue, the screens, the editor, ~0.8 MB) holds the main thread for 0.5 s
 * on a quiet machine and seconds on a loaded one while it evaluates, and the opening asked for
 * as the page started (api/openingPrefetch.ts) could only be painted after that and the mount.
 * So the entry waits for that opening (at most EARLY_PREVIEW_WAIT_MS), and when the address shows
 * one long document in one pane, paints its paragraphs in the app's frame (the header bar, the
 * pane's header and page, the side column's room: client/appLayout.css, the same classes and
 * markup as App.vue, WorkspaceView.vue and EditorPane.vue) with the pane's preview markup, waits
 * for the paint, and only then lets the app load. The app's mount replaces this frame with its
 * own, whose pane shows the same opening from its first render (takePaintedOpening), so the
 * text stays where it is. Resolves when the app may load; never rejects.
 *
 * Nothing here can take focus (the header's controls are invisible places that keep the bars'
 * heights; they come with the app); the text is read only and `aria-busy`, with the same
 * "Loading the document…" status as the pane's. Short documents (under the bounded surface's
 * threshold), a split view, other screens and `variorum.openingPreview = 'off'` paint nothing.
 */
export async function paintEarlyPreview(route: Route): Promise<void> {
  if (route.name !== 'editor' || route.panes.length !== 1 || openingPreviewIsOff()) return
  const { documentId, offset } = route.panes[0]
  const asked = peekOpening(documentId, offset)
  const root = document.getElementById('app')
  if (!asked || !root || root.childElementCount > 0) return
  let timer: ReturnType<typeof setTimeout> | undefined
  let opening: OpeningParagraphs | null
  try {
    opening = await Promise.race([asked, new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), EARLY_PREVIEW_WAIT_MS)))])
  } catch {
    return // refused or offline: the pane handles it as before
  } finally {
    clearTimeout(timer)
  }
  if (!opening || opening.total < BOUNDED_SURFACE_MIN_PARAGRAPHS || opening.paragraphs.length === 0) return
  root.append(earlyFrame(documentId, opening))
  notePaintedOpening(documentId, offset, opening)
  performance.mark('variorum:early-preview')
  await painted()
}

/** The app's frame around one editor pane showing `opening`, as App.vue, WorkspaceView.vue and EditorPane.vue lay it out. */
function earlyFrame(documentId: string, opening: OpeningParagraphs): HTMLElement {
  // The pane's title is the document's id until the document list has loaded (EditorPane.vue).
  const title = documentId
  const preview = element('div', { class: 'document-text opening-preview', 'data-testid': 'opening-preview', lang: 'zh', 'aria-busy': 'true', 'aria-label': `${title}: document text, loading` })
  const shown = opening.paragraphs.slice(0, Math.max(1, Math.ceil(window.innerHeight / PIXELS_PER_PARAGRAPH)))
  for (const text of shown) preview.append(element('p', {}, text || '\u00a0'))
  const page = element('article', { class: 'page' },
    element('h1', { class: 'visually-hidden' }, title),
    element('p', { class: 'loading over-preview', role: 'status' }, 'Loading the document…'),
    preview)
  const pane = element('section', { class: 'editor-pane', 'aria-label': `Editor: ${title}`, 'data-testid': 'early-pane' },
    // The document select sets the header's height (the tallest of its controls).
    element('header', { class: 'pane-header' },
      element('div', { class: 'pane-title' }, element('select', { class: 'document-select placeholder', 'aria-hidden': 'true', tabindex: '-1' }, element('option', {}, title)))),
    element('div', { class: 'pane-body' },
      element('div', { class: 'pane-main' }, element('div', { class: 'pane-scroll' }, page)),
      // The side panel's room: it is there from the pane's first render.
      element('div', { class: 'side-column', 'aria-hidden': 'true' })))
  return element('div', { class: 'app early-frame' },
    // The identity chip sets the bar's height (the tallest of its controls).
    element('header', { class: 'app-header' }, element('span', { class: 'brand' }, 'Variorum'), element('span', { class: 'identity-chip placeholder', 'aria-hidden': 'true' }, '\u00a0')),
    element('main', { class: 'app-main' }, element('div', { class: 'workspace' }, pane)))
}

function element(tag: string, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLElement {
  const created = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value)
  created.append(...children)
  return created
}
