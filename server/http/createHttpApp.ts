import { Writable } from 'node:stream'
import fastifyCookie from '@fastify/cookie'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { ApiError } from '../errors'
import type { AccessService } from '../access/AccessService'
import { createRequestHandler } from './createRequestHandler'
import { checkHost, checkOrigin, type RequestGuardOptions } from './requestGuards'
import { sendError } from './respond'
import type { RouteGroup } from './routeGroup'
import { sessionRoutes, signedInAccount } from './sessionRoutes'
import { sharingRoutes } from './sharingRoutes'
import { oidcRoutes } from './oidcRoutes'
import { documentManagementRoutes, type DocumentManagementRoutesOptions } from './documentManagementRoutes'
import type { OidcSignOn } from '../access/OidcSignOn'
import { checkDocumentAccess, readableDocuments, rememberReadable, requiredRole } from './documentGuard'
import type { DocumentSummary } from '../documents/DocumentCatalog'

export interface HttpAppOptions {
  /** The API and static route groups, tried in order for every path Fastify does not route itself. */
  groups: readonly RouteGroup[]
  access: AccessService
  /** The catalog's documents, for the list filtered to what a request may read. */
  listDocuments: () => Promise<DocumentSummary[]>
  guards: RequestGuardOptions
  limits: HttpLimits
  /** Rename and the trash (documentManagementRoutes); absent, those routes are not served. */
  documents?: Omit<DocumentManagementRoutesOptions, 'access'>
  /** Single sign-on through OpenID Connect, when configured. */
  signOn?: OidcSignOn | null
  /** Where structured (JSON, one object a line) log records go. */
  log: (line: string) => void
}

export interface HttpLimits {
  /** Open connections at most; more are refused by the socket layer. */
  maxConnections: number
  /** Time to receive a request's headers, in ms. */
  headersTimeoutMs: number
  /** Time to receive a whole request (headers and body), in ms. */
  requestTimeoutMs: number
  /** Sign-in attempts per client address per minute. */
  signInPerMinute: number
  /** Uploads and imports per client (account, else address) per minute. */
  uploadsPerMinute: number
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  maxConnections: 4096,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  signInPerMinute: 10,
  uploadsPerMinute: 30,
}

/**
 * The workspace's HTTP server on Fastify: security headers on every answer,
 * Host and Origin checks before any route, rate limits, the session API, and
 * the route groups (documents, export, search, static client) behind one
 * wildcard route that hands them the raw request, so their streaming body
 * limits and error answers stay as they were. Logs are pino JSON, so a
 * newline in a user-supplied value cannot forge a log line.
 */
