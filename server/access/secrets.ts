import { createHash, randomBytes } from 'node:crypto'

/**
 * Prefixes of the secrets the server hands out, so one `token` parameter can carry
 * either kind and a leaked secret is recognisable (as GitHub's `ghp_`):
 * `vt_` a token for scripts, `vs_` a share link, `vc_` a session (cookie).
 */
export const SECRET_PREFIX = { token: 'vt_', shareLink: 'vs_', session: 'vc_' } as const

/** A new secret: the prefix and 256 random bits in base64url (43 characters). */
export function newSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`
}

/**
 * What the database stores of a secret: its SHA-256 in hex. A fast hash is enough
 * here (unlike passwords): a 256-bit random secret cannot be guessed from its hash.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}
