import { onScopeDispose, watch, type Ref } from 'vue'

/**
 * "Scroll together" for the split view (issue #18, point 7): while `on`, scrolling
 * one of `elements` scrolls the others by the same distance, so two places of a
 * text (or two witnesses) keep their distance as the reader goes on; off, each
 * scrolls alone. A scroll this code caused is not passed on again: each element's
 * last position is recorded after it is moved, so its own scroll event carries no
 * distance. An element at its end stops there while the others go on.
 */
export function useScrollTogether(elements: Readonly<Ref<ReadonlyArray<HTMLElement | null>>>, on: Readonly<Ref<boolean>>): void {
  const last = new Map<HTMLElement, number>()
  let attached: HTMLElement[] = []

  function onScroll(event: Event): void {
    const source = event.currentTarget as HTMLElement
    const distance = source.scrollTop - (last.get(source) ?? source.scrollTop)
    last.set(source, source.scrollTop)
    if (!on.value || distance === 0) return
    for (const other of attached) {
      if (other === source) continue
      other.scrollTop += distance
      last.set(other, other.scrollTop)
    }
  }

  function detach(): void {
    for (const element of attached) element.removeEventListener('scroll', onScroll)
    attached = []
    last.clear()
  }

  watch([elements, on], ([list]) => {
    detach()
    attached = list.filter((e): e is HTMLElement => e !== null)
    for (const element of attached) {
      last.set(element, element.scrollTop)
      element.addEventListener('scroll', onScroll, { passive: true })
    }
  }, { immediate: true, flush: 'post' })
  onScopeDispose(detach)
}