export async function createHttpApp(options: HttpAppOptions): Promise<FastifyInstance> {
  const { limits } = options
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      options.log(chunk.toString('utf8').trimEnd())
      done()
    },
  })
  const app = Fastify({
    // Level warn: no access log, which would carry `token` URL parameters; errors are logged
    // below without query strings.
    logger: { level: 'warn', stream },
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: 0,
    return503OnClosing: true,
  })
  app.server.maxConnections = limits.maxConnections
  app.server.headersTimeout = limits.headersTimeoutMs

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // Style attributes (ProseMirror decorations, Vue :style) but no <style> elements or inline scripts.
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // Plain http on a local network must keep working.
    strictTransportSecurity: false,
  })
  await app.register(fastifyCookie)
  await app.register(fastifyRateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => {
      const error = new ApiError('rate-limited', `too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`)
      return Object.assign(error, { statusCode: 429 })
    },
  })

  app.addHook('onRequest', async (request) => {
    checkHost(request.headers, options.guards)
    checkOrigin(request.method, request.headers, options.guards)
  })

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError) {
      if (error.status === 413) reply.header('connection', 'close')
      return reply.code(error.status).header('cache-control', 'no-store').send(error.toJSON())
    }
    const status = (error as { statusCode?: number }).statusCode
    if (status === 413) {
      reply.header('connection', 'close')
      return reply.code(413).send(new ApiError('upload-too-large', 'the body is too large').toJSON())
    }
    if (status === 400 || status === 415) {
      const validation = (error as { validation?: unknown }).validation !== undefined
      const id = status === 415 ? 'unsupported-media-type' : validation ? 'invalid-request' : 'invalid-json'
      return reply.code(status).send(new ApiError(id, (error as Error).message).toJSON())
    }
    request.log.error({ method: request.method, path: request.url.split('?')[0], err: error }, 'request failed')
    return reply.code(500).send(new ApiError('internal', 'internal server error').toJSON())
  })

  await app.register(sessionRoutes, { access: options.access, signInPerMinute: limits.signInPerMinute })
  if (options.documents) await app.register(documentManagementRoutes, { access: options.access, ...options.documents })
  await app.register(oidcRoutes, {
    access: options.access,
    signOn: options.signOn ?? null,
    startsPerMinute: limits.signInPerMinute,
    log: (record, message) => app.log.warn(record, message),
  })
  await app.register(sharingRoutes, { access: options.access, documentExists: async (id) => (await options.listDocuments()).some((d) => d.id === id) })

  const legacy = createRequestHandler(options.groups, (line) => app.log.error({ detail: line }, 'route failed'))
  await app.register(async (scope) => {
    // The groups read bodies themselves (streamed, with their own limits): Fastify parses nothing here.
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null))
    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      const url = new URL(request.url, 'http://localhost')
      const needed = requiredRole(request.method, url.pathname)
      if (needed) await checkDocumentAccess(options.access, request.raw, url, needed)
      if (url.pathname.startsWith('/api/search')) {
        const ids = (await options.listDocuments()).map((d) => d.id)
        // Open mode reads everything listed: documents in the trash are not listed, so their hits stay out.
        const readable = await readableDocuments(options.access, request.raw, url, ids)
        rememberReadable(request.raw, readable === 'all' ? new Set(ids) : readable)
      }
      reply.hijack()
      // Headers set by hooks (helmet) so far live on the reply; the raw answer needs them too.
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) reply.raw.setHeader(name, value as string)
      }
      await legacy(request.raw, reply.raw)
    }
    scope.get('/api/documents', async (request, reply) => {
      const url = new URL(request.url, 'http://localhost')
      const documents = await options.listDocuments()
      const readable = await readableDocuments(options.access, request.raw, url, documents.map((d) => d.id))
      reply.header('cache-control', 'no-store')
      return readable === 'all' ? documents : documents.filter((d) => readable.has(d.id))
    })
    // An upload needs an account once accounts exist, and makes it the new document's owner.
    const upload = async (request: FastifyRequest, reply: FastifyReply) => {
      const account = (await options.access.isOpen()) ? null : await signedInAccount(options.access, request)
      if (!account && !(await options.access.isOpen())) throw new ApiError('not-signed-in', 'sign in to upload')
      await handler(request, reply)
      const location = reply.raw.getHeader('location')
      if (account && reply.raw.statusCode === 201 && typeof location === 'string') {
        const id = decodeURIComponent(location.slice(location.lastIndexOf('/') + 1))
        await options.access.setRole(id, account.id, 'owner', account.id)
      }
    }
    const uploadLimit = {
      rateLimit: {
        max: limits.uploadsPerMinute,
        timeWindow: 60_000,
        keyGenerator: (request: FastifyRequest) => request.cookies?.variorum_session ?? request.ip,
      },
    }
    scope.post('/api/documents', { config: uploadLimit }, upload)
    scope.post('/api/documents/:id/annotations/import', { config: uploadLimit }, handler)
    scope.all('/*', handler)
    scope.all('/', handler)
  })
  app.setNotFoundHandler((request, reply) => {
    reply.hijack()
    sendError(reply.raw, new ApiError('route-not-found', `no route for ${request.method} ${request.url.split('?')[0]}`))
  })
  return app
}
