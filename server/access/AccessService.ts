import { randomUUID } from 'node:crypto'
import { isDocumentRole, type DocumentRole } from '../../doc/access/roles'
import type { AccessStore, Account, AuditAction, ShareLinkRecord, TokenRecord } from '../persistence/AccessStore'
import { hashPassword, verifyPassword, type ScryptParams } from './passwords'
import type { Credentials, Principal, ResolvedAccess } from './Principal'
import { SECRET_PREFIX, hashSecret, newSecret } from './secrets'

/** Shortest password accepted: 8 characters (NIST SP 800-63B's minimum for chosen passwords). */
export const MIN_PASSWORD_LENGTH = 8
/** Longest password accepted; scrypt hashes any length, this bounds the work per request. */
export const MAX_PASSWORD_LENGTH = 1024
/** How long a session lasts after sign-in: 14 days. */
export const SESSION_LIFETIME_MS = 14 * 24 * 3600 * 1000

/** Display name of a share-link principal: the link stands for whoever holds it. */
export const SHARE_LINK_NAME = 'Guest'

export type PasswordProblem = 'password-too-short' | 'password-too-long'

/** Why a username is refused: empty, too long, or with characters other than letters, digits, `.`, `_`, `-`. */
export type UsernameProblem = 'invalid-username'

const USERNAME = /^[\p{L}\p{N}._-]{1,64}$/u

/**
 * Accounts, sessions, tokens, roles and share links as the HTTP layer, the sync
 * server and the CLI use them: hashing and random secrets here, storage behind
 * `AccessStore`. Clear secrets exist only in the values this returns to the caller
 * who hands them out (the session cookie, the printed token, the share URL).
 *
 * `onChange` listeners hear every revocation or role change made through this
 * instance, so the sync server closes the affected sockets at once; changes made by
 * another process (the CLI) reach it through `AccessStore.accessRevision`.
 */
export class AccessService {
  private readonly listeners = new Set<() => unknown>()
  /** A hash to verify against when the username is unknown, so both cases take as long. */
  private dummyHash: Promise<string> | null = null

  constructor(
    readonly store: AccessStore,
    private readonly options: { scrypt?: ScryptParams; now?: () => Date } = {},
  ) {}

  /** True while no account exists: the workspace is open to everyone as an editor (first run). */
  async isOpen(): Promise<boolean> {
    return (await this.store.countAccounts()) === 0
  }

  /**
   * Creates the first account (an administrator owning every document so far) on a
   * fresh workspace. `{ ok: false, reason: 'not-first' }` once any account exists.
   */
  async createFirstAccount(input: { username: string; displayName?: string; password: string }): Promise<
    { ok: true; account: Account } | { ok: false; reason: 'not-first' | PasswordProblem | UsernameProblem }
  > {
    const problem = checkUsername(input.username) ?? checkPassword(input.password)
    if (problem) return { ok: false, reason: problem }
    const account = await this.store.createFirstAccount(await this.newAccount({ ...input, admin: true }), this.now())
    if (!account) return { ok: false, reason: 'not-first' }
    // Open mode ends: anonymous sockets are closed.
    await this.changed()
    return { ok: true, account }
  }

  /**
   * Adds an account (CLI `user add`, or an administrator's page). On a workspace
   * without accounts it is the first account: an administrator owning every
   * document so far, whatever `admin` says.
   */
  async addAccount(input: { username: string; displayName?: string; password: string; admin?: boolean }): Promise<
    { ok: true; account: Account } | { ok: false; reason: 'username-taken' | PasswordProblem | UsernameProblem }
  > {
    const problem = checkUsername(input.username) ?? checkPassword(input.password)
    if (problem) return { ok: false, reason: problem }
    const account = await this.newAccount(input)
    if (await this.isOpen()) {
      const first = await this.store.createFirstAccount({ ...account, isAdmin: true }, this.now())
      if (first) {
        await this.changed()
        return { ok: true, account: first }
      }
    }
    return this.store.createAccount(account, this.now())
  }

