import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

/**
 * scrypt cost parameters, stored with each hash so they can be raised later
 * without invalidating existing passwords. N = 2^15, r = 8 uses 32 MiB and
 * ~80 ms per hash on the 2-core test box: slow enough to make a stolen database
 * expensive to attack, fast enough for sign-in (OWASP lists N = 2^17 as the
 * stronger choice for servers with memory to spare).
 */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number
  /** Block size. */
  r: number
  /** Parallelism. */
  p: number
}

export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 }

const SALT_BYTES = 16
const KEY_BYTES = 32

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  // Node refuses a derivation that needs more than `maxmem`: 128 × N × r bytes plus slack.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: 256 * params.N * params.r }
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)))
  })
}

/**
 * Hashes a password with scrypt and a fresh random salt: returns
 * `scrypt$N$r$p$<salt base64>$<key base64>`, safe to store. The password is
 * NFC-normalised first, so the same password typed on two keyboards matches.
 */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = randomBytes(SALT_BYTES)
  const key = await derive(password, salt, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$')
}

/**
 * Whether `password` matches a hash made by `hashPassword`, compared in constant
 * time. False (never a throw) for a stored value that is not such a hash.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [N, r, p] = parts.slice(1, 4).map(Number)
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return false
  const salt = Buffer.from(parts[4], 'base64')
  const expected = Buffer.from(parts[5], 'base64')
  if (expected.length !== KEY_BYTES) return false
  const actual = await derive(password, salt, { N, r, p })
  return timingSafeEqual(actual, expected)
}
