import { onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { DocumentSession, SessionStatus } from '../sync/documentSession'
import { acquireSession, releaseSession } from '../sync/sessionRegistry'
import { useIdentityStore } from '../stores/identity'

const INITIAL_STATUS: SessionStatus = { socket: 'connecting', synced: false, localLoaded: false, ready: false }

/**
 * The shared session of the document `documentId` names, held while the calling
 * component lives (or until the id changes), with its status as a ref.
 * `beforeLoad(id)`, when given, runs when a session is opened here (not when another holder has it open) and the state is
 * loaded once its promise settles (an editor pane paints the opening paragraphs first).
 */
export function useDocumentSession(documentId: Ref<string>, beforeLoad?: (id: string) => Promise<unknown>): {
  session: ShallowRef<DocumentSession | null>
  status: Ref<SessionStatus>
} {
  const identity = useIdentityStore()
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
      unsubscribe = opened.subscribe((next) => (status.value = { ...next }))
    },
    { immediate: true },
  )
  onScopeDispose(close)
  return { session, status }
}
