import { defineStore } from 'pinia'
import { ref } from 'vue'
import * as api from '../api/session'
import { useIdentityStore } from './identity'
import { useDocumentRolesStore } from './documentRoles'
import { setAuthorEverywhere } from '../sync/sessionRegistry'
import { shareToken } from '../sync/shareToken'

/**
 * The signed-in account, if any. While it is null and the workspace is past its
 * first run, the app shows the sign-in screen; signed in, the account's display
 * name is the name others see (the name dialog is only for open mode).
 */
export const useSessionStore = defineStore('session', () => {
  const loaded = ref(false)
  const firstRun = ref(true)
  const account = ref<api.SessionState['account']>(null)
  /** Single sign-on, when the server is configured for it: the provider's label. */
  const signOn = ref<{ label: string } | null>(null)

  function apply(state: api.SessionState): void {
    firstRun.value = state.firstRun
    account.value = state.account
    loaded.value = true
    // Roles asked for before (signed out, or as someone else) no longer hold.
    useDocumentRolesStore().forget()
    // Annotations and comments are written as this principal: the server refuses any other once accounts exist.
    setAuthorEverywhere(state.principal?.id ?? state.account?.id ?? null)
    if (state.account) {
      const identity = useIdentityStore()
      identity.save({ name: state.account.displayName || state.account.username, color: identity.user.color })
    }
  }

  async function load(): Promise<void> {
    // Only the sign-in screen shows the sign-on button: no screen waits for its label.
    void api.fetchSignOn().then((provider) => (signOn.value = provider), () => undefined)
    try {
      apply(await (api.takePrefetchedSession() ?? api.fetchSession(shareToken())))
    } catch {
      // No session API (an older server) or offline: behave as open mode.
      loaded.value = true
    }
  }

  let first: Promise<void> | null = null
  /** Loads the session once; later calls wait for that first load (the router's guard does). */
  function whenLoaded(): Promise<void> {
    first ??= load()
    return first
  }

  async function signIn(username: string, password: string): Promise<void> {
    apply(await api.signIn(username, password))
  }

  async function setUp(username: string, password: string, displayName: string): Promise<void> {
    apply(await api.setUp(username, password, displayName))
  }

  async function signOut(): Promise<void> {
    await api.signOut()
    account.value = null
    // Sockets opened with the old session are closed by the server; a reload starts clean.
    location.reload()
  }

  async function changePassword(current: string, password: string): Promise<void> {
    await api.changePassword(current, password)
    account.value = null
  }

  return { loaded, firstRun, account, signOn, load, whenLoaded, signIn, setUp, signOut, changePassword }
})
