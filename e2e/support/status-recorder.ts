/**
 * Records, inside the page, every change of a graph node's `data-status` with a snapshot of all
 * statuses at that moment, so a spec can check ordering and overlap after the fact without
 * polling races.
 */
import type { Page } from '@playwright/test'

export interface StatusSnapshot {
  t: number
  changed: string
  statuses: Record<string, string>
}

declare global {
  interface Window {
    __statusLog?: StatusSnapshot[]
  }
}

export async function recordStatuses(page: Page): Promise<void> {
  await page.evaluate(() => {
    const log: StatusSnapshot[] = []
    window.__statusLog = log
    const snapshot = (): Record<string, string> => {
      const out: Record<string, string> = {}
      for (const el of document.querySelectorAll('[data-testid="graph-canvas"] [data-status]')) {
        const id = el.getAttribute('data-testid')?.replace(/^node-/, '')
        if (id) out[id] = el.getAttribute('data-status') ?? ''
      }
      return out
    }
    new MutationObserver((records) => {
      for (const r of records) {
        const id = (r.target as Element).getAttribute('data-testid')?.replace(/^node-/, '') ?? '?'
        log.push({ t: performance.now(), changed: id, statuses: snapshot() })
      }
    }).observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-status'] })
  })
}

export async function statusLog(page: Page): Promise<StatusSnapshot[]> {
  return page.evaluate(() => window.__statusLog ?? [])
}

/** Index of the first snapshot where `id` has `status`, or -1. */
export function firstIndex(log: readonly StatusSnapshot[], id: string, status: string): number {
  return log.findIndex((s) => s.statuses[id] === status)
}
