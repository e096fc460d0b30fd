import type { BlameRun, VersionSummary } from '../../core/api'

/** A history request the server refused, with its error id. */
export class VersionsError extends Error {
  constructor(message: string, readonly code: string) {
    super(message)
  }
}

const base = (documentId: string) => `/api/documents/${encodeURIComponent(documentId)}`

async function checked(response: Response): Promise<Response> {
  if (response.ok) return response
  let code = 'internal'
  let message = `${response.status} ${response.statusText}`
  try {
    const body = (await response.json()) as { error?: { id: string; message: string } }
    if (body.error) ({ id: code, message } = body.error)
  } catch {
    // Not JSON: the status line says enough.
  }
  throw new VersionsError(message, code)
}

/** `GET /api/documents/:id/versions`: newest first. */
export async function listVersions(documentId: string): Promise<VersionSummary[]> {
  return (await (await checked(await fetch(`${base(documentId)}/versions`))).json()) as VersionSummary[]
}

/** Names the current state, or version `version` when given. */
export async function nameVersion(documentId: string, name: string, version?: number): Promise<VersionSummary> {
  const response = await fetch(`${base(documentId)}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(version === undefined ? { name } : { name, version }),
  })
  return (await (await checked(response)).json()) as VersionSummary
}

/** A version's plain-text projection. */
export async function versionText(documentId: string, version: number): Promise<string> {
  return (await checked(await fetch(`${base(documentId)}/versions/${version}/text`))).text()
}

/** A version's encoded Yjs state, to rebuild it in the browser (restore with the editor's own undo). */
export async function versionState(documentId: string, version: number): Promise<Uint8Array> {
  return new Uint8Array(await (await checked(await fetch(`${base(documentId)}/versions/${version}/state`))).arrayBuffer())
}

/** Who wrote each character of version `version`'s text, or of the present text when null. */
export async function blame(documentId: string, version: number | null): Promise<BlameRun[]> {
  const query = version === null ? '' : `?version=${version}`
  return (await (await checked(await fetch(`${base(documentId)}/blame${query}`))).json()) as BlameRun[]
}
