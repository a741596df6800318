/**
 * What the CLI needs from the outside world, as one object, so tests run every command
 * in-process with fake streams, a temp cwd, their own env and their own abort signal.
 */
export interface CliOutput {
  write(s: string): void
  isTTY?: boolean
  columns?: number
}

export interface CliIo {
  stdout: CliOutput
  stderr: { write(s: string): void }
  env: NodeJS.ProcessEnv
  cwd: string
  /** Aborting it cancels a running `run` and stops `tail --follow`. */
  signal?: AbortSignal
}

/** The real process streams; the caller adds the SIGINT-driven signal. */
export function processIo(signal?: AbortSignal): CliIo {
  const stdout = process.stdout
  return {
    stdout: {
      write: (s: string) => void stdout.write(s),
      get isTTY() {
        return stdout.isTTY === true
      },
      get columns() {
        return stdout.columns
      },
    },
    stderr: { write: (s: string) => void process.stderr.write(s) },
    env: process.env,
    cwd: process.cwd(),
    signal,
  }
}
