import type Database from 'better-sqlite3'
import { isDocumentRole, type DocumentRole } from '../../doc/access/roles'
import type {
  AccessStore,
  Account,
  AccountWithSecret,
  AuditEntry,
  NewAccount,
  NewAuditEntry,
  NewSession,
  NewShareLink,
  NewToken,
  SessionRecord,
  ShareLinkRecord,
  TokenRecord,
} from './AccessStore'

interface AccountRow {
  id: string
  username: string
  display_name: string
  password_hash: string
  is_admin: number
  disabled: number
  created_at: string
}

interface TokenRow {
  id: string
  name: string
  role: string
  document_id: string | null
  created_at: string
  revoked_at: string | null
}

interface ShareLinkRow {
  id: string
  document_id: string
  role: string
  created_by: string
  created_at: string
  expires_at: string | null
  revoked_at: string | null
}

const toAccount = (row: AccountRow): Account => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  isAdmin: row.is_admin === 1,
  disabled: row.disabled === 1,
  createdAt: row.created_at,
})

/** A role read back from a row; a row this server did not write is a bug, not an expected failure. */
function storedRole(value: string): DocumentRole {
  if (!isDocumentRole(value)) throw new RangeError(`stored role "${value}" is not a document role`)
  return value
}

const toToken = (row: TokenRow): TokenRecord => ({
  id: row.id,
  name: row.name,
  role: storedRole(row.role),
  documentId: row.document_id,
  createdAt: row.created_at,
  revokedAt: row.revoked_at,
})

const toShareLink = (row: ShareLinkRow): ShareLinkRecord => ({
  id: row.id,
  documentId: row.document_id,
  role: storedRole(row.role),
  createdBy: row.created_by,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
})

/**
 * AccessStore on the workspace's SQLite database (migration 2). better-sqlite3
 * answers synchronously; the methods are `async` only to keep the interface an
 * engine with a network round trip can implement. Several processes may use the
 * same file (the `variorum user …` CLI beside a running server): openDatabase sets
 * WAL mode and a busy timeout, and each write is one short transaction.
 */
export class SqliteAccessStore implements AccessStore {
  constructor(private readonly db: Database.Database) {}