  /**
   * Checks a username and password; on success opens a session and returns its id
   * (for the `variorum_session` cookie) once: only its hash is stored. Unknown
   * usernames, wrong passwords and disabled accounts all answer `invalid-credentials`.
   */
  async signIn(username: string, password: string): Promise<
    { ok: true; sessionId: string; account: Account; expiresAt: string } | { ok: false; reason: 'invalid-credentials' }
  > {
    const found = await this.store.findAccountByUsername(username)
    if (!found || password.length > MAX_PASSWORD_LENGTH) {
      // Spend the same time as a real check: the answer's delay must not tell which usernames exist.
      await verifyPassword(password.slice(0, MAX_PASSWORD_LENGTH), await this.dummy())
      return { ok: false, reason: 'invalid-credentials' }
    }
    const matches = await verifyPassword(password, found.passwordHash)
    if (!matches || found.disabled) return { ok: false, reason: 'invalid-credentials' }
    const { passwordHash: _secret, ...account } = found
    return { ok: true, account, ...(await this.openSession(account.id)) }
  }

  /**
   * Signs in with an identity an OpenID Connect provider vouched for (server/access/
   * OidcSignOn.ts): the account linked to (`issuer`, `subject`); else, when `linkTo`
   * (the account already signed in in that browser) is given, the identity is linked
   * to it; else a new account is made and linked (no password: it signs in only
   * through the provider), named after the provider's `preferred_username` (or the
   * e-mail's local part, or the subject) made valid and unique, e.g. "ada.l" or
   * "ada.l-2". On a workspace without accounts that first account is its
   * administrator, as with `createFirstAccount`. Never links by name or e-mail: a
   * provider's user of the same name is not the same person. Refused
   * (`account-disabled`) for a disabled account.
   */
  async signInExternal(identity: ExternalIdentity, linkTo: Account | null = null): Promise<
    | { ok: true; sessionId: string; account: Account; expiresAt: string; created: boolean }
    | { ok: false; reason: 'account-disabled' }
  > {
    const now = this.now()
    let created = false
    let accountId = await this.store.findExternalIdentity(identity.issuer, identity.subject)
    if (!accountId && linkTo) {
      if (await this.store.linkExternalIdentity(identity.issuer, identity.subject, linkTo.id, now)) accountId = linkTo.id
      else accountId = await this.store.findExternalIdentity(identity.issuer, identity.subject)
    }
    if (!accountId) {
      const account = await this.createExternalAccount(identity)
      // Two first sign-ons of one identity at once: the second link fails and both use the first.
      accountId = (await this.store.linkExternalIdentity(identity.issuer, identity.subject, account.id, now))
        ? account.id
        : await this.store.findExternalIdentity(identity.issuer, identity.subject)
      created = accountId === account.id
    }
    const account = accountId ? await this.store.getAccount(accountId) : null
    if (!account || account.disabled) return { ok: false, reason: 'account-disabled' }
    return { ok: true, account, created, ...(await this.openSession(account.id)) }
  }

  private async createExternalAccount(identity: ExternalIdentity): Promise<Account> {
    const base = usernameFrom(identity)
    const displayName = identity.name?.trim().slice(0, 200) || base
    // Not a scrypt hash: verifyPassword refuses it, so no password signs in as this account.
    const passwordHash = `external$${randomUUID()}`
    if (await this.isOpen()) {
      const first = await this.store.createFirstAccount({ id: randomUUID(), username: base, displayName, passwordHash, isAdmin: true }, this.now())
      if (first) {
        await this.changed()
        return first
      }
    }
    for (let n = 1; ; n++) {
      const username = n === 1 ? base : `${base.slice(0, 60)}-${n}`
      const made = await this.store.createAccount({ id: randomUUID(), username, displayName, passwordHash, isAdmin: false }, this.now())
      if (made.ok) return made.account
    }
  }

  private async openSession(accountId: string): Promise<{ sessionId: string; expiresAt: string }> {
    const sessionId = newSecret(SECRET_PREFIX.session)
    const created = this.clock()
    const expiresAt = new Date(created.getTime() + SESSION_LIFETIME_MS).toISOString()
    await this.store.createSession({ idHash: hashSecret(sessionId), accountId, createdAt: created.toISOString(), expiresAt })
    return { sessionId, expiresAt }
  }

  /** The account behind a live session id, or null (unknown, expired, revoked, or the account disabled). */
  async accountForSession(sessionId: string): Promise<Account | null> {
    const session = await this.store.findSession(hashSecret(sessionId), this.now())
    if (!session) return null
    const account = await this.store.getAccount(session.accountId)
    return account && !account.disabled ? account : null
  }

