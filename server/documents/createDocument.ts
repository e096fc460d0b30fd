import { createHash } from 'node:crypto'
import * as Y from 'yjs'
import { paragraphsFromPlainText, projectParagraphs } from '../../core/text'
import { ApiError } from '../errors'
import type { DocumentStore } from '../persistence/DocumentStore'
import type { DocumentSummary } from './DocumentCatalog'
import { seedDocument } from '../../doc/text/seedDocument'
import { MAX_OPENING, openingOfTexts, openingParagraphs, type OpeningParagraphs } from '../../doc/text/openingParagraphs'

/** A text to turn into a workspace document. */
export interface NewDocument {
  /** Decoded text (BOM already removed). One paragraph per non-blank line. */
  text: string
  /** Title; when absent, the first non-blank line (without Markdown `#`s). */
  title?: string
  /** File name the text came from; gives the id its slug. */
  fileName?: string
  /** What the text was imported from: encoding of the bytes (null when unknown) and format. */
  source?: { encoding: string | null; format: string }
  /**
   * When the same content is in the trash: true (an upload) makes a new document and
   * sets the trashed one's hash aside (it stays restorable by its owner, apart); false
   * (loading documents/ on start) returns the trashed one, so a restart does not bring
   * back what was deleted.
   */
  newOverTrash?: boolean
  /** Adds what the file carried beside its text (annotations, decisions) to the new Y.Doc, in the same store. */
  annotate?: (doc: Y.Doc) => void
}

export interface CreatedDocument {
  document: DocumentSummary
  /** False when a document with the same content already existed (and is returned instead). */
  created: boolean
}

/** Longest title kept; longer first lines are cut, e.g. a 500-character paragraph. */
const MAX_TITLE = 120
/** Longest id slug: "china-central-asia-summit-2025-06-17" (36) fits with room to spare. */
const MAX_SLUG = 64

/**
 * Creates a document from a text, or returns the existing one with the same
 * content (SHA-256 of the projection), so loading `documents/` on every start
 * and re-uploading are idempotent, and a document edited in the workspace is
 * never reset. Catalog row and first Yjs state are written in one transaction;
 * when another request or instance stores the same content meanwhile, its
 * document is returned. Throws ApiError `empty-document` or `binary-content`
 * for unusable text.
 */
export async function createDocument(
  store: DocumentStore,
  input: NewDocument,
  now: () => Date = () => new Date(),
): Promise<CreatedDocument> {
  if (input.text.includes('\0')) throw new ApiError('binary-content', 'the text contains NUL characters; is it a binary file?')
  const paragraphs = paragraphsFromPlainText(input.text)
  if (paragraphs.length === 0) throw new ApiError('empty-document', 'the text is empty or only white space')
  const projection = projectParagraphs(paragraphs)
  const sourceHash = createHash('sha256').update(projection).digest('hex')

  const existing = await store.findBySourceHash(sourceHash)
  if (existing && !(input.newOverTrash && (await store.trashedDocument(existing.id)) && (await store.setAsideSourceHash(existing.id)))) {
    return { document: existing, created: false }
  }
  const title = cleanTitle(input.title) || titleFromText(paragraphs[0]) || input.fileName || 'Untitled'
  const document: DocumentSummary = {
    id: await uniqueId(store, input.fileName ? stripExtension(input.fileName) : title, sourceHash),
    title,
    createdAt: now().toISOString(),
    sourceHash,
    characters: projection.length,
    sourceEncoding: input.source?.encoding ?? null,
    sourceFormat: input.source?.format ?? null,
  }
  const seed = seedDocument(paragraphs, document)
  // Kept beside the first state, so even the first opening of a book shows its first screen at once.
  const { state, opening } = input.annotate ? annotated(seed, input.annotate) : { state: seed, opening: openingOfTexts(paragraphs) }
  try {
    await store.createDocument(document, state, opening)
  } catch (error) {
    const raced = await store.findBySourceHash(sourceHash)
    if (raced) return { document: raced, created: false }
    throw error
  }
  return { document, created: true }
}

/** The seed with `annotate` applied, as one update, and that state's opening paragraphs. */
function annotated(seed: Uint8Array, annotate: (doc: Y.Doc) => void): { state: Uint8Array; opening: OpeningParagraphs } {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, seed)
  annotate(doc)
  const state = Y.encodeStateAsUpdate(doc)
  const opening = openingParagraphs(doc, { at: 0, ...MAX_OPENING })
  doc.destroy()
  return { state, opening }
}

function cleanTitle(title: string | undefined): string {
  return (title ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE)
}

function titleFromText(firstParagraph: string): string {
  return cleanTitle(firstParagraph.replace(/^\s*#+\s*/, ''))
}

function stripExtension(fileName: string): string {
  return fileName.replace(/\.[^.]*$/, '')
}

/**
 * Slug of the name (ASCII letters and digits, dashes between); `doc-<hash>` when
 * nothing ASCII is left (e.g. a Chinese title); the hash appended on collision.
 */
async function uniqueId(store: DocumentStore, name: string, sourceHash: string): Promise<string> {
  const slug = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '')
  const base = slug || `doc-${sourceHash.slice(0, 10)}`
  if (!(await store.documentIdTaken(base))) return base
  return `${base}-${sourceHash.slice(0, 8)}`
}
