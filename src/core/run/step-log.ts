/**
 * logs/<step>.log: a human-readable transcript of one step (prompt, answer, tool calls and
 * results, errors, retries). Text is buffered in memory and appended to the file on `flush`
 * (the step runner flushes when the step ends; a large buffer flushes itself). Writing a log
 * never fails a step: a failed append is kept in `error` and the text is dropped. Keys are
 * scrubbed by the redactor on the way to the file.
 */
import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { OrchestratorError } from '../errors'
import { fsErrorCode } from './fs-error-code'
import { Redactor } from '../redact/redactor'

const AUTO_FLUSH_CHARS = 256 * 1024

function clock(): string {
  return new Date().toISOString().slice(11, 23)
}

export class StepLog {
  private parts: string[] = []
  private chars = 0
  private dirReady = false
  private lastError: OrchestratorError | undefined

  private readonly redactor: Redactor

  constructor(
    readonly path: string,
    redactor?: Redactor,
  ) {
    this.redactor = redactor ?? Redactor.fromEnv()
  }

  /** The last append failure, if any. */
  get error(): OrchestratorError | undefined {
    return this.lastError
  }

  section(title: string, body: string): void {
    const text = body === '' || body.endsWith('\n') ? body : `${body}\n`
    this.push(`=== ${title} [${clock()}] ===\n${text}\n`)
  }

  line(text: string): void {
    this.push(text.endsWith('\n') ? text : `${text}\n`)
  }

  flush(): void {
    if (this.parts.length === 0) return
    const text = this.redactor.redact(this.parts.join(''))
    this.parts = []
    this.chars = 0
    try {
      if (!this.dirReady) {
        mkdirSync(dirname(this.path), { recursive: true })
        this.dirReady = true
      }
      appendFileSync(this.path, text, 'utf8')
    } catch (err) {
      this.lastError = new OrchestratorError(
        {
          kind: 'io',
          retryable: false,
          message: `cannot write step log ${this.path} (${fsErrorCode(err) ?? 'unknown error'}); check the run folder's logs/ permissions`,
        },
        { cause: err },
      )
    }
  }

  private push(text: string): void {
    this.parts.push(text)
    this.chars += text.length
    if (this.chars > AUTO_FLUSH_CHARS) this.flush()
  }
}