  /** Ends a session (sign-out); its sockets close. */
  async signOut(sessionId: string): Promise<void> {
    await this.store.revokeSession(hashSecret(sessionId), this.now())
    await this.changed()
  }

  /** Changes one's own password after checking the current one; every session of the account ends. */
  async changePassword(accountId: string, current: string, next: string): Promise<
    { ok: true } | { ok: false; reason: 'invalid-credentials' | PasswordProblem }
  > {
    const account = await this.store.getAccount(accountId)
    const found = account && (await this.store.findAccountByUsername(account.username))
    if (!found || !(await verifyPassword(current, found.passwordHash))) return { ok: false, reason: 'invalid-credentials' }
    return this.setPassword(found.id, next)
  }

  /** Sets a new password for `username` (administrators: CLI `user reset-password`); its sessions end. */
  async resetPassword(username: string, password: string): Promise<{ ok: true } | { ok: false; reason: 'unknown-user' | PasswordProblem }> {
    const found = await this.store.findAccountByUsername(username)
    if (!found) return { ok: false, reason: 'unknown-user' }
    return this.setPassword(found.id, password)
  }

  /** Disables (or re-enables) an account: it cannot sign in, and its sessions and sockets end. */
  async setAccountDisabled(username: string, disabled: boolean): Promise<{ ok: true } | { ok: false; reason: 'unknown-user' }> {
    const found = await this.store.findAccountByUsername(username)
    if (!found) return { ok: false, reason: 'unknown-user' }
    await this.store.setDisabled(found.id, disabled, this.now())
    await this.changed()
    return { ok: true }
  }

  /**
   * Creates a token for scripts and other Yjs clients with `role` on one document
   * (or on every document when `documentId` is null). The clear token is returned
   * once, to be printed; only its hash is stored.
   */
  async createToken(input: { name: string; role: DocumentRole; documentId: string | null }): Promise<{ token: string; record: TokenRecord }> {
    if (!input.name.trim()) throw new RangeError('a token needs a name')
    if (!isDocumentRole(input.role)) throw new RangeError(`unknown role "${String(input.role)}"`)
    const token = newSecret(SECRET_PREFIX.token)
    const record: TokenRecord = { id: randomUUID(), name: input.name, role: input.role, documentId: input.documentId, createdAt: this.now(), revokedAt: null }
    await this.store.createToken({ ...record, tokenHash: hashSecret(token) })
    return { token, record }
  }

  /** Revokes a token by id or name; its sockets close. False when no live token matched. */
  async revokeToken(idOrName: string): Promise<boolean> {
    const revoked = await this.store.revokeToken(idOrName, this.now())
    if (revoked) await this.changed()
    return revoked
  }

  /**
   * Makes a share link for a document: whoever holds the returned token joins with
   * `role` until `expiresAt` (null: until revoked). Recorded in the audit log.
   */
  async createShareLink(input: { documentId: string; role: DocumentRole; expiresAt: string | null; createdBy: string }): Promise<{ token: string; link: ShareLinkRecord }> {
    if (!isDocumentRole(input.role) || input.role === 'owner') throw new RangeError(`a share link cannot carry the role "${String(input.role)}"`)
    const token = newSecret(SECRET_PREFIX.shareLink)
    const link: ShareLinkRecord = { id: randomUUID(), ...input, createdAt: this.now(), revokedAt: null }
    await this.store.createShareLink({ ...link, tokenHash: hashSecret(token) })
    await this.audit(input.documentId, input.createdBy, 'share', { linkId: link.id, role: input.role, expiresAt: input.expiresAt })
    return { token, link }
  }

  /** Revokes a share link; every socket opened with it closes. False when it was not live. */
  async revokeShareLink(linkId: string, by: string): Promise<boolean> {
    const documentId = await this.store.revokeShareLink(linkId, this.now())
    if (documentId === null) return false
    await this.changed()
    await this.audit(documentId, by, 'share-revoke', { linkId })
    return true
  }

  /** Grants `role` on a document to an account, or removes its role (null); audited, and its sockets re-checked. */
  async setRole(documentId: string, accountId: string, role: DocumentRole | null, by: string): Promise<void> {
    await this.store.setRole(documentId, accountId, role, this.now())
    await this.audit(documentId, by, 'role-change', { accountId, role })
    await this.changed()
  }

