/**
 * The roles a principal can hold on one document, from most to least rights
 * (issue 14): what each may write is decided by `checkUpdate` and described in
 * docs/DATA-MODEL.md ("Who may write what").
 * - owner: everything an editor may, and sharing and deleting (HTTP layer)
 * - editor: the text, metadata, annotations, comments and decisions
 * - annotator: annotations, comments and decisions; never the text nor `meta`
 * - commenter: own comments on existing annotations only
 * - viewer: nothing (read only)
 */
export const DOCUMENT_ROLES = ['owner', 'editor', 'annotator', 'commenter', 'viewer'] as const

export type DocumentRole = (typeof DOCUMENT_ROLES)[number]

/** Whether `value` names a role (for parsing command lines, query strings and rows). */
export function isDocumentRole(value: unknown): value is DocumentRole {
  return typeof value === 'string' && (DOCUMENT_ROLES as readonly string[]).includes(value)
}

/**
 * Whether `role` has at least the rights of `required`: e.g. `roleAtLeast('editor', 'annotator')`
 * is true, `roleAtLeast('commenter', 'annotator')` false.
 */
export function roleAtLeast(role: DocumentRole, required: DocumentRole): boolean {
  return DOCUMENT_ROLES.indexOf(role) <= DOCUMENT_ROLES.indexOf(required)
}

/** The stronger of two roles, or the other when one is null. Null when both are. */
export function strongerRole(a: DocumentRole | null, b: DocumentRole | null): DocumentRole | null {
  if (a === null) return b
  if (b === null) return a
  return roleAtLeast(a, b) ? a : b
}
