import { sendJson } from './respond'
import type { RouteGroup } from './routeGroup'

/** `GET /healthz`: 200 `{ ok: true }` while the server accepts requests. */
export const healthRoutes: RouteGroup = (_req, res, url) => {
  if (url.pathname !== '/healthz') return false
  sendJson(res, 200, { ok: true })
  return true
}
