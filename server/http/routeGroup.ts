import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * A group of routes (one file each in server/http/). It answers the request and
 * returns true, or returns false to let the next group try. Expected failures
 * are thrown as ApiError; the request handler turns them into JSON errors.
 */
export type RouteGroup = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean>
