import { createReadStream, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import { ApiError } from '../errors'
import type { RouteGroup } from './routeGroup'

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
}

/**
 * The built client from `clientDir`: files as they are, and index.html for any
 * other GET that is not under /api or /sync (the client routes in the browser).
 * Files under assets/ carry a content hash in their names, so they are cached for good.
 */
export function staticRoutes(clientDir: string): RouteGroup {
  const root = normalize(clientDir + sep)
  return (req, res, url) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false
    if (url.pathname.startsWith('/api/') || url.pathname === '/api' || url.pathname.startsWith('/sync/')) return false
    let relative: string
    try {
      relative = decodeURIComponent(url.pathname)
    } catch {
      return false
    }
    const path = normalize(join(root, relative))
    if (path.startsWith(root) && isFile(path)) {
      serveFile(req.method, res, path, relative.startsWith('/assets/'))
      return true
    }
    // A missing file with an extension is a missing asset, not a client route.
    if (extname(relative) !== '' && !relative.endsWith('.html')) return false
    const index = join(root, 'index.html')
    if (!isFile(index)) throw new ApiError('client-not-built', `the client is not built (no ${index}); run npm run build`)
    serveFile(req.method, res, index, false)
    return true
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile()
  } catch {
    return false
  }
}

function serveFile(method: string, res: Parameters<RouteGroup>[1], path: string, immutable: boolean): void {
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
    'content-length': statSync(path).size,
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  })
  if (method === 'HEAD') res.end()
  else createReadStream(path).pipe(res)
}
