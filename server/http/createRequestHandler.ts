import type { IncomingMessage, ServerResponse } from 'node:http'
import { ApiError } from '../errors'
import { sendError } from './respond'
import type { RouteGroup } from './routeGroup'

/**
 * The HTTP server's one request listener: tries each route group in turn and
 * turns thrown errors into `{ error: { id, message } }` responses. An error that
 * is not an ApiError is logged and reported as `internal` without its details.
 */
export function createRequestHandler(groups: readonly RouteGroup[], log: (line: string) => void) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost')
      for (const group of groups) {
        if (await group(req, res, url)) return
      }
      sendError(res, new ApiError('route-not-found', `no route for ${req.method} ${url.pathname}`))
    } catch (error) {
      if (error instanceof ApiError) {
        // Stop reading an upload we refused; the client gets the answer at once.
        if (error.status === 413) res.setHeader('connection', 'close')
        sendError(res, error)
        return
      }
      log(`http ${req.method} ${req.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      sendError(res, new ApiError('internal', 'internal server error'))
    }
  }
}
