import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startTestWorkspace, type TestWorkspace } from '../../integration/testWorkspace'
import { CookieJar, TestIdentityProvider, signOnAsBrowser } from './testIdentityProvider'

/**
 * Single sign-on end to end (issue 14): a real OpenID Connect provider
 * (oidc-provider) and the workspace as its relying party (openid-client),
 * talking over real HTTP; the "browser" follows redirects and fills the
 * provider's login form.
 */
describe('sign-on through OpenID Connect', () => {
  let idp: TestIdentityProvider
  let ws: TestWorkspace
  let base: string

  beforeEach(async () => {
    idp = new TestIdentityProvider()
    const issuer = await idp.listen()
    ws = await startTestWorkspace({
      oidc: { issuer, clientId: TestIdentityProvider.CLIENT_ID, clientSecret: TestIdentityProvider.CLIENT_SECRET, allowHttp: true, label: 'Test IdP' },
    })
    base = ws.workspace.url
    idp.configure(`${base}/api/oidc/callback`)
    idp.people.set('ada-sub', { sub: 'ada-sub', name: 'Ada Lovelace', preferred_username: 'ada.l', email: 'ada@example.org' })
    idp.people.set('bob-sub', { sub: 'bob-sub', name: 'Bob', preferred_username: 'ada.l' })
  })
  afterEach(async () => {
    await ws.dispose()
    await idp.close()
  })

  async function session(jar: CookieJar) {
    return (await (await fetch(`${base}/api/session`, { headers: { cookie: jar.header(base) } })).json()) as {
      account: { id: string; username: string; displayName: string; isAdmin: boolean } | null
    }
  }

  it('says whether sign-on is configured', async () => {
    expect(await (await fetch(`${base}/api/oidc`)).json()).toEqual({ enabled: true, label: 'Test IdP' })
    const plain = await startTestWorkspace()
    try {
      expect(await (await fetch(`${plain.workspace.url}/api/oidc`)).json()).toEqual({ enabled: false })
      expect((await fetch(`${plain.workspace.url}/api/oidc/start`, { redirect: 'manual' })).status).toBe(404)
    } finally {
      await plain.dispose()
    }
  })

  it('creates an account on the first sign-on, signs the same account in again, and never links by name', async () => {
    const first = await signOnAsBrowser(`${base}/api/oidc/start`, 'ada-sub')
    expect(first.location).toBe(`${base}/`)
    const ada = (await session(first.jar)).account!
    // The first account of a fresh workspace is its administrator, named from the provider's claims.
    expect(ada).toMatchObject({ username: 'ada.l', displayName: 'Ada Lovelace', isAdmin: true })

    const again = await signOnAsBrowser(`${base}/api/oidc/start`, 'ada-sub')
    expect((await session(again.jar)).account!.id).toBe(ada.id)

    // Another person whose provider username is the same gets an account of their own.
    const bob = await signOnAsBrowser(`${base}/api/oidc/start`, 'bob-sub')
    const bobAccount = (await session(bob.jar)).account!
    expect(bobAccount.id).not.toBe(ada.id)
    expect(bobAccount).toMatchObject({ username: 'ada.l-2', displayName: 'Bob', isAdmin: false })
    expect((await ws.workspace.access.store.listAccounts()).map((a) => a.username).sort()).toEqual(['ada.l', 'ada.l-2'])

    // No password signs in as an account made by sign-on.
    for (const password of ['', 'any password', 'external']) {
      expect((await ws.workspace.access.signIn('ada.l', password)).ok).toBe(false)
    }
  })

  it('links the identity to the account already signed in in that browser', async () => {
    await ws.workspace.access.createFirstAccount({ username: 'olga', password: 'olga password 1' })
    const signedIn = await ws.workspace.access.signIn('olga', 'olga password 1')
    if (!signedIn.ok) throw new Error(signedIn.reason)
    const jar = new CookieJar()
    jar.store(base, [`variorum_session=${signedIn.sessionId}; Path=/`])
    await signOnAsBrowser(`${base}/api/oidc/start`, 'ada-sub', jar)
    // A fresh browser signing on as that identity is now Olga.
    const later = await signOnAsBrowser(`${base}/api/oidc/start`, 'ada-sub')
    expect((await session(later.jar)).account).toMatchObject({ id: signedIn.account.id, username: 'olga' })
    expect((await ws.workspace.access.store.listAccounts()).length).toBe(1)
  })

  it("refuses a provider answer that this browser did not ask for, or one replayed, and a disabled account's", async () => {
    // Another browser's callback (its code and state) without this browser's pending cookie.
    const start = await fetch(`${base}/api/oidc/start`, { redirect: 'manual' })
    expect(start.status).toBe(302)
    const authorize = new URL(start.headers.get('location')!)
    expect(authorize.origin).toBe(idp.issuer)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${base}/api/oidc/callback`)
    const forged = await fetch(`${base}/api/oidc/callback?code=made-up&state=${authorize.searchParams.get('state')}`, { redirect: 'manual' })
    expect([forged.status, forged.headers.get('location')]).toEqual([302, '/?sign-on-error=refused'])
    expect(forged.headers.getSetCookie().some((c) => c.startsWith('variorum_session='))).toBe(false)

    // A real callback replayed after it was used: by the same browser, and by one that started a sign-on of its own.
    const done = await signOnAsBrowser(`${base}/api/oidc/start`, 'ada-sub')
    const callback = done.visited.find((url) => url.startsWith(`${base}/api/oidc/callback?`))!
    expect(new URL(callback).searchParams.get('code')).toBeTruthy()
    const replay = async (jar: CookieJar) => {
      const answer = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header(base) } })
      return [answer.status, answer.headers.get('location'), answer.headers.getSetCookie().some((c) => c.startsWith('variorum_session='))]
    }
    expect(await replay(done.jar)).toEqual([302, '/?sign-on-error=refused', false])
    const other = new CookieJar()
    other.store(base, (await fetch(`${base}/api/oidc/start`, { redirect: 'manual' })).headers.getSetCookie())
    expect(other.get(base, 'variorum_oidc')).toBeTruthy()
    expect(await replay(other)).toEqual([302, '/?sign-on-error=refused', false])

    // A disabled account cannot sign on.
    expect(await ws.workspace.access.setAccountDisabled('ada.l', true)).toEqual({ ok: true })
    const disabled = await signOnAsBrowser(`${base}/api/oidc/start`, 'ada-sub')
    expect(disabled.location).toBe(`${base}/?sign-on-error=disabled`)
    expect(disabled.jar.get(base, 'variorum_session')).toBeUndefined()
  })
})
