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
import type { SqlDatabase } from './SqlDatabase'

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
 * AccessStore over SqlDatabase: the same code on the workspace's SQLite file and
 * on PostgreSQL (issue #16). Several processes may use the same database (the
 * `variorum user …` CLI beside a running server, or several server instances):
 * each write is one short transaction, and the first account is created under
 * the write lock, so two first-run sign-ups cannot both see an empty table.
 * Usernames are unique case-insensitively (an index on lower(username)).
 */
export class SqlAccessStore implements AccessStore {
  constructor(private readonly sql: SqlDatabase) {}

  async countAccounts(): Promise<number> {
    const [row] = await this.sql.query<{ n: number }>('SELECT count(*) AS n FROM accounts')
    return row.n
  }

  async createFirstAccount(account: NewAccount, now: string): Promise<Account | null> {
    return this.sql.transaction(async (tx) => {
      const [{ n }] = await tx.query<{ n: number }>('SELECT count(*) AS n FROM accounts')
      if (n > 0) return null
      await this.insertAccount(tx, { ...account, isAdmin: true }, now)
      // The first account owns the documents loaded from documents/ (and any uploaded in open mode).
      await tx.run(
        `INSERT INTO document_roles (document_id, account_id, role, granted_at)
         SELECT id, ?, 'owner', ? FROM documents WHERE true ON CONFLICT DO NOTHING`,
        [account.id, now],
      )
      // Open mode ends: servers on this database close their anonymous sockets.
      await this.bumpRevision(tx)
      return this.accountById(tx, account.id)
    }, 'accounts')
  }

  async createAccount(account: NewAccount, now: string): Promise<{ ok: true; account: Account } | { ok: false; reason: 'username-taken' }> {
    try {
      await this.insertAccount(this.sql, account, now)
    } catch (error) {
      if (this.sql.isUniqueViolation(error)) return { ok: false, reason: 'username-taken' }
      throw error
    }
    return { ok: true, account: (await this.accountById(this.sql, account.id))! }
  }

  async findAccountByUsername(username: string): Promise<AccountWithSecret | null> {
    const [row] = await this.sql.query<AccountRow>('SELECT * FROM accounts WHERE lower(username) = lower(?)', [username])
    return row ? { ...toAccount(row), passwordHash: row.password_hash } : null
  }

  async getAccount(id: string): Promise<Account | null> {
    return this.accountById(this.sql, id)
  }

  async listAccounts(): Promise<Account[]> {
    return (await this.sql.query<AccountRow>('SELECT * FROM accounts ORDER BY lower(username) COLLATE BINARY, username COLLATE BINARY')).map(toAccount)
  }

