import { join } from 'node:path'
import { buildServer, serverBuildIsFresh } from '../../bin/buildServer.mjs'
import { buildClientIfNeeded } from '../../server/buildClient'

/**
 * Vitest global setup: the browser tests load the built client from the real server, and the
 * CLI and serve tests spawn the real bin, which runs dist/server. Both are built here once,
 * when stale, so that test files running in parallel never race to build them.
 */
export default async function setup(): Promise<void> {
  const root = process.cwd()
  buildClientIfNeeded(root, join(root, 'dist', 'client'), (line) => console.log(line))
  if (!serverBuildIsFresh()) await buildServer()
}
