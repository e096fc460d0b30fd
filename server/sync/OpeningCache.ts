import type * as Y from 'yjs'
import { MAX_OPENING, openingParagraphs, trimOpening, type OpeningLimits, type OpeningParagraphs } from '../../doc'

/** Documents whose opening is kept; the oldest remembered is dropped beyond it (~8 k characters each). */
const MAX_DOCUMENTS = 500

/**
 * The opening paragraphs (offset 0, MAX_OPENING) of documents as their rooms left them
 * when unloaded, so a browser opening a book gets its first screen without the server
 * loading the whole state (SyncServer.readOpening). Valid until the document changes:
 * here that needs its room loaded (then the live doc is read instead), elsewhere an
 * update from another instance, which forgets the entry. Derived data, in memory only.
 */
export class OpeningCache {
  private readonly entries = new Map<string, OpeningParagraphs>()

  remember(documentId: string, doc: Y.Doc): void {
    this.entries.delete(documentId)
    this.entries.set(documentId, openingParagraphs(doc, { at: 0, ...MAX_OPENING }))
    if (this.entries.size > MAX_DOCUMENTS) this.entries.delete(this.entries.keys().next().value!)
  }

  forget(documentId: string): void {
    this.entries.delete(documentId)
  }

  /** The opening at offset 0 within `limits`, or null when none is kept. */
  get(documentId: string, limits: OpeningLimits): OpeningParagraphs | null {
    const kept = this.entries.get(documentId)
    return kept ? trimOpening(kept, limits) : null
  }
}