  async setPasswordHash(accountId: string, passwordHash: string, now: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.run('UPDATE accounts SET password_hash = ? WHERE id = ?', [passwordHash, accountId])
      await this.revokeSessionsOf(tx, accountId, now)
      await this.bumpRevision(tx)
    })
  }

  async setDisabled(accountId: string, disabled: boolean, now: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.run('UPDATE accounts SET disabled = ? WHERE id = ?', [disabled ? 1 : 0, accountId])
      if (disabled) await this.revokeSessionsOf(tx, accountId, now)
      await this.bumpRevision(tx)
    })
  }

  async createSession(session: NewSession): Promise<void> {
    await this.sql.run('INSERT INTO sessions (id_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)', [
      session.idHash,
      session.accountId,
      session.createdAt,
      session.expiresAt,
    ])
  }

  async findSession(idHash: string, now: string): Promise<SessionRecord | null> {
    const [row] = await this.sql.query<{ account_id: string; created_at: string; expires_at: string }>(
      'SELECT account_id, created_at, expires_at FROM sessions WHERE id_hash = ? AND revoked_at IS NULL AND expires_at > ?',
      [idHash, now],
    )
    return row ? { accountId: row.account_id, createdAt: row.created_at, expiresAt: row.expires_at } : null
  }

  async revokeSession(idHash: string, now: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.run('UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL', [now, idHash])
      await this.bumpRevision(tx)
    })
  }

  async createToken(token: NewToken): Promise<void> {
    await this.sql.run('INSERT INTO api_tokens (id, token_hash, name, role, document_id, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
      token.id,
      token.tokenHash,
      token.name,
      token.role,
      token.documentId,
      token.createdAt,
    ])
  }

  async findToken(tokenHash: string): Promise<TokenRecord | null> {
    const [row] = await this.sql.query<TokenRow>(
      'SELECT id, name, role, document_id, created_at, revoked_at FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL',
      [tokenHash],
    )
    return row ? toToken(row) : null
  }

  async listTokens(): Promise<TokenRecord[]> {
    const rows = await this.sql.query<TokenRow>(
      'SELECT id, name, role, document_id, created_at, revoked_at FROM api_tokens ORDER BY created_at COLLATE BINARY, id COLLATE BINARY',
    )
    return rows.map(toToken)
  }

  async revokeToken(idOrName: string, now: string): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const changes = await tx.run('UPDATE api_tokens SET revoked_at = ? WHERE (id = ? OR name = ?) AND revoked_at IS NULL', [now, idOrName, idOrName])
      if (changes > 0) await this.bumpRevision(tx)
      return changes > 0
    })
  }

  async setRole(documentId: string, accountId: string, role: DocumentRole | null, now: string): Promise<void> {
    await this.sql.transaction(async (tx) => {
      if (role === null) {
        await tx.run('DELETE FROM document_roles WHERE document_id = ? AND account_id = ?', [documentId, accountId])
      } else {
        await tx.run(
          `INSERT INTO document_roles (document_id, account_id, role, granted_at) VALUES (?, ?, ?, ?)
           ON CONFLICT (document_id, account_id) DO UPDATE SET role = excluded.role, granted_at = excluded.granted_at`,
          [documentId, accountId, role, now],
        )
      }
      await this.bumpRevision(tx)
    })
  }

  async getRole(documentId: string, accountId: string): Promise<DocumentRole | null> {
    const [row] = await this.sql.query<{ role: string }>('SELECT role FROM document_roles WHERE document_id = ? AND account_id = ?', [documentId, accountId])
    return row ? storedRole(row.role) : null
  }

  async listRoles(documentId: string): Promise<{ accountId: string; role: DocumentRole }[]> {
    const rows = await this.sql.query<{ account_id: string; role: string }>(
      'SELECT account_id, role FROM document_roles WHERE document_id = ? ORDER BY granted_at COLLATE BINARY, account_id COLLATE BINARY',
      [documentId],
    )
    return rows.map((row) => ({ accountId: row.account_id, role: storedRole(row.role) }))
  }

  async createShareLink(link: NewShareLink): Promise<void> {
    await this.sql.run(
      `INSERT INTO share_links (id, token_hash, document_id, role, created_by, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      [link.id, link.tokenHash, link.documentId, link.role, link.createdBy, link.createdAt, link.expiresAt],
    )
  }

  async findShareLink(tokenHash: string, now: string): Promise<ShareLinkRecord | null> {
    const [row] = await this.sql.query<ShareLinkRow>(
      `SELECT id, document_id, role, created_by, created_at, expires_at, revoked_at FROM share_links
       WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
      [tokenHash, now],
    )
    return row ? toShareLink(row) : null
  }

  async listShareLinks(documentId: string): Promise<ShareLinkRecord[]> {
    const rows = await this.sql.query<ShareLinkRow>(
      `SELECT id, document_id, role, created_by, created_at, expires_at, revoked_at FROM share_links
       WHERE document_id = ? ORDER BY created_at COLLATE BINARY, id COLLATE BINARY`,
      [documentId],
    )
    return rows.map(toShareLink)
  }

  async forgetDocument(documentId: string): Promise<number> {
    return this.sql.transaction(async (tx) => {
      let removed = 0
      for (const table of ['document_roles', 'share_links', 'api_tokens']) {
        removed += (await tx.query<{ document_id: string }>(`DELETE FROM ${table} WHERE document_id = ? RETURNING document_id`, [documentId])).length
      }
      if (removed > 0) await this.bumpRevision(tx)
      return removed
    })
  }

  async revokeShareLink(id: string, now: string): Promise<string | null> {
    return this.sql.transaction(async (tx) => {
      const [row] = await tx.query<{ document_id: string }>(
        'UPDATE share_links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL RETURNING document_id',
        [now, id],
      )
      if (row) await this.bumpRevision(tx)
      return row?.document_id ?? null
    })
  }

  async appendAudit(entry: NewAuditEntry): Promise<void> {
    await this.sql.run('INSERT INTO audit_log (document_id, at, actor_id, action, details) VALUES (?, ?, ?, ?, ?)', [
      entry.documentId,
      entry.at,
      entry.actorId,
      entry.action,
      JSON.stringify(entry.details),
    ])
  }

  async listAudit(documentId: string): Promise<AuditEntry[]> {
    const rows = await this.sql.query<{ id: number; document_id: string; at: string; actor_id: string; action: AuditEntry['action']; details: string }>(
      'SELECT id, document_id, at, actor_id, action, details FROM audit_log WHERE document_id = ? ORDER BY id',
      [documentId],
    )
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
    const [row] = await this.sql.query<{ revision: number }>('SELECT revision FROM access_revision')
    return row.revision
  }

  async findExternalIdentity(issuer: string, subject: string): Promise<string | null> {
    const [row] = await this.sql.query<{ account_id: string }>('SELECT account_id FROM external_identities WHERE issuer = ? AND subject = ?', [issuer, subject])
    return row?.account_id ?? null
  }

  async linkExternalIdentity(issuer: string, subject: string, accountId: string, now: string): Promise<boolean> {
    // ON CONFLICT DO NOTHING is spelt alike in SQLite and PostgreSQL.
    const changes = await this.sql.run(
      'INSERT INTO external_identities (issuer, subject, account_id, linked_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      [issuer, subject, accountId, now],
    )
    return changes === 1
  }

  private async insertAccount(sql: SqlDatabase, account: NewAccount, now: string): Promise<void> {
    await sql.run(
      `INSERT INTO accounts (id, username, display_name, password_hash, is_admin, disabled, created_at)
       VALUES (?, ?, ?, ?, ?, 0, ?)`,
      [account.id, account.username, account.displayName, account.passwordHash, account.isAdmin ? 1 : 0, now],
    )
  }

  private async accountById(sql: SqlDatabase, id: string): Promise<Account | null> {
    const [row] = await sql.query<AccountRow>('SELECT * FROM accounts WHERE id = ?', [id])
    return row ? toAccount(row) : null
  }

  private async revokeSessionsOf(sql: SqlDatabase, accountId: string, now: string): Promise<void> {
    await sql.run('UPDATE sessions SET revoked_at = ? WHERE account_id = ? AND revoked_at IS NULL', [now, accountId])
  }

  private async bumpRevision(sql: SqlDatabase): Promise<void> {
    await sql.run('UPDATE access_revision SET revision = revision + 1')
  }
}
