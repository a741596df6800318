/**
 * Test helper: a CliIo that records stdout/stderr in memory, with a chosen TTY-ness, env, cwd
 * and abort signal, so commands run in-process exactly as from a shell.
 */
import type { CliIo } from '../cli-io'

export interface FakeIo {
  io: CliIo
  stdout(): string
  stderr(): string
  /** Every individual stdout write, in order (to see redraws). */
  writes: string[]
}

export function fakeIo(options: { cwd: string; env?: NodeJS.ProcessEnv; isTTY?: boolean; columns?: number; signal?: AbortSignal }): FakeIo {
  const writes: string[] = []
  const errs: string[] = []
  return {
    io: {
      stdout: { write: (s: string) => void writes.push(s), isTTY: options.isTTY ?? false, columns: options.columns ?? 100 },
      stderr: { write: (s: string) => void errs.push(s) },
      env: options.env ?? {},
      cwd: options.cwd,
      signal: options.signal,
    },
    stdout: () => writes.join(''),
    stderr: () => errs.join(''),
    writes,
  }
}
