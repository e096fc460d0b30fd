/**
 * Every error the HTTP API reports, with a fixed id and status. Clients and
 * tools match on `id`, never on `message`, so ids never change once shipped.
 * The body of an error response is always `{ "error": { "id", "message" } }`, plus
 * `offset` (a byte offset into the upload) for `invalid-encoding` and `binary-content`
 * from an import.
 */
export const API_ERRORS = {
  'document-not-found': 404,
  'route-not-found': 404,
  'restore-expired': 410,
  'version-not-found': 404,
  'method-not-allowed': 405,
  'upload-too-large': 413,
  'import-too-large': 413,
  'unsupported-media-type': 415,
  'invalid-encoding': 400,
  'binary-content': 400,
  'encoding-uncertain': 422,
  'unknown-encoding': 400,
  'invalid-document': 400,
  'empty-document': 400,
  'invalid-json': 400,
  'invalid-request': 400,
  'unknown-export-format': 400,
  'client-not-built': 503,
  'forbidden-origin': 403,
  'forbidden': 403,
  'unknown-host': 421,
  'rate-limited': 429,
  'invalid-credentials': 401,
  'not-signed-in': 401,
  'already-set-up': 409,
  'username-taken': 409,
  'invalid-username': 400,
  'password-too-short': 400,
  'password-too-long': 400,
  'internal': 500,
} as const

export type ApiErrorId = keyof typeof API_ERRORS

/** An expected failure of an API request; the HTTP layer turns it into a JSON error response. */
export class ApiError extends Error {
  readonly id: ApiErrorId
  readonly status: number

  /** Byte offset into the request body where the problem is, when there is one. */
  readonly offset: number | undefined

  constructor(id: ApiErrorId, message: string, offset?: number) {
    super(message)
    this.name = 'ApiError'
    this.id = id
    this.status = API_ERRORS[id]
    this.offset = offset
  }

  toJSON(): { error: { id: ApiErrorId; message: string; offset?: number } } {
    return { error: { id: this.id, message: this.message, ...(this.offset !== undefined ? { offset: this.offset } : {}) } }
  }
}
