/**
 * What the CLI needs from the outside world, as one object, so tests run every command
 * in-process with fake streams, a temp cwd, their own env and their own abort signal.
 * The real streams are guarded: once stdout or stderr is closed (EPIPE from `| head`, a closed
 * terminal) or fails, later writes to it are dropped, so a run always goes on to its end and
 * its exit code reflects the run, never the pipe.
 */
import { isatty } from 'node:tty'

interface CliOutput {
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
  /** Only on an interactive terminal: asks one question, resolves with the typed line. */
  ask?: (question: string) => Promise<string>
  /** Only on an interactive terminal: lets the user edit text in $EDITOR (or $VISUAL, else vi). */
  editText?: (text: string) => Promise<string>
}

/**
 * A writer that stops writing (silently) once its stream has failed or closed. The stream is
 * taken on the first write: Node builds process.stdout/stderr lazily, and a command that never
 * prints to one of them skips building it.
 */
function guardedWrite(getStream: () => NodeJS.WriteStream): (s: string) => void {
  let stream: NodeJS.WriteStream | undefined
  let closed = false
  return (s: string) => {
    if (!stream) {
      stream = getStream()
      stream.on('error', () => {
        closed = true
      })
    }
    if (closed || stream.destroyed || stream.writableEnded) return
    try {
      stream.write(s)
    } catch {
      closed = true
    }
  }
}

/** The real process streams; the caller adds the signal-driven abort. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    stdout: {
      write: guardedWrite(() => process.stdout),
      get isTTY() {
        return process.stdout.isTTY === true
      },
      get columns() {
        return process.stdout.columns
      },
    },
    stderr: { write: guardedWrite(() => process.stderr) },
    env: process.env,
    cwd: process.cwd(),
    signal,
    // isatty() asks the OS; process.stdin.isTTY would build a stdin stream only to read the flag.
    ...(isatty(0) && isatty(1) ? terminalQuestions() : {}),
  }
}

function terminalQuestions(): Pick<CliIo, 'ask' | 'editText'> {
  return {
    ask: async (question) => {
      const { createInterface } = await import('node:readline/promises')
      const rl = createInterface({ input: process.stdin, output: process.stdout })
      try {
        return await rl.question(question)
      } finally {
        rl.close()
      }
    },
    editText: async (text) => {
      const [{ spawnSync }, fs, { tmpdir }, { join }] = await Promise.all([
        import('node:child_process'),
        import('node:fs'),
        import('node:os'),
        import('node:path'),
      ])
      const dir = fs.mkdtempSync(join(tmpdir(), 'uo-prompt-'))
      const file = join(dir, 'prompt.md')
      try {
        fs.writeFileSync(file, text)
        const editor = process.env.VISUAL || process.env.EDITOR || 'vi'
        spawnSync(editor, [file], { stdio: 'inherit' })
        return fs.readFileSync(file, 'utf8')
      } finally {
        fs.rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}