  async countAccounts(): Promise<number> {
    return (this.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }).n
  }

  async createFirstAccount(account: NewAccount, now: string): Promise<Account | null> {
    // IMMEDIATE takes the write lock before counting, so two first-run sign-ups
    // (two processes, or two requests) cannot both see an empty table.
    const create = this.db.transaction((): Account | null => {
      const { n } = this.db.prepare('SELECT count(*) AS n FROM accounts').get() as { n: number }
      if (n > 0) return null
      this.insertAccount({ ...account, isAdmin: true }, now)
      // The first account owns the documents loaded from documents/ (and any uploaded in open mode).
      this.db
        .prepare(
          `INSERT OR IGNORE INTO document_roles (document_id, account_id, role, granted_at)
           SELECT id, ?, 'owner', ? FROM documents`,
        )
        .run(account.id, now)
      // Open mode ends: servers on this database close their anonymous sockets.
      this.bumpRevision()
      return this.accountById(account.id)
    })
    return create.immediate()
  }

  async createAccount(account: NewAccount, now: string): Promise<{ ok: true; account: Account } | { ok: false; reason: 'username-taken' }> {
    try {
      this.insertAccount(account, now)
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return { ok: false, reason: 'username-taken' }
      throw error
    }
    return { ok: true, account: this.accountById(account.id)! }
  }

  async findAccountByUsername(username: string): Promise<AccountWithSecret | null> {
    const row = this.db.prepare('SELECT * FROM accounts WHERE username = ?').get(username) as AccountRow | undefined
    return row ? { ...toAccount(row), passwordHash: row.password_hash } : null
  }

  async getAccount(id: string): Promise<Account | null> {
    return this.accountById(id)
  }

  async listAccounts(): Promise<Account[]> {
    return (this.db.prepare('SELECT * FROM accounts ORDER BY username').all() as AccountRow[]).map(toAccount)
  }

  async setPasswordHash(accountId: string, passwordHash: string, now: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('UPDATE accounts SET password_hash = ? WHERE id = ?').run(passwordHash, accountId)
      this.revokeSessionsOf(accountId, now)
      this.bumpRevision()
    })()
  }

  async setDisabled(accountId: string, disabled: boolean, now: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('UPDATE accounts SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, accountId)
      if (disabled) this.revokeSessionsOf(accountId, now)
      this.bumpRevision()
    })()
  }

  async createSession(session: NewSession): Promise<void> {
    this.db
      .prepare('INSERT INTO sessions (id_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(session.idHash, session.accountId, session.createdAt, session.expiresAt)
  }

  async findSession(idHash: string, now: string): Promise<SessionRecord | null> {
    const row = this.db
      .prepare('SELECT account_id, created_at, expires_at FROM sessions WHERE id_hash = ? AND revoked_at IS NULL AND expires_at > ?')
      .get(idHash, now) as { account_id: string; created_at: string; expires_at: string } | undefined
    return row ? { accountId: row.account_id, createdAt: row.created_at, expiresAt: row.expires_at } : null
  }

  async revokeSession(idHash: string, now: string): Promise<void> {
    this.db.transaction(() => {
      this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL').run(now, idHash)
      this.bumpRevision()
    })()
  }

  async createToken(token: NewToken): Promise<void> {
    this.db
      .prepare('INSERT INTO api_tokens (id, token_hash, name, role, document_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(token.id, token.tokenHash, token.name, token.role, token.documentId, token.createdAt)
  }

  async findToken(tokenHash: string): Promise<TokenRecord | null> {
    const row = this.db
      .prepare('SELECT id, name, role, document_id, created_at, revoked_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL')
      .get(tokenHash) as TokenRow | undefined
    return row ? toToken(row) : null
  }

  async listTokens(): Promise<TokenRecord[]> {
    const rows = this.db
      .prepare('SELECT id, name, role, document_id, created_at, revoked_at FROM api_tokens ORDER BY created_at, id')
      .all() as TokenRow[]
    return rows.map(toToken)
  }

  async revokeToken(idOrName: string, now: string): Promise<boolean> {
    return this.db.transaction(() => {
      const { changes } = this.db
        .prepare('UPDATE api_tokens SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL')
        .run(now, idOrName, idOrName)
      if (changes > 0) this.bumpRevision()
      return changes > 0
    })()
  }

  async setRole(documentId: string, accountId: string, role: DocumentRole | null, now: string): Promise<void> {
    this.db.transaction(() => {
      if (role === null) {
        this.db.prepare('DELETE FROM document_roles WHERE document_id = ? AND account_id = ?').run(documentId, accountId)
      } else {
        this.db
          .prepare(
            `INSERT INTO document_roles (document_id, account_id, role, granted_at) VALUES (?, ?, ?, ?)
             ON CONFLICT(document_id, account_id) DO UPDATE SET role = excluded.role, granted_at = excluded.granted_at`,
          )
          .run(documentId, accountId, role, now)
      }
      this.bumpRevision()
    })()
  }

  async getRole(documentId: string, accountId: string): Promise<DocumentRole | null> {
    const row = this.db
      .prepare('SELECT role FROM document_roles WHERE document_id = ? AND account_id = ?')
      .get(documentId, accountId) as { role: string } | undefined
    return row ? storedRole(row.role) : null
  }

  async listRoles(documentId: string): Promise<{ accountId: string; role: DocumentRole }[]> {
    const rows = this.db
      .prepare('SELECT account_id, role FROM document_roles WHERE document_id = ? ORDER BY granted_at, account_id')
      .all(documentId) as { account_id: string; role: string }[]
    return rows.map((row) => ({ accountId: row.account_id, role: storedRole(row.role) }))
  }

  async createShareLink(link: NewShareLink): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO share_links (id, token_hash, document_id, role, created_by, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(link.id, link.tokenHash, link.documentId, link.role, link.createdBy, link.createdAt, link.expiresAt)
  }

  async findShareLink(tokenHash: string, now: string): Promise<ShareLinkRecord | null> {
    const row = this.db
      .prepare(
        `SELECT id, document_id, role, created_by, created_at, expires_at, revoked_at FROM share_links
         WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
      )
      .get(tokenHash, now) as ShareLinkRow | undefined
    return row ? toShareLink(row) : null
  }

  async listShareLinks(documentId: string): Promise<ShareLinkRecord[]> {
    const rows = this.db
      .prepare(
        `SELECT id, document_id, role, created_by, created_at, expires_at, revoked_at FROM share_links
         WHERE document_id = ? ORDER BY created_at, id`,
      )
      .all(documentId) as ShareLinkRow[]
    return rows.map(toShareLink)
  }

  async revokeShareLink(id: string, now: string): Promise<string | null> {
    return this.db.transaction(() => {
      const row = this.db
        .prepare('UPDATE share_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING document_id')
        .get(now, id) as { document_id: string } | undefined
      if (row) this.bumpRevision()
      return row?.document_id ?? null
    })()
  }

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    this.db
      .prepare('INSERT INTO audit_log (document_id, at, actor_id, action, details) VALUES (?, ?, ?, ?, ?)')
      .run(entry.documentId, entry.at, entry.actorId, entry.action, JSON.stringify(entry.details))
  }

  async listAudit(documentId: string): Promise<AuditEntry[]> {
    const rows = this.db
      .prepare('SELECT id, document_id, at, actor_id, action, details FROM audit_log WHERE document_id = ? ORDER BY id')
      .all(documentId) as { id: number; document_id: string; at: string; actor_id: string; action: AuditEntry['action']; details: string }[]
    return rows.map((row) => ({
      id: row.id,
      documentId: row.document_id,
      at: row.at,
      actorId: row.actor_id,
      action: row.action,
      details: JSON.parse(row.details) as Record<string, unknown>,
    }))
  }

  async accessRevision(): Promise<number> {
    return (this.db.prepare('SELECT revision FROM access_revision').get() as { revision: number }).revision
  }

  async findExternalIdentity(issuer: string, subject: string): Promise<string | null> {
    const row = this.db.prepare('SELECT account_id FROM external_identities WHERE issuer = ? AND subject = ?').get(issuer, subject) as { account_id: string } | undefined
    return row?.account_id ?? null
  }

  async linkExternalIdentity(issuer: string, subject: string, accountId: string, now: string): Promise<boolean> {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO external_identities (issuer, subject, account_id, linked_at) VALUES (?, ?, ?, ?)')
      .run(issuer, subject, accountId, now)
    return result.changes === 1
  }

  private insertAccount(account: NewAccount, now: string): void {
    this.db
      .prepare(
        `INSERT INTO accounts (id, username, display_name, password_hash, is_admin, disabled, created_at)
         VALUES (?, ?, ?, ?, ?, 0, ?)`,
      )
      .run(account.id, account.username, account.displayName, account.passwordHash, account.isAdmin ? 1 : 0, now)
  }

  private accountById(id: string): Account | null {
    const row = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined
    return row ? toAccount(row) : null
  }

  private revokeSessionsOf(accountId: string, now: string): void {
    this.db.prepare('UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL').run(now, accountId)
  }

  private bumpRevision(): void {
    this.db.prepare('UPDATE access_revision SET revision = revision + 1').run()
  }
}
