import { computed, type ComputedRef } from 'vue'
import { useRouter } from 'vue-router'
import { formatRoute, parseRoute, type Route } from '../routing/routes'

// The grammar moved to routing/routes.ts (free of Vue, for main.ts); its names are still reachable here.
export * from '../routing/routes'

/**
 * The current route, following the address bar through the router (client/router.ts),
 * and navigation to another. Call it in a component's setup.
 */
export function useHashRoute(): { route: ComputedRef<Route>; navigate: (route: Route) => void } {
  const router = useRouter()
  const route = computed(() => parseRoute(`#${router.currentRoute.value.fullPath}`))
  function navigate(next: Route): void {
    const target = formatRoute(next).slice(1)
    if (router.currentRoute.value.fullPath !== target) void router.push(target)
  }
  return { route, navigate }
}
