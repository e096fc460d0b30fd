import { nextTick, shallowRef, type ShallowRef } from 'vue'
import type { OpeningParagraphs } from '../../doc'
import { openingPreviewIsOff, takeOpening, takePaintedOpening } from '../api/openingPrefetch'
import { BOUNDED_SURFACE_MIN_PARAGRAPHS } from '../editor/boundedSurfaceThreshold'
import { painted } from '../earlyPreview'

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
 * useDocumentSession). The server answers at once, from the live room, from what it
 * kept when the room was last unloaded, or from the opening stored beside the snapshot,
 * or 204 when it has none of them (then no preview). The editor replaces the preview in
 * place when it is created. The page asks for it as it starts (main.ts, api/openingPrefetch.ts).
 * When the page's entry already painted the opening (earlyPreview.ts, before the app's code
 * ran), the pane shows that one from its first render, and the app's mount replaces the entry's
 * frame with the same text in the same place.
 * Short documents (under the bounded surface's threshold) get no preview: their state
 * loads as fast as the preview would; they only wait for the small answer.
 * `localStorage['variorum.openingPreview'] = 'off'` skips all of it (the bench's comparison).
 */
export function useOpeningPreview(offset: () => number | null): {
  preview: ShallowRef<OpeningPreview | null>
  beforeLoad: (documentId: string) => Promise<void>
} {
  const preview = shallowRef<OpeningPreview | null>(null)
  async function beforeLoad(documentId: string): Promise<void> {
    preview.value = null
    if (openingPreviewIsOff()) return
    const asked = takeOpening(documentId, offset())
    // Called as the pane is set up (before its first render): shown in it.
    const early = takePaintedOpening(documentId, offset())
    if (early) {
      preview.value = { documentId, opening: early }
      await nextTick()
      await painted()
      return
    }
    let opening: OpeningParagraphs | null
    performance.mark('variorum:opening-asked')
    try {
      opening = await asked
    } catch {
      return // offline, refused or slow: the document loads as before
    }
    if (!opening || opening.total < BOUNDED_SURFACE_MIN_PARAGRAPHS || opening.paragraphs.length === 0) return
    performance.mark('variorum:opening-answered')
    preview.value = { documentId, opening }
    await nextTick()
    await painted()
  }
  return { preview, beforeLoad }
}
