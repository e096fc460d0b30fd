import { DOCUMENT_ROLES, isDocumentRole } from '../../doc/access/roles'
import { CliUsageError, parseCliArgs, type CliIo } from './io'
import { openAccess } from './openAccess'

const USAGE = 'usage: variorum token create NAME [--role ROLE] [--document ID] | list | revoke ID-OR-NAME  [--data DIR]'

/**
 * `variorum token …`: tokens for scripts and other Yjs clients. `create` prints the
 * token once (only its hash is stored); a client passes it as the `token` URL
 * parameter of the sync endpoint (a WebsocketProvider's `params`) or as
 * `Authorization: Bearer`. The role defaults to `editor`; without `--document` it
 * holds on every document. `revoke` closes its open sockets within a second.
 */
export async function token(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    data: { type: 'string' },
    role: { type: 'string' },
    document: { type: 'string' },
  })
  const [action, name, ...extra] = positionals
  if (!action) throw new CliUsageError(USAGE)
  if (extra.length > 0) throw new CliUsageError(`unexpected argument '${extra[0]}'`)
  const role = values.role ?? 'editor'
  if (!isDocumentRole(role)) throw new CliUsageError(`--role must be one of ${DOCUMENT_ROLES.join(', ')}`)
  if (action !== 'list' && !name) throw new CliUsageError(USAGE)
  const { access, close } = await openAccess(values.data)
  try {
    switch (action) {
      case 'create': {
        const created = await access.createToken({ name, role, documentId: values.document ?? null })
        io.stdout(`${created.token}\n`)
        io.stderr(`token ${created.record.name} (${created.record.id}): ${role} on ${values.document ?? 'every document'}; shown once, store it now\n`)
        return 0
      }
      case 'list': {
        for (const record of await access.store.listTokens()) {
          const state = record.revokedAt ? `revoked ${record.revokedAt}` : 'active'
          io.stdout(`${record.id}\t${JSON.stringify(record.name)}\t${record.role}\t${record.documentId ?? '*'}\t${state}\n`)
        }
        return 0
      }
      case 'revoke': {
        if (!(await access.revokeToken(name))) {
          io.stderr(`variorum token: no active token '${name}'\n`)
          return 1
        }
        io.stdout(`revoked ${name}\n`)
        return 0
      }
      default:
        throw new CliUsageError(`unknown action '${action}'; ${USAGE}`)
    }
  } finally {
    await close()
  }
}
