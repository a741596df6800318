import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { manifestSchema, type Manifest } from '../../shared/manifest'
import { INTERRUPTED_MESSAGE, isProcessAlive, recoverInterrupted } from './recover'
import { jobId, makeManifest, makeStep, tempRunsDir, writeRunFolder } from './test-fixtures'

function readManifest(dir: string): Manifest {
  return manifestSchema().parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')))
}

function runningManifest(n: number, pid: number | null): Manifest {
  return makeManifest({
    job_id: jobId(n),
    status: 'running',
    pid,
    finished_at: null,
    duration_s: null,
    started_at: '2025-03-01T12:00:00.000Z',
    steps: { architect: makeStep(), builder: makeStep({ status: 'running', finished_at: null, duration_s: null }) },
  })
}

describe('recoverInterrupted', () => {
  it('marks a running run with a dead writer interrupted and sweeps its temp files', () => {
    const runsDir = tempRunsDir()
    const dir = writeRunFolder(runsDir, runningManifest(1, 4242))
    const events = [
      { seq: 0, ts: '2025-03-01T12:00:00.000Z', type: 'job.started' },
      { seq: 1, ts: '2025-03-01T12:00:42.500Z', type: 'step.started' },
    ]
    writeFileSync(join(dir, 'events.jsonl'), `${events.map((e) => JSON.stringify(e)).join('\n')}\n{"seq":2,"ts":"2025-03-01T12:0`)
    writeFileSync(join(dir, 'manifest.json.tmp-abc123'), '{"half')

    const checked: number[] = []
    const recovered = recoverInterrupted(runsDir, { isAlive: (pid) => (checked.push(pid), false) })

    expect(recovered).toEqual([jobId(1)])
    expect(checked).toEqual([4242])
    const m = readManifest(dir)
    expect(m.status).toBe('interrupted')
    expect(m.pid).toBeNull()
    expect(m.finished_at).toBe('2025-03-01T12:00:42.500Z')
    expect(m.duration_s).toBe(42.5)
    expect(m.steps.builder?.status).toBe('interrupted')
    expect(m.failures).toEqual([{ kind: 'interrupted', step: null, message: INTERRUPTED_MESSAGE, timestamp: expect.any(String) }])
    expect(existsSync(join(dir, 'manifest.json.tmp-abc123'))).toBe(false)
  })

  it('leaves a run whose writer is alive untouched', () => {
    const runsDir = tempRunsDir()
    const dir = writeRunFolder(runsDir, runningManifest(1, 4242))
    writeFileSync(join(dir, 'out.tmp-inflight'), 'being written')
    const before = readFileSync(join(dir, 'manifest.json'), 'utf8')
    expect(recoverInterrupted(runsDir, { isAlive: () => true })).toEqual([])
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(before)
    expect(existsSync(join(dir, 'out.tmp-inflight'))).toBe(true)
  })

  it('sweeps a temp file left by a write race in a finished run folder too (finding 7)', () => {
    const runsDir = tempRunsDir()
    const dir = writeRunFolder(runsDir, makeManifest({ job_id: jobId(1), status: 'succeeded', pid: null }))
    writeFileSync(join(dir, 'manifest.json.tmp-raced01'), '{"half')
    expect(recoverInterrupted(runsDir, { isAlive: () => false })).toEqual([])
    expect(existsSync(join(dir, 'manifest.json.tmp-raced01'))).toBe(false)
    expect(readManifest(dir).status).toBe('succeeded')
  })

  it('treats a null pid as dead and uses now when there are no events', () => {
    const runsDir = tempRunsDir()
    const dir = writeRunFolder(runsDir, runningManifest(1, null))
    const lowerBound = Date.now()
    expect(recoverInterrupted(runsDir, { isAlive: () => true })).toEqual([jobId(1)])
    const m = readManifest(dir)
    expect(m.status).toBe('interrupted')
    expect(Date.parse(m.finished_at ?? '')).toBeGreaterThanOrEqual(lowerBound)
  })

  it('skips finished runs and manifests that do not parse', () => {
    const runsDir = tempRunsDir()
    writeRunFolder(runsDir, makeManifest({ job_id: jobId(1), status: 'failed', pid: 1 }))
    const dir = writeRunFolder(runsDir, runningManifest(2, null))
    writeFileSync(join(dir, 'manifest.json'), '{"status": "running"')
    expect(recoverInterrupted(runsDir, { isAlive: () => false })).toEqual([])
    expect(readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe('{"status": "running"')
  })

  it('detects real live and dead processes by default', () => {
    expect(isProcessAlive(process.pid)).toBe(true)
    const child = spawnSync(process.execPath, ['-e', '0'])
    expect(child.pid).toBeGreaterThan(0)
    expect(isProcessAlive(child.pid ?? 0)).toBe(false)
    expect(isProcessAlive(0)).toBe(false)

    const runsDir = tempRunsDir()
    writeRunFolder(runsDir, runningManifest(1, process.pid))
    writeRunFolder(runsDir, runningManifest(2, child.pid ?? 0))
    expect(recoverInterrupted(runsDir)).toEqual([jobId(2)])
  })
})
