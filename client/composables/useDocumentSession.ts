import { onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { DocumentSession, SessionStatus } from '../sync/documentSession'
import { acquireSession, releaseSession } from '../sync/sessionRegistry'
import { useIdentityStore } from '../stores/identity'
import { useDocumentRolesStore } from '../stores/documentRoles'

const INITIAL_STATUS: SessionStatus = { socket: 'connecting', synced: false, localLoaded: false, ready: false }

/**
 * The shared session of the document `documentId` names, held while the calling
 * component lives (or until the id changes), with its status as a ref. The
 * document's rights (stores/documentRoles) follow what the server says on the
 * socket: a role changed by an owner at once, access closed or a reconnection by
 * asking the role again.
 * `beforeLoad(id)`, when given, runs when a session is opened here (not when another holder has it open) and the state is
 * loaded once its promise settles (an editor pane paints the opening paragraphs first).
 */
export function useDocumentSession(documentId: Ref<string>, beforeLoad?: (id: string) => Promise<unknown>): {
  session: ShallowRef<DocumentSession | null>
  status: Ref<SessionStatus>
} {
  const identity = useIdentityStore()
  const roles = useDocumentRolesStore()
  const session = shallowRef<DocumentSession | null>(null)
  const status = ref<SessionStatus>({ ...INITIAL_STATUS })
  let unsubscribe: (() => void) | null = null

  function close(): void {
    unsubscribe?.()
    unsubscribe = null
    if (session.value) releaseSession(session.value.id)
    session.value = null
  }

  watch(
    documentId,
    (id) => {
      close()
      status.value = { ...INITIAL_STATUS }
      const opened = acquireSession(id, identity.user, beforeLoad && (() => beforeLoad(id)))
      session.value = opened
      let wasConnected = false
      const stopStatus = opened.subscribe((next) => {
        // Back after a disconnection: the role may have changed meanwhile.
        if (next.socket === 'connected' && status.value.socket !== 'connected' && wasConnected) roles.reload(id, false)
        if (next.socket === 'connected') wasConnected = true
        status.value = { ...next }
      })
      const stopAccess = opened.onAccess((notice) => {
        if (notice.kind === 'role') roles.changed(id, notice.role)
        else roles.reload(id, true)
      })
      unsubscribe = () => {
        stopStatus()
        stopAccess()
      }
    },
    { immediate: true },
  )
  onScopeDispose(close)
  return { session, status }
}