  /** Appends to a document's audit log; `details` are stored as data, never formatted into a line. */
  audit(documentId: string, actorId: string, action: AuditAction, details: Record<string, unknown> = {}): Promise<void> {
    return this.store.appendAudit({ documentId, at: this.now(), actorId, action, details })
  }

  /**
   * Who the credentials stand for and what role they hold on `documentId`, or null
   * when they prove nothing or give no role on it. A session wins over a token when
   * both are given. Administrators are owners of every document.
   */
  async resolve(credentials: Credentials, documentId: string): Promise<ResolvedAccess | null> {
    if (credentials.sessionId) {
      const account = await this.accountForSession(credentials.sessionId)
      if (account) {
        const role = account.isAdmin ? 'owner' : await this.store.getRole(documentId, account.id)
        return role ? { principal: accountPrincipal(account), role } : null
      }
    }
    const token = credentials.token
    if (token?.startsWith(SECRET_PREFIX.token)) {
      const record = await this.store.findToken(hashSecret(token))
      if (!record || (record.documentId !== null && record.documentId !== documentId)) return null
      return { principal: { kind: 'token', id: `token:${record.id}`, name: record.name }, role: record.role }
    }
    if (token?.startsWith(SECRET_PREFIX.shareLink)) {
      const link = await this.store.findShareLink(hashSecret(token), this.now())
      if (!link || link.documentId !== documentId) return null
      return { principal: shareLinkPrincipal(link), role: link.role }
    }
    return null
  }

  /** The principal a share-link token stands for, whatever document it opens; null for an unknown, revoked or expired link. */
  async shareLinkPrincipal(token: string): Promise<Principal | null> {
    if (!token.startsWith(SECRET_PREFIX.shareLink)) return null
    const link = await this.store.findShareLink(hashSecret(token), this.now())
    return link ? shareLinkPrincipal(link) : null
  }

  /**
   * Calls `listener` after every revocation or role change made through this service;
   * returns the unsubscriber. The change's method resolves once every listener's
   * promise has: e.g. `setRole` answers after the open sockets follow the new role,
   * so the very next update of a lowered editor is refused.
   */
  onChange(listener: () => unknown): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private async changed(): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener()))
  }

  private async setPassword(accountId: string, password: string): Promise<{ ok: true } | { ok: false; reason: PasswordProblem }> {
    const problem = checkPassword(password)
    if (problem) return { ok: false, reason: problem }
    await this.store.setPasswordHash(accountId, await hashPassword(password, this.options.scrypt), this.now())
    await this.changed()
    return { ok: true }
  }

  private async newAccount(input: { username: string; displayName?: string; password: string; admin?: boolean }) {
    return {
      id: randomUUID(),
      username: input.username,
      displayName: input.displayName?.trim() || input.username,
      passwordHash: await hashPassword(input.password, this.options.scrypt),
      isAdmin: input.admin ?? false,
    }
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= hashPassword(randomUUID(), this.options.scrypt)
    return this.dummyHash
  }

  private clock(): Date {
    return this.options.now?.() ?? new Date()
  }

  private now(): string {
    return this.clock().toISOString()
  }
}

/** Who an OpenID Connect provider says signed in: the ID token's `iss` and `sub`, and what it tells of the person. */
export interface ExternalIdentity {
  issuer: string
  subject: string
  preferredUsername?: string
  name?: string
  email?: string
}

/** A valid username for an external identity (USERNAME's letters), at most 64 characters. */
function usernameFrom(identity: ExternalIdentity): string {
  const candidates = [identity.preferredUsername, identity.email?.split('@')[0], identity.subject]
  for (const candidate of candidates) {
    const cleaned = (candidate ?? '').normalize('NFKC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 64)
    if (cleaned && USERNAME.test(cleaned)) return cleaned
  }
  return `user-${randomUUID().slice(0, 8)}`
}

/** The principal of a signed-in account. */
export function accountPrincipal(account: Account): Principal {
  return { kind: 'account', id: account.id, name: account.displayName }
}

function shareLinkPrincipal(link: ShareLinkRecord): Principal {
  return { kind: 'share', id: `share:${link.id}`, name: SHARE_LINK_NAME }
}

function checkPassword(password: string): PasswordProblem | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'password-too-short'
  if (password.length > MAX_PASSWORD_LENGTH) return 'password-too-long'
  return null
}

function checkUsername(username: string): UsernameProblem | null {
  return USERNAME.test(username) ? null : 'invalid-username'
}
