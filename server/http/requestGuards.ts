import type { IncomingHttpHeaders } from 'node:http'
import { ApiError } from '../errors'

/** Host names answered when VARIORUM_HOSTS names none: the loopback names, plus the bound address. */
export const DEFAULT_HOSTS = ['localhost', '127.0.0.1', '[::1]'] as const

export interface RequestGuardOptions {
  /** Host names (no port) the server answers to; others get 421 `unknown-host` (DNS rebinding). */
  hosts: readonly string[]
  /** Origins besides the workspace's own that may write and open sockets (`https://example.org`). */
  allowedOrigins: readonly string[]
}

/**
 * The guards from the environment: `VARIORUM_HOSTS` and `VARIORUM_ALLOWED_ORIGINS`
 * (comma-separated). `boundHost` (the interface listened on) is always a valid name,
 * unless it is a wildcard address.
 */
export function guardOptionsFromEnv(env: NodeJS.ProcessEnv, boundHost: string): RequestGuardOptions {
  const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean)
  const hosts = list(env.VARIORUM_HOSTS)
  const named = hosts.length > 0 ? hosts : [...DEFAULT_HOSTS]
  const bound = boundHost.includes(':') ? `[${boundHost}]` : boundHost
  if (boundHost !== '0.0.0.0' && boundHost !== '::' && !named.includes(bound)) named.push(bound.toLowerCase())
  return { hosts: named, allowedOrigins: list(env.VARIORUM_ALLOWED_ORIGINS) }
}

/** The name of a Host header without its port, lower case; '' when absent. */
function hostName(host: string | undefined): string {
  const value = (host ?? '').trim().toLowerCase()
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1)
  const colon = value.indexOf(':')
  return colon < 0 ? value : value.slice(0, colon)
}

/** Throws 421 `unknown-host` unless the Host header names one of `options.hosts`. */
export function checkHost(headers: IncomingHttpHeaders, options: RequestGuardOptions): void {
  const name = hostName(headers.host)
  if (!options.hosts.includes(name)) throw new ApiError('unknown-host', 'this server does not answer to that host name')
}

/** Methods that change nothing, so a cross-site request of them cannot do harm (their answer is unreadable cross-origin). */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Throws 403 `forbidden-origin` when a request that may change state (any method
 * but GET/HEAD/OPTIONS, and every websocket upgrade: pass `always`) comes from
 * another site: its `Origin` is neither the workspace's own (same host and port as
 * the Host header, http or https) nor allow-listed. A request without `Origin` is a
 * script or tool, not a browser page (browsers send it on every cross-origin POST
 * and upgrade), unless `Sec-Fetch-Site` says cross-site.
 */
export function checkOrigin(method: string, headers: IncomingHttpHeaders, options: RequestGuardOptions, always = false): void {
  if (!always && SAFE_METHODS.has(method)) return
  const origin = headers.origin
  if (origin === undefined) {
    if (headers['sec-fetch-site'] === 'cross-site') throw forbidden()
    return
  }
  const normalized = origin.trim().toLowerCase()
  if (options.allowedOrigins.includes(normalized)) return
  let parsed: URL
  try {
    parsed = new URL(normalized)
  } catch {
    throw forbidden()
  }
  const sameHost = parsed.host === (headers.host ?? '').trim().toLowerCase()
  if (!sameHost || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) throw forbidden()
}

function forbidden(): ApiError {
  return new ApiError('forbidden-origin', 'requests from another site may not change this workspace')
}
