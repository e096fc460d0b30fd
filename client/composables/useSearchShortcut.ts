import { onBeforeUnmount, onMounted } from 'vue'
import { useHashRoute } from './useHashRoute'

/** Longest selected text taken as the query: a search is a phrase, not a page. */
const MAX_SELECTED_QUERY = 100

/**
 * Ctrl+Shift+F (⌘⇧F on a Mac) anywhere opens the workspace search, with the
 * text selected in the editor (one line of it) as the query; on the search
 * view it focuses the search box. Listens in the capture phase so the editor's
 * own key handling cannot swallow it.
 */
export function useSearchShortcut(): void {
  const { route, navigate } = useHashRoute()

  function onKeydown(event: KeyboardEvent): void {
    if (!(event.ctrlKey || event.metaKey) || !event.shiftKey || event.altKey || event.key.toLowerCase() !== 'f') return
    if (event.isComposing) return
    event.preventDefault()
    if (route.value.name === 'search') {
      const input = document.getElementById('search-q') as HTMLInputElement | null
      input?.focus()
      input?.select()
      return
    }
    const selected = (window.getSelection()?.toString() ?? '').split('\n')[0].trim().slice(0, MAX_SELECTED_QUERY)
    navigate({ name: 'search', params: selected ? { q: selected } : {} })
  }

  onMounted(() => window.addEventListener('keydown', onKeydown, true))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeydown, true))
}
