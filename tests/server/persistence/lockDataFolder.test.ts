import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { main } from '../../../server/cli/main'
import { configFromEnv } from '../../../server/index'
import { DataFolderInUseError } from '../../../server/persistence/lockDataFolder'
import { startWorkspace, type RunningWorkspace } from '../../../server/workspace'

const root = new URL('../../../', import.meta.url).pathname
const scratch: string[] = []
const running: RunningWorkspace[] = []
const children: ChildProcessWithoutNullStreams[] = []

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
  for (const workspace of running.splice(0)) await workspace.close()
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A folder with one document to import, and the data folder beside it. */
function folders(): { documentsDir: string; dataDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'variorum-lock-'))
  scratch.push(dir)
  writeFileSync(join(dir, 'doc.txt'), 'alpha beta\ngamma delta\n')
  return { documentsDir: dir, dataDir: join(dir, 'data') }
}

async function start(dataDir: string, documentsDir?: string): Promise<RunningWorkspace> {
  const workspace = await startWorkspace({ port: 0, dataDir, documentsDir, clientDir: join(dataDir, 'no-client') })
  running.push(workspace)
  return workspace
}

async function documentIds(workspace: RunningWorkspace): Promise<string[]> {
  const response = await fetch(`${workspace.url}/api/documents`)
  expect(response.status).toBe(200)
  return ((await response.json()) as { id: string }[]).map((d) => d.id)
}

/** Runs the CLI in-process; exit code and what it wrote. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(args, { stdout: (text) => void (stdout += text), stderr: (text) => void (stderr += text) })
  return { code, stdout, stderr }
}

/** The real bin's `serve` in a child process; resolves with its URL once it listens. */
function serveInChild(dataDir: string, documentsDir: string): { child: ChildProcessWithoutNullStreams; url: Promise<string> } {
  const child = spawn(process.execPath, ['bin/variorum.mjs', 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir, '--documents', documentsDir], {
    cwd: root,
  })
  children.push(child)
  let output = ''
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /workspace at (http:\/\/\S+)/.exec(output)
      if (match) resolve(match[1].replace('localhost', '127.0.0.1'))
    })
    child.stderr.on('data', (chunk: Buffer) => void (output += chunk.toString()))
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)))
  })
  return { child, url }
}

