/**
 * Contract of the file tools a step may call (`write_file`, `read_file`, `list_files`).
 * All paths are relative to the run's outputs/ folder; anything that would leave it is rejected
 * and the rejection is returned to the model as the tool result.
 */
import type { ToolSpec } from '../providers/types'
import type { AutoRunFlag } from '../../shared/auto-run-flags'

export interface WrittenFile {
  /** Path relative to outputs/, with forward slashes. */
  path: string
  sha256: string
  size_bytes: number
  media_type: string
  /** SHA-256 of the content this write replaced; that content is kept as versions/<sha256>. */
  previous_sha256?: string
  /** Set when the file runs commands on its own (see shared/auto-run-flags). */
  flags?: AutoRunFlag[]
}

export type ToolResult =
  { ok: true; content: string; written?: WrittenFile } | { ok: false; content: string; rejected?: { path?: string; reason: string } }

export interface ToolLimits {
  /** Largest single file a step may write, in bytes. */
  maxFileBytes: number
  /** Largest total a single step may write, in bytes. */
  maxStepBytes: number
  /** Largest number of files a single step may write. */
  maxStepFiles: number
}

export const DEFAULT_TOOL_LIMITS: ToolLimits = {
  maxFileBytes: 1024 * 1024,
  maxStepBytes: 8 * 1024 * 1024,
  maxStepFiles: 200,
}

export type ToolName = 'write_file' | 'read_file' | 'list_files'

/** One tool session per step attempt: it enforces the per-step quota. */
export interface ToolSession {
  readonly specs: ToolSpec[]
  execute(name: string, args: unknown): Promise<ToolResult>
  /** Files written so far in this session, in order (a path written twice appears once, last wins). */
  written(): WrittenFile[]
}
