import { ySyncPluginKey } from 'y-prosemirror'
import { restoreVersion, versionDoc, type RestoreResult, type RestoreScope } from '../../doc'
import type { DocumentSession } from '../sync/documentSession'

/**
 * Restores a version (or a passage of it) in this browser's copy of the
 * document, as one transaction with y-prosemirror's sync origin: the editor's
 * undo manager tracks that origin, so Ctrl+Z undoes the restore like one edit;
 * the change syncs to every other editor and is stored in history like any edit.
 */
export function restoreInSession(session: DocumentSession, state: Uint8Array, scope: RestoreScope = {}): RestoreResult {
  const old = versionDoc(state)
  try {
    return restoreVersion(session.ydoc, old, scope, ySyncPluginKey)
  } finally {
    old.destroy()
  }
}
