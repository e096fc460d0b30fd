import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { main } from '../../server/cli/main'
import { AccessService } from '../../server/access/AccessService'
import { openDatabase } from '../../server/persistence/openDatabase'
import { SqlAccessStore } from '../../server/persistence/SqlAccessStore'
import { SqliteSql } from '../../server/persistence/SqlDatabase'
import { scratchFiles } from './cliHarness'

const scratch = scratchFiles('user')
afterAll(() => rmSync(scratch.dir, { recursive: true, force: true }))

const PASSWORD = 'Tr0ub4dor&3-unique-clear'
let captured = ''

/** Runs the CLI in-process with `stdin` as standard input; everything written is also kept in `captured`. */
async function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main([...args, '--data', scratch.dir], {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: async () => new TextEncoder().encode(stdin),
  })
  captured += stdout + stderr
  return { code, stdout, stderr }
}

describe('variorum user / token', () => {
  it('adds, lists, resets and disables accounts, reading passwords from standard input', async () => {
    expect(await run(['user', 'add', 'ana', '--admin'], `${PASSWORD}\n`)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^created administrator ana \([0-9a-f-]{36}\)\n$/) })
    expect((await run(['user', 'add', 'ben', '--display-name', 'Ben C.'], `${PASSWORD}-ben\n`)).code).toBe(0)
    expect(await run(['user', 'add', 'ana'], `${PASSWORD}\n`)).toMatchObject({ code: 1, stderr: 'variorum user: that username is taken\n' })
    expect(await run(['user', 'add', 'cy'], 'short\n')).toMatchObject({ code: 1, stderr: 'variorum user: the password must have at least 8 characters\n' })
    const list = await run(['user', 'list'])
    expect(list.stdout.split('\n').filter(Boolean).map((line) => line.split('\t').filter((_, i) => i !== 2))).toEqual([
      ['ana', '"ana"', 'admin'],
      ['ben', '"Ben C."', '-'],
    ])
    expect((await run(['user', 'reset-password', 'ben'], `${PASSWORD}-new\n`)).code).toBe(0)
    expect(await run(['user', 'disable', 'ben'])).toMatchObject({ code: 0, stdout: 'ben disabled\n' })
    expect(await run(['user', 'disable', 'nobody'])).toMatchObject({ code: 1, stderr: 'variorum user: no such user\n' })

    const db = openDatabase(scratch.dir)
    try {
      const access = new AccessService(new SqlAccessStore(new SqliteSql(db)))
      expect((await access.signIn('ana', PASSWORD)).ok).toBe(true)
      expect((await access.signIn('ben', `${PASSWORD}-new`)).ok).toBe(false)
    } finally {
      db.close()
    }
  })

  it('creates, lists and revokes tokens; the clear token is printed once', async () => {
    const created = await run(['token', 'create', 'importer', '--role', 'annotator', '--document', 'doc-1'])
    expect(created.code).toBe(0)
    const token = created.stdout.trim()
    expect(token).toMatch(/^vt_[A-Za-z0-9_-]{43}$/)
    const list = await run(['token', 'list'])
    expect(list.stdout).toMatch(/^[0-9a-f-]{36}\t"importer"\tannotator\tdoc-1\tactive\n$/)
    expect(list.stdout).not.toContain(token)
    expect(await run(['token', 'create', 'x', '--role', 'king'])).toMatchObject({ code: 2 })
    expect(await run(['token', 'revoke', 'importer'])).toMatchObject({ code: 0, stdout: 'revoked importer\n' })
    expect(await run(['token', 'revoke', 'importer'])).toMatchObject({ code: 1 })
    expect((await run(['token', 'list'])).stdout).toContain('\trevoked ')
    captured = captured.replace(token, '')
  })

  it('never stores nor prints a password or a token in clear', () => {
    const files = readdirSync(scratch.dir).filter((name) => name.startsWith('variorum.sqlite'))
    expect(files).toContain('variorum.sqlite')
    const bytes = Buffer.concat(files.map((name) => readFileSync(join(scratch.dir, name))))
    for (const secret of [PASSWORD, `${PASSWORD}-ben`, `${PASSWORD}-new`, 'vt_']) {
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false)
      expect(captured.includes(secret), secret).toBe(false)
    }
  })
})
