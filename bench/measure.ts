/**
 * Interleaved measurement: every repetition runs each variant once in order (A B C A B C …),
 * with a settled heap before each run when node runs with --expose-gc. Warm-up rounds are run and
 * dropped. A variant may report its own figure (e.g. only the DAG part of a persisted run);
 * otherwise the wall time of its run is used. Sub-millisecond variants run `batch` times per
 * sample and the sample is their median run, so one preempted run on a busy machine does not
 * dominate. Also tracks peak memory.
 */
import { median } from './stats'

export interface Variant {
  name: string
  /** Resolves with a self-measured figure in ms, or nothing to use the measured wall time. */
  run(): Promise<number | void>
  /** Runs per sample (default 1); the sample is the median of these runs (robust to a preempted run). */
  batch?: number
}

export interface VariantResult {
  name: string
  samples: number[]
  medianMs: number
  minMs: number
}

const gc: (() => void) | undefined = (globalThis as { gc?: () => void }).gc

export function hasGc(): boolean {
  return gc !== undefined
}

function collectGarbage(): void {
  gc?.()
}

/**
 * Two full collections (the second one finishes the first one's sweeping) and a short pause, so a
 * run does not pay for garbage left by the previous variant (LangGraph leaves a lot).
 */
async function settleHeap(): Promise<void> {
  if (!gc) return
  gc()
  gc()
  await new Promise((resolve) => setTimeout(resolve, 5))
}

export async function measureInterleaved(
  variants: readonly Variant[],
  options: { repetitions: number; warmup: number },
): Promise<Map<string, VariantResult>> {
  const samples = new Map<string, number[]>(variants.map((v) => [v.name, []]))
  for (let round = 0; round < options.warmup + options.repetitions; round++) {
    for (const variant of variants) {
      await settleHeap()
      const runs: number[] = []
      for (let i = 0; i < (variant.batch ?? 1); i++) {
        const start = performance.now()
        const figure = await variant.run()
        const wall = performance.now() - start
        runs.push(typeof figure === 'number' ? figure : wall)
      }
      if (round >= options.warmup) samples.get(variant.name)!.push(median(runs))
    }
  }
  const results = new Map<string, VariantResult>()
  for (const [name, list] of samples) results.set(name, { name, samples: list, medianMs: median(list), minMs: Math.min(...list) })
  return results
}

/** Peak RSS and heap tracker: call `sample()` from inside the work (timers do not fire in a microtask chain). */
export class MemoryPeak {
  readonly baselineRss: number
  readonly baselineHeap: number
  private peakRss: number
  private peakHeap: number

  constructor() {
    collectGarbage()
    const usage = process.memoryUsage()
    this.baselineRss = usage.rss
    this.baselineHeap = usage.heapUsed
    this.peakRss = usage.rss
    this.peakHeap = usage.heapUsed
  }

  sample(): void {
    const usage = process.memoryUsage()
    if (usage.rss > this.peakRss) this.peakRss = usage.rss
    if (usage.heapUsed > this.peakHeap) this.peakHeap = usage.heapUsed
  }

  get rssBytes(): number {
    this.sample()
    return this.peakRss
  }

  get heapBytes(): number {
    this.sample()
    return this.peakHeap
  }
}

/** The process-wide RSS high-water mark, in bytes. */
export function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024
}
