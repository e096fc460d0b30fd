import { createRouter, createWebHashHistory, type Router } from 'vue-router'
import { formatRoute, parseRoute } from './composables/useHashRoute'
import { useSessionStore } from './stores/session'
import { shareToken } from './sync/shareToken'

/**
 * The app's router (vue-router, hash history, so every `#/…` link of earlier
 * versions keeps working and the server needs no fallback route). One route
 * takes every path: App.vue picks the screen from `parseRoute` of the current
 * location (composables/useHashRoute.ts), which also writes the links, so a
 * screen's address has one grammar in one place. Navigation, history entries
 * and guards go through the router. Made by main.ts (it needs the browser's location);
 * components reach it with vue-router's useRouter.
 */
export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHashHistory(),
    routes: [{ path: '/:path(.*)*', name: 'app', component: { render: () => null } }],
  })
  router.beforeEach(sessionGuard)
  return router
}

/**
 * Past the first run, every screen but sign-in needs an account (a share link's
 * guest excepted): the guard sends the browser to `#/sign-in?next=<where it was
 * going>`; a signed-in browser is sent on from sign-in, and away from the setup and
 * account screens that do not apply. The server checks every request all the same;
 * this only spares people screens that would answer 401. Needs Pinia installed.
 */
async function sessionGuard(to: { fullPath: string }): Promise<string | true> {
  const session = useSessionStore()
  await session.whenLoaded()
  const target = parseRoute(`#${to.fullPath}`)
  const screen = target.name === 'session' ? target.screen : null
  const guest = shareToken() !== null
  if (!session.firstRun && !session.account && !guest && screen !== 'sign-in') {
    return formatRoute({ name: 'session', screen: 'sign-in', next: to.fullPath === '/' ? null : to.fullPath }).slice(1)
  }
  if (target.name === 'session') {
    if (screen === 'sign-in' && session.account) return target.next ?? '/'
    if (screen === 'setup' && !session.firstRun) return '/'
    if (screen === 'account' && !session.account) return '/'
  }
  return true
}
