import { afterEach, describe, expect, it } from 'vitest'
import { JobWorker } from '../../../server/workerJobs/JobWorker'
import type { FixtureResult, FixtureTask } from './jobsThreadFixture'

const started: Array<JobWorker<FixtureTask, FixtureResult>> = []
function fixtureWorker(): JobWorker<FixtureTask, FixtureResult> {
  const worker = new JobWorker<FixtureTask, FixtureResult>({
    source: 'tests/server/workerJobs/jobsThreadFixture.ts',
    builtName: 'jobsThreadFixture',
    name: 'fixture',
  })
  started.push(worker)
  return worker
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((worker) => worker.stop()))
})

describe('JobWorker', () => {
  it('answers each job with its own result, byte arrays handed over whole', async () => {
    const jobs = fixtureWorker()
    const answers = await Promise.all([
      jobs.run({ kind: 'double', value: 21 }),
      jobs.run({ kind: 'bytes', length: 5 }),
      jobs.run({ kind: 'double', value: -4 }),
    ])
    expect(answers).toEqual([42, new Uint8Array([7, 7, 7, 7, 7]), -8])
  })

  it("rejects a job with the thread's error message, keeps the thread's stack, and serves the next job", async () => {
    const jobs = fixtureWorker()
    const thrown = await jobs.run({ kind: 'throw', message: 'no such column' }).catch((error: Error) => error)
    expect(thrown).toBeInstanceOf(Error)
    expect((thrown as Error).message).toBe('no such column')
    expect((thrown as Error).stack).toContain('jobsThreadFixture')
    await expect(jobs.run({ kind: 'reject', message: 'async refusal' })).rejects.toThrow(/^async refusal$/)
    await expect(jobs.run({ kind: 'double', value: 1 })).resolves.toBe(2)
  })

  it('fails the jobs a lost thread held, and starts a new thread for the next job', async () => {
    const jobs = fixtureWorker()
    const lost = jobs.run({ kind: 'exit', code: 3 })
    const queued = jobs.run({ kind: 'double', value: 5 })
    await expect(lost).rejects.toThrow('the fixture worker exited (3)')
    await expect(queued).rejects.toThrow('the fixture worker exited (3)')
    await expect(jobs.run({ kind: 'double', value: 5 })).resolves.toBe(10)
  })

  it('on stop fails the waiting jobs and refuses new ones', async () => {
    const jobs = fixtureWorker()
    await expect(jobs.run({ kind: 'double', value: 1 })).resolves.toBe(2)
    const waiting = expect(jobs.run({ kind: 'wait', ms: 60_000 })).rejects.toThrow('the fixture worker was stopped')
    await jobs.stop()
    await waiting
    await expect(jobs.run({ kind: 'double', value: 1 })).rejects.toThrow('the fixture worker is stopped')
  })
})
