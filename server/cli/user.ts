import type { PasswordProblem, UsernameProblem } from '../access/AccessService'
import { MIN_PASSWORD_LENGTH } from '../access/AccessService'
import { CliUsageError, parseCliArgs, type CliIo } from './io'
import { openAccess, readPassword } from './openAccess'

const USAGE = 'usage: variorum user add NAME [--admin] [--display-name TEXT] | list | reset-password NAME | disable NAME | enable NAME  [--data DIR]'

const PROBLEMS: Record<PasswordProblem | UsernameProblem | 'username-taken' | 'unknown-user', string> = {
  'password-too-short': `the password must have at least ${MIN_PASSWORD_LENGTH} characters`,
  'password-too-long': 'the password is too long',
  'invalid-username': 'a username has 1 to 64 letters, digits, ".", "_" or "-"',
  'username-taken': 'that username is taken',
  'unknown-user': 'no such user',
}

/**
 * `variorum user …`: accounts for administrators. `add` and `reset-password` read
 * the password from standard input (`printf '%s\n' "$PW" | variorum user add ana`),
 * never from the command line, where other users of the machine could read it.
 * Works beside a running server; `disable` and `reset-password` end the account's
 * sessions, and the server closes its sockets within a second.
 */
export async function user(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCliArgs(args, {
    data: { type: 'string' },
    admin: { type: 'boolean' },
    'display-name': { type: 'string' },
  })
  const [action, name, ...extra] = positionals
  if (!action) throw new CliUsageError(USAGE)
  if (extra.length > 0) throw new CliUsageError(`unexpected argument '${extra[0]}'`)
  if (action !== 'list' && !name) throw new CliUsageError(USAGE)
  const { access, close } = await openAccess(values.data)
  try {
    switch (action) {
      case 'add': {
        const password = await readPassword(io)
        const result = await access.addAccount({ username: name, displayName: values['display-name'], password, admin: values.admin })
        if (!result.ok) return fail(io, PROBLEMS[result.reason])
        io.stdout(`created ${result.account.isAdmin ? 'administrator' : 'user'} ${result.account.username} (${result.account.id})\n`)
        return 0
      }
      case 'list': {
        for (const account of await access.store.listAccounts()) {
          const flags = [account.isAdmin ? 'admin' : '', account.disabled ? 'disabled' : ''].filter(Boolean).join(',')
          io.stdout(`${account.username}\t${JSON.stringify(account.displayName)}\t${account.id}\t${flags || '-'}\n`)
        }
        return 0
      }
      case 'reset-password': {
        const result = await access.resetPassword(name, await readPassword(io))
        if (!result.ok) return fail(io, PROBLEMS[result.reason])
        io.stdout(`password of ${name} changed; its sessions are ended\n`)
        return 0
      }
      case 'disable':
      case 'enable': {
        const result = await access.setAccountDisabled(name, action === 'disable')
        if (!result.ok) return fail(io, PROBLEMS[result.reason])
        io.stdout(`${name} ${action}d\n`)
        return 0
      }
      default:
        throw new CliUsageError(`unknown action '${action}'; ${USAGE}`)
    }
  } finally {
    await close()
  }
}

function fail(io: CliIo, message: string): number {
  io.stderr(`variorum user: ${message}\n`)
  return 1
}
