import type { OpeningParagraphs } from '../../doc'
import { fetchOpening } from './fetchOpening'

/** How long a pane waits for the opening paragraphs before its socket connects anyway (ms). */
export const OPENING_TIMEOUT_MS = 5000

/** Openings asked for as the page started (prefetchOpenings), by document id and offset; each taken once. */
const prefetched = new Map<string, Promise<OpeningParagraphs | null>>()

/** `localStorage['variorum.openingPreview'] = 'off'` skips the opening preview (the bench's comparison). */
export function openingPreviewIsOff(): boolean {
  return localStorage.getItem('variorum.openingPreview') === 'off'
}

/**
 * Asks for the openings of the documents the page's first address shows, as the page
 * starts (main.ts, before the app's code has loaded): the answer then arrives while the
 * app loads, the session is checked and the pane is built, instead of after all of that.
 */
export function prefetchOpenings(panes: readonly { documentId: string; offset: number | null }[]): void {
  if (openingPreviewIsOff()) return
  for (const { documentId, offset } of panes) {
    const asked = fetchOpening(documentId, offset ?? 0, OPENING_TIMEOUT_MS)
    asked.catch(() => undefined) // a refusal or a timeout is handled where it is taken
    prefetched.set(`${documentId}@${offset ?? 0}`, asked)
  }
}

/** The opening of `documentId` at `offset`: the one asked for as the page started, else asked for now. Rejects as fetchOpening does. */
export function takeOpening(documentId: string, offset: number | null): Promise<OpeningParagraphs | null> {
  const key = `${documentId}@${offset ?? 0}`
  const asked = prefetched.get(key) ?? fetchOpening(documentId, offset ?? 0, OPENING_TIMEOUT_MS)
  prefetched.delete(key)
  return asked
}

/** The opening asked for as the page started, left for takeOpening; null when it was not asked for (or was taken). */
export function peekOpening(documentId: string, offset: number | null): Promise<OpeningParagraphs | null> | null {
  return prefetched.get(`${documentId}@${offset ?? 0}`) ?? null
}

/** The opening the page's entry painted before the app's code ran (earlyPreview.ts), until its pane takes it over. */
let painted: { documentId: string; offset: number | null; opening: OpeningParagraphs } | null = null

/** Notes that the entry painted `opening` as the preview of the pane on `documentId` at `offset`. */
export function notePaintedOpening(documentId: string, offset: number | null, opening: OpeningParagraphs): void {
  painted = { documentId, offset, opening }
}

/**
 * The opening the entry painted for a pane on `documentId` at `offset`, once (the pane shows it
 * from its first render, so the app's mount replaces the entry's preview with the same one);
 * null when the entry painted none for it.
 */
export function takePaintedOpening(documentId: string, offset: number | null): OpeningParagraphs | null {
  if (!painted || painted.documentId !== documentId || painted.offset !== offset) return null
  const { opening } = painted
  painted = null
  return opening
}
