/**
 * What the launcher reports while it finds, starts, supervises and stops a local model server,
 * and while it pulls a model. The CLI turns these into lines or a progress bar; the app into
 * progress events.
 */

export type LocalServerKind = 'ollama' | 'mlx'

export type LaunchEvent =
  | { type: 'reused'; server: LocalServerKind; host: string }
  | { type: 'starting'; server: LocalServerKind; command: string; host: string }
  | { type: 'port_in_use'; server: LocalServerKind; port: number }
  | { type: 'ready'; server: LocalServerKind; host: string; pid: number }
  | { type: 'exited'; server: LocalServerKind; code: number | null; signal: string | null; output: string }
  | { type: 'restarting'; server: LocalServerKind; attempt: number; maxAttempts: number; delayMs: number }
  | { type: 'restarted'; server: LocalServerKind; host: string; pid: number }
  | { type: 'gave_up'; server: LocalServerKind; message: string }
  | { type: 'stopped'; server: LocalServerKind }
  | { type: 'pull'; model: string; progress: PullProgress }
  | { type: 'pull_failed'; model: string; message: string }

export interface PullProgress {
  status: string
  digest?: string
  /** Bytes of the current layer, when the server reports them. */
  total?: number
  completed?: number
}

export type LaunchProgressFn = (event: LaunchEvent) => void
