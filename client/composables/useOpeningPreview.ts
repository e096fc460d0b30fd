import { nextTick, shallowRef, type ShallowRef } from 'vue'
import type { OpeningParagraphs } from '../../doc'
import { fetchOpening } from '../api/fetchOpening'
import { BOUNDED_SURFACE_MIN_PARAGRAPHS } from '../editor/boundedSurface'

/** How long the socket waits for the opening paragraphs before it connects anyway (ms). */
const OPENING_TIMEOUT_MS = 5000
/** How long it waits for the preview to be painted (rAF does not run in a hidden tab) (ms). */
const PAINT_TIMEOUT_MS = 200

/** The opening paragraphs of one document, shown read-only while its state loads. */
export interface OpeningPreview {
  documentId: string
  opening: OpeningParagraphs
}

/**
 * The first screen of a long document before its state has loaded (issue #21). Applying
 * a book's Yjs state and building its editor hold the main thread for seconds (30,000
 * paragraphs: ~3.5 s), so an editor pane asks the server for the paragraphs it opens
 * at (GET /api/documents/:id/opening, a few kB), paints them read-only and marked as
 * loading, and only then lets the socket and the local copy in (`beforeLoad`, given to
 * useDocumentSession). The server answers at once, from the live room or from what it
 * kept when the room was last unloaded, or 204 when it has neither (then no preview). The editor replaces the preview in place when it is created.
 * Short documents (under the bounded surface's threshold) get no preview: their state
 * loads as fast as the preview would; they only wait for the small answer.
 * `localStorage['variorum.openingPreview'] = 'off'` skips all of it (the bench's comparison).
 */
/** Openings asked for as the page loaded (prefetchOpenings), by document id and offset; each taken once. */
const prefetched = new Map<string, Promise<OpeningParagraphs | null>>()

const isOff = (): boolean => localStorage.getItem('variorum.openingPreview') === 'off'

/**
 * Asks for the openings of the documents the page's first address shows, before the
 * app has mounted (main.ts): the answer then arrives while the bundle runs, the
 * session is checked and the pane is built, instead of after all of that.
 */
export function prefetchOpenings(panes: readonly { documentId: string; offset: number | null }[]): void {
  if (isOff()) return
  for (const { documentId, offset } of panes) {
    const asked = fetchOpening(documentId, offset ?? 0, OPENING_TIMEOUT_MS)
    asked.catch(() => undefined) // a refusal or a timeout is handled where it is taken
    prefetched.set(`${documentId}@${offset ?? 0}`, asked)
  }
}

export function useOpeningPreview(offset: () => number | null): {
  preview: ShallowRef<OpeningPreview | null>
  beforeLoad: (documentId: string) => Promise<void>
} {
  const preview = shallowRef<OpeningPreview | null>(null)
  async function beforeLoad(documentId: string): Promise<void> {
    preview.value = null
    if (isOff()) return
    const key = `${documentId}@${offset() ?? 0}`
    const asked = prefetched.get(key) ?? fetchOpening(documentId, offset() ?? 0, OPENING_TIMEOUT_MS)
    prefetched.delete(key)
    let opening: OpeningParagraphs | null
    try {
      opening = await asked
    } catch {
      return // offline, refused or slow: the document loads as before
    }
    if (!opening || opening.total < BOUNDED_SURFACE_MIN_PARAGRAPHS || opening.paragraphs.length === 0) return
    preview.value = { documentId, opening }
    await nextTick()
    await painted()
  }
  return { preview, beforeLoad }
}

/** Resolves once the browser has painted (two frames), or after PAINT_TIMEOUT_MS. */
function painted(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, PAINT_TIMEOUT_MS)
    requestAnimationFrame(() => requestAnimationFrame(() => {
      clearTimeout(timer)
      resolve()
    }))
  })
}
