/**
 * The workspace server's wiring: configuration from the environment and the
 * command line, an optional client build, listen, and a graceful shutdown on
 * SIGINT/SIGTERM. Everything else lives in workspace.ts.
 *
 * Environment: PORT (default 8080), HOST (default 127.0.0.1), VARIORUM_HOSTS and
 * VARIORUM_ALLOWED_ORIGINS (see http/requestGuards.ts), VARIORUM_DATA_DIR (default ./data),
 * VARIORUM_DURABILITY (`commit`, the default, or `fsync`; see persistence/openDatabase.ts),
 * VARIORUM_HISTORY_RETENTION (days automatic versions are kept; default: forever; docs/HISTORY.md),
 * VARIORUM_OIDC_* (single sign-on; access/OidcSignOn.ts, README, "Settings"),
 * VARIORUM_DATABASE_URL (postgres://…: PostgreSQL instead of the data folder; docs/DEPLOY.md),
 * VARIORUM_REDIS_URL and VARIORUM_REDIS_PREFIX (fan-out between instances on one PostgreSQL database).
 * Run with `npm start` or `npx variorum serve` (both run the build in dist/server), or in
 * development `tsx server/index.ts`.
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildClientIfNeeded } from './buildClient'
import { findProjectRoot } from './projectRoot'
import type { Durability } from './persistence/openDatabase'
import { DataFolderInUseError } from './persistence/lockDataFolder'
import { StorageUnavailableError } from './persistence/openStorage'
import { FanoutUnavailableError } from './sync/RedisFanout'
import { startWorkspace, type RunningWorkspace } from './workspace'
import { oidcSettingsFromEnv, type OidcSettings } from './access/OidcSignOn'

export interface ServerConfig {
  port: number
  host: string
  dataDir: string
  documentsDir: string
  clientDir: string
  /** Build the client first when dist/client is missing or stale. */
  buildIfNeeded: boolean
  durability: Durability
  /** Days automatic versions are kept (named ones always are); null = forever. */
  historyRetentionDays: number | null
  /** Single sign-on, when VARIORUM_OIDC_ISSUER and VARIORUM_OIDC_CLIENT_ID are set. */
  oidc: OidcSettings | null
  /** postgres://… when the workspace lives in PostgreSQL; null = the data folder. */
  databaseUrl: string | null
  /** redis://… and the channel prefix, when instances share a database; null = this instance alone. */
  redis: { url: string; prefix: string } | null
  /** On SIGTERM, how long /readyz answers 503 before the server closes, in ms (VARIORUM_DRAIN_SECONDS; default 0). */
  drainMs: number
}

const projectRoot = findProjectRoot()

/** The configuration `npm start` uses, from the environment; paths relative to the working directory. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 8080 : Number(env.PORT)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`PORT ${env.PORT} is not a port number`)
  const durability = env.VARIORUM_DURABILITY || 'commit'
  if (durability !== 'commit' && durability !== 'fsync') {
    throw new RangeError(`VARIORUM_DURABILITY ${durability} is neither 'commit' nor 'fsync'`)
  }
  const databaseUrl = env.VARIORUM_DATABASE_URL || null
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    // Refused rather than ignored: a server that silently wrote to SQLite would
    // leave an operator believing the data is in the database named.
    throw new RangeError(`VARIORUM_DATABASE_URL ${databaseUrl.replace(/\/\/[^@/]*@/, '//…@')} is not a postgres:// address`)
  }
  const redisUrl = env.VARIORUM_REDIS_URL || null
  if (redisUrl !== null && !/^rediss?:\/\//.test(redisUrl)) throw new RangeError(`VARIORUM_REDIS_URL ${redisUrl.replace(/\/\/[^@/]*@/, '//…@')} is not a redis:// address`)
  if (redisUrl !== null && databaseUrl === null) {
    throw new RangeError('VARIORUM_REDIS_URL needs VARIORUM_DATABASE_URL: instances share their documents through PostgreSQL, Redis only tells them what changed')
  }
  const drain = env.VARIORUM_DRAIN_SECONDS
  const drainSeconds = drain === undefined || drain === '' ? 0 : Number(drain)
  if (!(drainSeconds >= 0) || drainSeconds > 3600) throw new RangeError(`VARIORUM_DRAIN_SECONDS ${drain} is not a number of seconds between 0 and 3600`)
  const retention = env.VARIORUM_HISTORY_RETENTION
  const historyRetentionDays = retention === undefined || retention === '' ? null : Number(retention)
  if (historyRetentionDays !== null && !(historyRetentionDays > 0)) {
    throw new RangeError(`VARIORUM_HISTORY_RETENTION ${retention} is not a positive number of days`)
  }
  return {
    port,
    durability,
    historyRetentionDays,
    databaseUrl,
    redis: redisUrl === null ? null : { url: redisUrl, prefix: env.VARIORUM_REDIS_PREFIX || 'variorum' },
    drainMs: drainSeconds * 1000,
    // Loopback unless HOST says otherwise: other machines join only when asked to (and then VARIORUM_HOSTS names the server).
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.VARIORUM_DATA_DIR || 'data'),
    documentsDir: resolve('documents'),
    clientDir: resolve(projectRoot, 'dist', 'client'),
    buildIfNeeded: false,
    oidc: oidcSettingsFromEnv(env),
  }
}

/**
 * Starts the workspace and stops it on SIGINT/SIGTERM. Resolves with the running
 * workspace and a promise that settles once it has shut down.
 */
export async function runServer(
  config: ServerConfig,
  log: (line: string) => void,
): Promise<{ workspace: RunningWorkspace; stopped: Promise<void> }> {
  if (config.buildIfNeeded) buildClientIfNeeded(projectRoot, config.clientDir, log)
  const workspace = await startWorkspace({
    port: config.port,
    host: config.host,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl ?? undefined,
    redis: config.redis ?? undefined,
    documentsDir: config.documentsDir,
    clientDir: config.clientDir,
    durability: config.durability,
    history: { retentionDays: config.historyRetentionDays },
    oidc: config.oidc,
    log,
  })
  const where = config.databaseUrl ? 'data in PostgreSQL' : `data in ${config.dataDir}`
  log(`Variorum workspace at http://localhost:${workspace.port} (${where})`)
  const stopped = new Promise<void>((resolveStopped, reject) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      const drainMs = config.drainMs ?? 0
      if (drainMs > 0) {
        // Unready first, so the load balancer stops sending new clients; then close,
        // which tells the connected ones to reconnect (to another instance).
        log(`${signal}: draining for ${drainMs / 1000} s (/readyz answers 503), then storing pending edits and shutting down`)
        workspace.drain()
      } else log(`${signal}: storing pending edits and shutting down`)
      setTimeout(() => workspace.close().then(resolveStopped, reject), drainMs)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
  return { workspace, stopped }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const log = (line: string): void => console.log(line)
  try {
    const { stopped } = await runServer({ ...configFromEnv(), buildIfNeeded: process.argv.includes('--build-if-needed') }, log)
    await stopped
  } catch (error) {
    // A refused start (data folder in use, bad setting) is told in one line, not a stack trace.
    if (!(error instanceof DataFolderInUseError || error instanceof RangeError || error instanceof StorageUnavailableError || error instanceof FanoutUnavailableError)) throw error
    console.error(`variorum: ${error.message}`)
    process.exitCode = 1
  }
}
