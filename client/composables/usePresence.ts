import { onScopeDispose, ref, watch, type Ref, type ShallowRef } from 'vue'
import { presenceColor } from '../../doc/presence/presenceColor'
import type { DocumentSession } from '../sync/documentSession'

/** One person in a document, from their awareness state. */
export interface Participant {
  clientId: number
  name: string
  color: string
  isSelf: boolean
}

/**
 * Who is in the session's document now: every awareness state with a `user`
 * field, this client first. Follows joins, leaves and renames.
 */
export function usePresence(session: ShallowRef<DocumentSession | null>): Ref<Participant[]> {
  const participants = ref<Participant[]>([])
  let detach: (() => void) | null = null

  watch(
    session,
    (current) => {
      detach?.()
      detach = null
      participants.value = []
      if (!current) return
      const awareness = current.awareness
      /** The last list read, as text: most awareness changes are cursors moving (each keystroke of this user's own). */
      let seen = ''
      const read = (): void => {
        const list: Participant[] = []
        awareness.getStates().forEach((state, clientId) => {
          const user = state.user as { name?: unknown; color?: unknown } | undefined
          if (!user || typeof user.name !== 'string') return
          list.push({
            clientId,
            name: user.name,
            // Only #rrggbb reaches a style attribute (issue 14: CSS injected through a presence colour).
            color: presenceColor(user.color),
            isSelf: clientId === awareness.clientID,
          })
        })
        list.sort((a, b) => Number(b.isSelf) - Number(a.isSelf) || a.name.localeCompare(b.name))
        // A new list only when someone came, went or changed name or colour: each new one
        // redrew the presence bar on every keystroke (issue #20).
        const signature = JSON.stringify(list)
        if (signature === seen) return
        seen = signature
        participants.value = list
      }
      awareness.on('change', read)
      read()
      detach = () => awareness.off('change', read)
    },
    { immediate: true },
  )
  onScopeDispose(() => detach?.())
  return participants
}
