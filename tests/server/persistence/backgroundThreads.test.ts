import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BACKGROUND_NICENESS } from '../../../server/workerJobs/lowerThreadPriority'
import { DATABASE_FILE, openDatabase } from '../../../server/persistence/openDatabase'
import { SqlitePersistence } from '../../../server/persistence/SqlitePersistence'
import { startCheckpointer, type Checkpointer } from '../../../server/persistence/startCheckpointer'
import { startCompactor, type Compactor } from '../../../server/persistence/startCompactor'

/** The niceness of each thread of this process, by thread id (Linux: /proc/self/task/<tid>/stat, field 19). */
function threadNiceness(): Map<number, number> {
  const niceness = new Map<number, number>()
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      // The command name (field 2) may hold spaces; the fields after it are plain.
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1].split(' ')
      niceness.set(Number(tid), Number(fields[16]))
    } catch {
      // The thread ended meanwhile.
    }
  }
  return niceness
}

describe.runIf(existsSync('/proc/thread-self'))('background worker threads (Linux)', () => {
  let dir: string
  let db: Database.Database
  let compactor: Compactor | null = null
  let checkpointer: Checkpointer | null = null

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'variorum-background-'))
    db = openDatabase(dir)
  })
  afterEach(async () => {
    await compactor?.stop()
    await checkpointer?.stop()
    db.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('run the compactor and the WAL checkpointer at background niceness, and leave the main thread as it was', async () => {
    const threadsBefore = threadNiceness()
    const before = threadsBefore.get(process.pid)
    compactor = startCompactor(join(dir, DATABASE_FILE), new SqlitePersistence(db), () => {})
    // A fold of a document with no log starts the worker and answers 0 once it ran.
    expect(await compactor.compact('nothing-here')).toBe(0)
    checkpointer = startCheckpointer(join(dir, DATABASE_FILE), () => {})
    // The checkpointer answers nothing: wait until its thread has set itself.
    const background = Math.max(before ?? 0, BACKGROUND_NICENESS)
    // Only the threads started here: another test file may have run in this process before.
    const backgroundThreads = () => [...threadNiceness()].filter(([tid, nice]) => !threadsBefore.has(tid) && nice === background).length
    for (let attempt = 0; attempt < 200 && backgroundThreads() < 2; attempt++) await new Promise((resolve) => setTimeout(resolve, 25))
    expect(backgroundThreads()).toBe(2)
    expect(threadNiceness().get(process.pid)).toBe(before)
  })
})
