import { onScopeDispose, ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import type { Plugin } from 'prosemirror-state'
import type { AnnotationType } from '../../core/annotations/annotation'
import type { AnnotationStore, AnnotationView } from '../annotations/annotationStore'
import { annotationStoreFor } from '../annotations/annotationRegistry'
import { annotationPlugins } from '../editor/annotationPlugin'
import { annotationAtCaretPlugin } from '../editor/annotationAtCaret'
import { annotationStepPlugin } from '../editor/stepAnnotations'
import type { DocumentSession } from '../sync/documentSession'
import { useAnnotationsStore } from '../stores/annotations'
import { useDocumentRolesStore } from '../stores/documentRoles'
import { useIdentityStore } from '../stores/identity'

/**
 * How long the sidebar waits after a text edit before re-reading positions, and
 * then it waits for idle time too: re-rendering the cards between two
 * keystrokes was part of the cost of typing with the side panel open (issue #20).
 */
const TEXT_REFRESH_MS = 300

/**
 * Annotations a provisional list holds (AnnotationStore.provisional) while a
 * document's anchors are first resolved in idle time: the side panel renders its
 * first 25 cards, with room for the orphans and the filters' misses among them.
 */
export const PROVISIONAL_COUNT = 50

/**
 * The annotations of the session's document as refs: the list in document
 * order and the types. Annotation changes show at once; text edits are batched.
 * When the list is cold (a large document has just arrived, AnnotationStore.cold),
 * `list` is first a provisional one (its first PROVISIONAL_COUNT annotations) and
 * `complete` false, and the whole list follows once it has been computed in idle
 * time: resolving 5,000 anchors inside the sync's Yjs observer held the first
 * screen 0.5–0.8 s (issue #20).
 */
export function useAnnotations(session: Readonly<Ref<DocumentSession | null>>, options: {
  /**
   * False: never a provisional list; while the list is cold `list` keeps what it held
   * (the list before the document arrived, or before the last edit) until the whole one
   * is computed. For panels that tell from the list what is already done (the checks'
   * "annotated", the duplicates' flags): 50 of 5,000 would show the rest as not done.
   */
  provisional?: boolean
} = {}): {
  store: ShallowRef<AnnotationStore | null>
  list: ShallowRef<AnnotationView[]>
  types: ShallowRef<AnnotationType[]>
  /** False while `list` is provisional: counts, filters and the rest of the list are not known yet. */
  complete: Ref<boolean>
} {
  const store = shallowRef<AnnotationStore | null>(null)
  const list = shallowRef<AnnotationView[]>([])
  const types = shallowRef<AnnotationType[]>([])
  const complete = ref(true)
  let detach: (() => void) | null = null

  watch(session, (current) => {
    detach?.()
    detach = null
    if (!current) {
      store.value = null
      list.value = []
      complete.value = true
      return
    }
    const opened = annotationStoreFor(current.ydoc)
    store.value = opened
    let timer: ReturnType<typeof setTimeout> | null = null
    let stopListing: (() => void) | null = null
    const cancel = () => {
      if (timer) clearTimeout(timer)
      stopListing?.()
      timer = null
      stopListing = null
    }
    const read = () => {
      cancel()
      types.value = opened.types()
      if (opened.cold) {
        if (options.provisional ?? true) list.value = opened.provisional(PROVISIONAL_COUNT)
        complete.value = false
        stopListing = opened.listWhenIdle(read)
        return
      }
      list.value = opened.list()
      complete.value = true
    }
    const unsubscribe = opened.subscribe((kind) => {
      cancel()
      if (kind === 'annotations') read()
      // Debounced: nothing is recomputed while the user keeps typing; then the
      // positions are computed in idle-time chunks (shared with the editor's rebuild).
      else timer = setTimeout(() => { timer = null; stopListing = opened.listWhenIdle(read) }, TEXT_REFRESH_MS)
    })
    read()
    detach = () => {
      unsubscribe()
      cancel()
    }
  }, { immediate: true })
  onScopeDispose(() => detach?.())
  return { store, list, types, complete }
}

/**
 * The editor plugins that show a session's annotations in a pane: clicks select
 * in the sidebar, Alt+1…Alt+9 create an annotation on the selection and open
 * its comment box, Alt+↓/↑ step from one annotation to the next.
 */
export function annotationEditorPlugins(session: DocumentSession, documentId: string): Plugin[] {
  const ui = useAnnotationsStore()
  const identity = useIdentityStore()
  const store = annotationStoreFor(session.ydoc)
  const roles = useDocumentRolesStore()
  return [...annotationPlugins({
    store,
    onSelect: (id) => ui.select(documentId, id),
    onCreate: (type, start, end) => {
      // Alt+1…9 create an annotation only where the role allows it (issue 14); the sidebar says why not.
      if (!roles.of(documentId).annotate) return
      try {
        const id = store.create({ type, author: identity.user.name, start, end, suggestion: type === 'suggestion' ? '' : undefined })
        ui.select(documentId, id, true)
      } catch (error) {
        if (!(error instanceof RangeError)) throw error
      }
    },
  }), annotationStepPlugin(store, () => ui.selectedIn(documentId), (id) => ui.select(documentId, id)),
  annotationAtCaretPlugin(store, () => ui.selectedIn(documentId), (id) => ui.select(documentId, id, true))]
}
