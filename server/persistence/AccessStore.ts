import type { DocumentRole } from '../../doc/access/roles'

/**
 * Where accounts and access live (issue 14): accounts, sessions, script tokens,
 * per-document roles, share links and the audit log. Secrets arrive here already
 * hashed (server/access/secrets.ts, server/access/passwords.ts): no method takes
 * or returns a clear password, session id or token.
 *
 * Every method returns a Promise, although the SQLite engine answers at once:
 * a PostgreSQL engine (issue 16) can implement the same interface over a pool.
 * Callers never rely on a method completing synchronously. Times are ISO 8601
 * strings in UTC; "now" is passed in where it decides an answer, so tests and
 * engines agree on the clock.
 */
export interface AccessStore {
  /** Number of accounts, disabled ones included: 0 means the workspace is in open mode (first run). */
  countAccounts(): Promise<number>
  /**
   * Creates the first account as an administrator who owns every document already
   * in the catalog, in one transaction, only if there is no account yet.
   * Returns the account, or null when an account exists (someone else was first).
   */
  createFirstAccount(account: NewAccount, now: string): Promise<Account | null>
  /** Creates an account; `{ ok: false }` when the username is taken (case-insensitively). */
  createAccount(account: NewAccount, now: string): Promise<{ ok: true; account: Account } | { ok: false; reason: 'username-taken' }>
  /** The account with this username (case-insensitive), with its password hash; null when none. */
  findAccountByUsername(username: string): Promise<AccountWithSecret | null>
  /** The account with this id, or null. */
  getAccount(id: string): Promise<Account | null>
  /** Every account, by username. */
  listAccounts(): Promise<Account[]>
  /** Replaces the password hash and revokes every session of the account. */
  setPasswordHash(accountId: string, passwordHash: string, now: string): Promise<void>
  /** Disables or re-enables an account; disabling revokes its sessions. */
  setDisabled(accountId: string, disabled: boolean, now: string): Promise<void>

  /** The account an OpenID Connect identity (`issuer`, `subject`) signs in as, or null when not linked. */
  findExternalIdentity(issuer: string, subject: string): Promise<string | null>
  /** Links an identity to an account; false when the identity is linked already (to any account). */
  linkExternalIdentity(issuer: string, subject: string, accountId: string, now: string): Promise<boolean>

  createSession(session: NewSession): Promise<void>
  /** The live session with this id hash (not revoked, not expired at `now`), or null. */
  findSession(idHash: string, now: string): Promise<SessionRecord | null>
  revokeSession(idHash: string, now: string): Promise<void>

  createToken(token: NewToken): Promise<void>
  /** The unrevoked token with this hash, or null. */
  findToken(tokenHash: string): Promise<TokenRecord | null>
  /** Every token, revoked ones included (never their hashes). */
  listTokens(): Promise<TokenRecord[]>
  /** Revokes a token by id or by name; false when no live token matched. */
  revokeToken(idOrName: string, now: string): Promise<boolean>

  /** Grants `role` on the document (replacing any role the account had), or removes it when null. */
  setRole(documentId: string, accountId: string, role: DocumentRole | null, now: string): Promise<void>
  /** The role granted to the account on the document, or null (administrators own everything regardless). */
  getRole(documentId: string, accountId: string): Promise<DocumentRole | null>
  /**
   * Forgets a document purged from the trash: its roles, share links and the tokens
   * limited to it (its audit log stays: it records the deletion). Returns the rows removed.
   */
  forgetDocument(documentId: string): Promise<number>
  /** Who has a role on the document. */
  listRoles(documentId: string): Promise<{ accountId: string; role: DocumentRole }[]>

  createShareLink(link: NewShareLink): Promise<void>
  /** The live share link with this hash (not revoked, not expired at `now`), or null. */
  findShareLink(tokenHash: string, now: string): Promise<ShareLinkRecord | null>
  listShareLinks(documentId: string): Promise<ShareLinkRecord[]>
  /** Revokes a share link; returns its document's id, or null when it did not exist or was revoked already. */
  revokeShareLink(id: string, now: string): Promise<string | null>

  /** Appends to the document's audit log. `details` is stored as JSON, never formatted into text. */
  appendAudit(entry: NewAuditEntry): Promise<void>
  /** The document's audit log, oldest first. */
  listAudit(documentId: string): Promise<AuditEntry[]>

  /**
   * A number that grows with every revocation, role change, disabling, password
   * reset, and with the first account (open mode ends), in this process or another one on the same database (the CLI beside a
   * running server): the sync server polls it and re-checks its open sockets when it moves.
   */
  accessRevision(): Promise<number>
}

export interface NewAccount {
  id: string
  username: string
  displayName: string
  /** `scrypt$…` from server/access/passwords.ts. */
  passwordHash: string
  isAdmin: boolean
}

export interface Account {
  id: string
  username: string
  displayName: string
  isAdmin: boolean
  disabled: boolean
  createdAt: string
}

export interface AccountWithSecret extends Account {
  passwordHash: string
}

export interface NewSession {
  /** SHA-256 (hex) of the session id in the cookie. */
  idHash: string
  accountId: string
  createdAt: string
  expiresAt: string
}

export interface SessionRecord {
  accountId: string
  createdAt: string
  expiresAt: string
}

/** A token for scripts and other Yjs clients: a role on one document, or on every document when `documentId` is null. */
export interface NewToken {
  id: string
  tokenHash: string
  name: string
  role: DocumentRole
  documentId: string | null
  createdAt: string
}

export interface TokenRecord {
  id: string
  name: string
  role: DocumentRole
  documentId: string | null
  createdAt: string
  revokedAt: string | null
}

export interface NewShareLink {
  id: string
  tokenHash: string
  documentId: string
  role: DocumentRole
  /** Account id of whoever made it. */
  createdBy: string
  createdAt: string
  /** Null: never expires (until revoked). */
  expiresAt: string | null
}

export interface ShareLinkRecord {
  id: string
  documentId: string
  role: DocumentRole
  createdBy: string
  createdAt: string
  expiresAt: string | null
  revokedAt: string | null
}

/** What the audit log records: joins, role changes, shares, imports, exports, deletions. */
export type AuditAction = 'join' | 'role-change' | 'share' | 'share-revoke' | 'import' | 'export' | 'delete' | 'refused-update' | 'rename' | 'trash' | 'restore'

export interface NewAuditEntry {
  documentId: string
  at: string
  /** Principal id: an account id, `token:<id>`, `share:<id>`, or `cli`. */
  actorId: string
  action: AuditAction
  details: Record<string, unknown>
}

export interface AuditEntry extends NewAuditEntry {
  id: number
}
