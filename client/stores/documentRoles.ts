import { defineStore } from 'pinia'
import { reactive } from 'vue'
import { roleAtLeast, type DocumentRole } from '../../doc/access/roles'
import { fetchDocumentRole } from '../api/documentRole'

/**
 * What this browser may change in a document, from its role there (issue 14). The
 * server decides every update anyway (doc/access/checkUpdate.ts, a refused one closes
 * the socket with 4403); this is so the editor does not offer what would be refused.
 * - `text`: editor and owner type into the text (and suggest, replace, fix)
 * - `annotate`: annotator and up create and change annotations
 * - `comment`: commenter and up reply (a commenter only on existing annotations, own comments)
 * - `reason`: why something is not offered, for the buttons' titles and the notice; null when all is
 */
export interface DocumentRights {
  role: DocumentRole | null
  /** True until the role is known: nothing is writable meanwhile. */
  loading: boolean
  text: boolean
  annotate: boolean
  comment: boolean
  reason: string | null
}

const LOADING: DocumentRights = { role: null, loading: true, text: false, annotate: false, comment: false, reason: 'Checking your access to this document…' }

/** The rights a role gives (null role: the server granted nothing). */
export function rightsOf(role: DocumentRole | null): DocumentRights {
  if (role === null) return { role, loading: false, text: false, annotate: false, comment: false, reason: 'You have no access to this document.' }
  const text = roleAtLeast(role, 'editor')
  const annotate = roleAtLeast(role, 'annotator')
  const comment = roleAtLeast(role, 'commenter')
  const reason = text
    ? null
    : annotate
      ? 'You are an annotator here: you may annotate and comment, not change the text.'
      : comment
        ? 'You are a commenter here: you may reply to annotations, not change the text or annotate.'
        : 'You are a viewer here: the document is read only.'
  return { role, loading: false, text, annotate, comment, reason }
}

export const useDocumentRolesStore = defineStore('documentRoles', () => {
  const rights = reactive(new Map<string, DocumentRights>())
  const asked = new Set<string>()
  /** Bumped by every answer about a document: an answer to an older question does not overwrite a newer one. */
  const generation = new Map<string, number>()

  function bump(documentId: string): number {
    const next = (generation.get(documentId) ?? 0) + 1
    generation.set(documentId, next)
    return next
  }

  /** Asks the server once per document; when it cannot be reached (offline), writing stays open and the server decides on reconnection. */
  function load(documentId: string): void {
    if (asked.has(documentId)) return
    asked.add(documentId)
    if (!rights.has(documentId)) rights.set(documentId, LOADING)
    const asking = bump(documentId)
    fetchDocumentRole(documentId).then(
      (role) => {
        if (generation.get(documentId) === asking) rights.set(documentId, rightsOf(role))
      },
      () => {
        asked.delete(documentId)
        if (generation.get(documentId) === asking) rights.set(documentId, rightsOf('editor'))
      },
    )
  }

  /** The server said the role changed (a role message on the document's socket): it holds from now. */
  function changed(documentId: string, role: DocumentRole): void {
    bump(documentId)
    rights.set(documentId, rightsOf(role))
  }

  /**
   * Asks the server again: after the socket was closed for access (`withdraw`: nothing
   * is writable until it answers), or after a reconnection (the role may have changed
   * while the socket was away; what is known holds meanwhile).
   */
  function reload(documentId: string, withdraw: boolean): void {
    asked.delete(documentId)
    if (withdraw) rights.set(documentId, LOADING)
    load(documentId)
  }

  /** The rights on `documentId`; still loading until `load(documentId)` has been answered. */
  function of(documentId: string): DocumentRights {
    return rights.get(documentId) ?? LOADING
  }

  /** Asks again for every role asked for so far, e.g. after signing in as someone else. */
  function forget(): void {
    const ids = [...asked]
    asked.clear()
    rights.clear()
    ids.forEach(load)
  }

  return { of, load, changed, reload, forget }
})
