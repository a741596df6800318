/**
 * In-page probes for the streaming benchmark, installed before the app loads: counts WebSocket
 * messages (the real event path) with arrival times, records requestAnimationFrame gaps, and the
 * input latency of real pointer events (handler time minus the event's timestamp).
 */
import type { Page } from '@playwright/test'

export interface ProbeReport {
  messages: number
  firstMessageMs: number | null
  lastMessageMs: number | null
  frames: number
  droppedFrames: number
  maxFrameGapMs: number
  inputLatenciesMs: number[]
  windowMs: number
}

export async function installProbes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const probe = {
      recording: false,
      start: 0,
      messages: 0,
      first: null as number | null,
      last: null as number | null,
      frames: 0,
      gaps: [] as number[],
      input: [] as number[],
    }
    ;(window as unknown as { __probe: typeof probe }).__probe = probe
    const Native = window.WebSocket
    class CountingSocket extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols)
        this.addEventListener('message', (event: MessageEvent) => {
          if (!probe.recording) return
          const now = performance.now()
          // The server coalesces the events of one tick into one array frame.
          const data: unknown = typeof event.data === 'string' ? JSON.parse(event.data) : null
          probe.messages += Array.isArray(data) ? data.length : 1
          probe.first ??= now
          probe.last = now
        })
      }
    }
    window.WebSocket = CountingSocket
    let prev = 0
    const frame = (t: number): void => {
      if (probe.recording) {
        if (prev > 0) probe.gaps.push(t - prev)
        probe.frames++
      }
      prev = t
      requestAnimationFrame(frame)
    }
    requestAnimationFrame(frame)
    window.addEventListener(
      'pointerdown',
      (e) => {
        if (probe.recording) probe.input.push(performance.now() - e.timeStamp)
      },
      true,
    )
  })
}

export async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const p = (window as unknown as { __probe: { recording: boolean; start: number } }).__probe
    p.recording = true
    p.start = performance.now()
  })
}

export async function stopRecording(page: Page): Promise<ProbeReport> {
  return page.evaluate(() => {
    const p = (
      window as unknown as {
        __probe: {
          recording: boolean
          start: number
          messages: number
          first: number | null
          last: number | null
          frames: number
          gaps: number[]
          input: number[]
        }
      }
    ).__probe
    p.recording = false
    return {
      messages: p.messages,
      firstMessageMs: p.first,
      lastMessageMs: p.last,
      frames: p.frames,
      droppedFrames: p.gaps.filter((g) => g > 50).length,
      maxFrameGapMs: Math.max(0, ...p.gaps),
      inputLatenciesMs: p.input,
      windowMs: performance.now() - p.start,
    }
  })
}