describe('one server per data folder', () => {
  it('refuses a second workspace on the same folder, naming the holder, while the first keeps serving and the CLI still reads', async () => {
    const { dataDir, documentsDir } = folders()
    const first = await start(dataDir, documentsDir)

    const refused = await startWorkspace({ port: 0, dataDir, clientDir: join(dataDir, 'no-client') }).then(
      (second) => {
        running.push(second)
        return null
      },
      (error: unknown) => error,
    )
    expect(refused).toBeInstanceOf(DataFolderInUseError)
    const error = refused as DataFolderInUseError
    expect(error.holder).toEqual({ pid: process.pid, host: hostname(), since: expect.any(String) })
    expect(error.message).toBe(
      `${dataDir} is in use by server process ${process.pid} on ${hostname()} (since ${error.holder!.since}): only one server may run on a data folder. ` +
        'Stop it first, or give this one another folder (VARIORUM_DATA_DIR or --data). ' +
        'Commands such as variorum search, history and export work beside the running server.',
    )

    expect(await documentIds(first)).toEqual(['doc'])
    const search = await cli(['search', 'gamma', '--data', dataDir, '--json'])
    expect(search.stderr).toBe('')
    expect(search.code).toBe(0)
    const found = JSON.parse(search.stdout) as { hits: { documentId: string; start: number; end: number }[] }
    expect(found.hits.map(({ documentId, start, end }) => ({ documentId, start, end }))).toEqual([{ documentId: 'doc', start: 12, end: 17 }])

    // The access branch's account command, on the same database beside the server.
    expect(await cli(['user', 'list', '--data', dataDir])).toEqual({ code: 0, stdout: '', stderr: '' })

    await first.close()
    running.splice(running.indexOf(first), 1)
    const next = await start(dataDir)
    expect(await documentIds(next)).toEqual(['doc'])
  })

  it('refuses a second server process with exit code 1 and the message, and takes over at once after the holder is killed with -9', async () => {
    const { dataDir, documentsDir } = folders()
    const holder = serveInChild(dataDir, documentsDir)
    const url = await holder.url

    const second = spawn(process.execPath, ['bin/variorum.mjs', 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dataDir], { cwd: root })
    children.push(second)
    let stderr = ''
    second.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => second.once('exit', (exitCode) => resolve(exitCode)))
    expect(code).toBe(1)
    expect(stderr).toContain(`variorum serve: ${dataDir} is in use by server process ${holder.child.pid} on ${hostname()} (since `)
    expect(stderr).toContain('only one server may run on a data folder')

    const stillServing = await fetch(`${url}/api/documents`)
    expect(((await stillServing.json()) as { id: string }[]).map((d) => d.id)).toEqual(['doc'])

    const killed = new Promise<void>((resolve) => holder.child.once('exit', () => resolve()))
    holder.child.kill('SIGKILL')
    await killed
    const next = await start(dataDir)
    expect(await documentIds(next)).toEqual(['doc'])
  })

  it('takes a postgres:// VARIORUM_DATABASE_URL, and refuses any other address rather than writing to the data folder', () => {
    expect(configFromEnv({ VARIORUM_DATABASE_URL: 'postgres://127.0.0.1/variorum' }).databaseUrl).toBe('postgres://127.0.0.1/variorum')
    expect(configFromEnv({ VARIORUM_DATABASE_URL: 'postgresql://u@db/v' }).databaseUrl).toBe('postgresql://u@db/v')
    expect(() => configFromEnv({ VARIORUM_DATABASE_URL: 'mysql://root:secret@127.0.0.1/variorum' })).toThrow(
      new RangeError('VARIORUM_DATABASE_URL mysql://…@127.0.0.1/variorum is not a postgres:// address'),
    )
    expect(configFromEnv({ VARIORUM_DATABASE_URL: '' }).databaseUrl).toBe(null)
  })

  it('takes VARIORUM_REDIS_URL only beside a PostgreSQL database, with its prefix', () => {
    const pg = 'postgres://127.0.0.1/variorum'
    expect(configFromEnv({ VARIORUM_DATABASE_URL: pg, VARIORUM_REDIS_URL: 'redis://127.0.0.1:6379' }).redis).toEqual({ url: 'redis://127.0.0.1:6379', prefix: 'variorum' })
    expect(configFromEnv({ VARIORUM_DATABASE_URL: pg, VARIORUM_REDIS_URL: 'redis://r:6379', VARIORUM_REDIS_PREFIX: 'news' }).redis).toEqual({ url: 'redis://r:6379', prefix: 'news' })
    expect(configFromEnv({ VARIORUM_DATABASE_URL: pg }).redis).toBe(null)
    expect(() => configFromEnv({ VARIORUM_REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(
      new RangeError('VARIORUM_REDIS_URL needs VARIORUM_DATABASE_URL: instances share their documents through PostgreSQL, Redis only tells them what changed'),
    )
    expect(configFromEnv({ VARIORUM_DRAIN_SECONDS: '10' }).drainMs).toBe(10_000)
    expect(configFromEnv({}).drainMs).toBe(0)
    expect(() => configFromEnv({ VARIORUM_DRAIN_SECONDS: 'soon' })).toThrow(new RangeError('VARIORUM_DRAIN_SECONDS soon is not a number of seconds between 0 and 3600'))
    expect(() => configFromEnv({ VARIORUM_DATABASE_URL: pg, VARIORUM_REDIS_URL: 'http://127.0.0.1' })).toThrow(
      new RangeError('VARIORUM_REDIS_URL http://127.0.0.1 is not a redis:// address'),
    )
  })
})
