/**
 * Takes one step over unchanged from a rerun's parent job: the files it wrote (by the parent's
 * manifest, only those it wrote last) are copied from the parent's outputs/ into the new job's
 * outputs/ and must match the SHA-256 the parent recorded; its artifacts are copied too. Records
 * `file.written`, `artifact.created` and `step.reused` (what the step cost in the parent is what
 * reusing it saves). Zero model calls. The parent's folder is only read.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { OrchestratorError } from '../errors'
import type { RunRecorder } from '../run/run-recorder'
import { sha256Hex } from '../sha256'
import { resolveOutputPath } from '../tools/safe-path'
import { stepsCost } from './done-steps'
import type { ReusePlan } from './job-plan'

function changed(plan: ReusePlan, path: string, why: string): OrchestratorError {
  return new OrchestratorError({
    kind: 'io',
    retryable: false,
    message: `cannot reuse ${path} from ${plan.parentJobId}: ${why}; rerun with --from an earlier step (or without --from) to make it again`,
  })
}

export function reuseStep(plan: ReusePlan, stepId: string, target: { outputs: string; root: string }, recorder: RunRecorder): void {
  for (const file of plan.parentManifest.files) {
    if (file.step !== stepId) continue
    const to = resolveOutputPath(target.outputs, file.path)
    const from = resolveOutputPath(join(plan.parentDir, 'outputs'), file.path)
    if (!to.ok || !from.ok) throw changed(plan, file.path, 'the path is not a safe project path')
    let bytes: Buffer
    try {
      bytes = readFileSync(from.abs)
    } catch {
      throw changed(plan, file.path, 'the file is missing from its outputs/')
    }
    if (sha256Hex(bytes) !== file.sha256) throw changed(plan, file.path, 'its content no longer matches the SHA-256 in its manifest')
    mkdirSync(dirname(to.abs), { recursive: true })
    writeFileSync(to.abs, bytes)
    recorder.record({
      type: 'file.written',
      step: stepId,
      path: to.rel,
      sha256: file.sha256,
      size_bytes: bytes.length,
      media_type: file.media_type,
    })
  }
  const parentStep = plan.parentManifest.steps[stepId]
  for (const artifact of parentStep?.artifacts ?? []) {
    if (!/^artifacts\/[^/\\]+$/.test(artifact)) continue
    try {
      copyFileSync(join(plan.parentDir, artifact), join(target.root, artifact))
    } catch {
      continue
    }
    const body = readFileSync(join(target.root, artifact))
    recorder.record({ type: 'artifact.created', step: stepId, path: artifact, sha256: sha256Hex(body), size_bytes: body.length })
  }
  const saved = stepsCost(plan.parentManifest, [stepId])
  recorder.record({ type: 'step.reused', step: stepId, from_job_id: plan.parentJobId, saved_tokens: saved.tokens, saved_usd: saved.usd })
}
