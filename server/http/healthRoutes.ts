import { sendJson } from './respond'
import type { RouteGroup } from './routeGroup'

/** What readiness depends on, each true when it answers. */
export interface ReadinessChecks {
  /** The database answers a query. */
  database: boolean
  /** The fan-out's connections to Redis are up; absent without fan-out. */
  redis?: boolean
  /** The server is shutting down (SIGTERM): no new clients. */
  draining: boolean
}

/**
 * - `GET /healthz`: 200 `{ ok: true }` while the process answers (liveness: restart it when this fails).
 * - `GET /readyz`: 200 `{ ready: true, checks }` when the database answers, Redis is
 *   connected (with fan-out) and the server is not draining; else 503 `{ ready: false, checks }`
 *   (readiness: send it no new clients). A Redis outage makes an instance unready but it
 *   keeps serving its clients (docs/DEPLOY.md).
 */
export function healthRoutes(readiness: () => Promise<ReadinessChecks>): RouteGroup {
  return async (_req, res, url) => {
    if (url.pathname === '/healthz') {
      sendJson(res, 200, { ok: true })
      return true
    }
    if (url.pathname !== '/readyz') return false
    const checks = await readiness()
    const ready = checks.database && checks.redis !== false && !checks.draining
    res.setHeader('cache-control', 'no-store')
    sendJson(res, ready ? 200 : 503, { ready, checks })
    return true
  }
}
