/**
 * The runs this process is executing: job id → its AbortController and a promise that settles
 * when runJob returns. `cancel` aborts one run; `cancelAll` aborts every run and waits until all
 * of them have recorded their final state (used on quit, so no run is left `running`).
 */

interface ActiveRun {
  controller: AbortController
  settled: Promise<void>
}

export class ActiveRuns {
  private readonly runs = new Map<string, ActiveRun>()

  add(jobId: string, controller: AbortController, settled: Promise<void>): void {
    this.runs.set(jobId, { controller, settled })
    void settled.finally(() => {
      if (this.runs.get(jobId)?.controller === controller) this.runs.delete(jobId)
    })
  }

  ids(): string[] {
    return [...this.runs.keys()].sort()
  }

  has(jobId: string): boolean {
    return this.runs.has(jobId)
  }

  /** Aborts the run; false when it is not running in this process. */
  cancel(jobId: string): boolean {
    const run = this.runs.get(jobId)
    if (!run || run.controller.signal.aborted) return false
    run.controller.abort()
    return true
  }

  async cancelAll(): Promise<void> {
    const all = [...this.runs.values()]
    for (const run of all) run.controller.abort()
    await Promise.allSettled(all.map((r) => r.settled))
  }

  /** Waits for one run to end (tests, shutdown). */
  async settled(jobId: string): Promise<void> {
    await this.runs.get(jobId)?.settled
  }
}
