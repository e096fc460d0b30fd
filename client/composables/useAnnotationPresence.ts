import { onScopeDispose, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { presenceColor } from '../../doc/presence/presenceColor'
import type { DocumentSession } from '../sync/documentSession'

/** What a user does with an annotation, as the awareness field `annotation` says. */
export interface AnnotationPresence {
  clientId: number
  name: string
  color: string
  mode: 'viewing' | 'editing'
}

/**
 * Annotator presence over Yjs awareness: this client publishes
 * `annotation: {id, mode}` (null when no card is open), and reads everyone
 * else's as annotation id → who is viewing or editing it.
 */
export function useAnnotationPresence(session: Readonly<Ref<DocumentSession | null>>): {
  byAnnotation: ShallowRef<Map<string, AnnotationPresence[]>>
  /** Publishes what this user does; without `mode`, keeps the current mode for the same annotation, else 'viewing'. */
  publish: (id: string | null, mode?: 'viewing' | 'editing') => void
} {
  const byAnnotation = shallowRef(new Map<string, AnnotationPresence[]>())
  let detach: (() => void) | null = null
  let current: { id: string; mode: 'viewing' | 'editing' } | null = null

  watch(session, (current) => {
    detach?.()
    detach = null
    byAnnotation.value = new Map()
    if (!current) return
    const awareness = current.awareness
    /** What the last read found, as text: most awareness changes are cursors moving (one per keystroke of this user's own). */
    let seen = ''
    const read = () => {
      const next = new Map<string, AnnotationPresence[]>()
      awareness.getStates().forEach((state, clientId) => {
        if (clientId === awareness.clientID) return
        const annotation = state.annotation as { id?: unknown; mode?: unknown } | null | undefined
        const user = state.user as { name?: unknown; color?: unknown } | undefined
        if (!annotation || typeof annotation.id !== 'string') return
        const entry: AnnotationPresence = {
          clientId,
          name: typeof user?.name === 'string' ? user.name : 'Someone',
          color: presenceColor(user?.color),
          mode: annotation.mode === 'editing' ? 'editing' : 'viewing',
        }
        next.set(annotation.id, [...(next.get(annotation.id) ?? []), entry])
      })
      // A new map only when someone's annotation presence changed: each new one redrew the
      // side panel and every card in it, on every keystroke (issue #20).
      const signature = JSON.stringify([...next])
      if (signature === seen) return
      seen = signature
      byAnnotation.value = next
    }
    awareness.on('change', read)
    read()
    detach = () => awareness.off('change', read)
  }, { immediate: true })

  function publish(id: string | null, mode?: 'viewing' | 'editing'): void {
    const value = id === null ? null : { id, mode: mode ?? (current?.id === id ? current.mode : 'viewing') }
    if (JSON.stringify(value) === JSON.stringify(current) || !session.value) return
    current = value
    session.value.awareness.setLocalStateField('annotation', value)
  }

  onScopeDispose(() => {
    publish(null)
    detach?.()
  })
  return { byAnnotation, publish }
}
