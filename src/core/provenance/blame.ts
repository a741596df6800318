/**
 * `blame`: which model call wrote a file of a run, and what came before. The current version and
 * each earlier one come from the manifest's file entry (step, round, turn, model call id, cache
 * key, event seq; earlier contents kept as versions/<sha256>); the model call is then looked up
 * in events.jsonl (its provider, model, turn, tokens, whether it was a cache hit). Runs recorded
 * before provenance existed still answer with step and time, the rest null.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { ManifestFile } from '../../shared/manifest'
import { OrchestratorError } from '../errors'
import { readManifestFile } from '../history/run-folders'
import { readEvents } from '../run/event-log'

export interface ModelCallInfo {
  model_call_id: string
  provider: string | null
  model: string | null
  turn: number | null
  prompt_tokens: number | null
  completion_tokens: number | null
  cached: boolean | null
  cost_usd: number | null
}

export interface BlameVersion {
  sha256: string
  size_bytes: number
  step: string
  seq: number | null
  created_at: string
  model_call: ModelCallInfo | null
  /** Path of the kept content in the run folder, when it is there. */
  kept_at: string | null
}

export interface Blame {
  job_id: string
  path: string
  current: BlameVersion & { round: number | null; turn: number | null; cache_key: string | null; media_type: string }
  /** Earlier contents of the path, newest first. */
  earlier: BlameVersion[]
}

function callsById(runDir: string, ids: ReadonlySet<string>): Map<string, ModelCallInfo> {
  const calls = new Map<string, ModelCallInfo>()
  if (ids.size === 0) return calls
  for (const event of readEvents(join(runDir, 'events.jsonl')).events) {
    if (event.type !== 'llm.request' && event.type !== 'llm.response') continue
    const id = event.model_call_id
    if (id === undefined || !ids.has(id)) continue
    const info = calls.get(id) ?? {
      model_call_id: id,
      provider: null,
      model: null,
      turn: null,
      prompt_tokens: null,
      completion_tokens: null,
      cached: null,
      cost_usd: null,
    }
    info.turn = event.turn
    if (event.type === 'llm.request') {
      info.provider = event.provider
      info.model = event.model
    } else {
      info.prompt_tokens = event.usage.prompt_tokens
      info.completion_tokens = event.usage.completion_tokens
      info.cached = event.cached
      info.cost_usd = event.cost_usd
    }
    calls.set(id, info)
  }
  return calls
}

export function blameFile(runDir: string, path: string): Blame {
  const read = readManifestFile(join(runDir, 'manifest.json'))
  if (!read.ok) throw new OrchestratorError({ kind: 'bad_input', retryable: false, message: `cannot read ${runDir}: ${read.reason}` })
  const normalized = path.replace(/^\.?\/+/, '').replace(/^outputs\//, '')
  const file: ManifestFile | undefined = read.manifest.files.find((f) => f.path === normalized)
  if (!file) {
    throw new OrchestratorError({
      kind: 'bad_input',
      retryable: false,
      message: `run ${read.manifest.job_id} wrote no file '${normalized}'; see 'orchestrator show ${read.manifest.job_id} --files'`,
    })
  }
  const ids = new Set([file.model_call_id, ...file.versions.map((v) => v.model_call_id)].filter((id): id is string => id !== null))
  const calls = callsById(runDir, ids)
  const call = (id: string | null): ModelCallInfo | null => (id === null ? null : (calls.get(id) ?? null))
  const kept = (sha: string): string | null => (existsSync(join(runDir, 'versions', sha)) ? `versions/${sha}` : null)
  return {
    job_id: read.manifest.job_id,
    path: file.path,
    current: {
      sha256: file.sha256,
      size_bytes: file.size_bytes,
      media_type: file.media_type,
      step: file.step,
      seq: file.seq,
      created_at: file.created_at,
      round: file.round,
      turn: file.turn,
      cache_key: file.cache_key,
      model_call: call(file.model_call_id),
      kept_at: `outputs/${file.path}`,
    },
    earlier: [...file.versions].reverse().map((v) => ({
      sha256: v.sha256,
      size_bytes: v.size_bytes,
      step: v.step,
      seq: v.seq,
      created_at: v.created_at,
      model_call: call(v.model_call_id),
      kept_at: kept(v.sha256),
    })),
  }
}
