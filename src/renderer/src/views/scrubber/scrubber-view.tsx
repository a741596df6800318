/**
 * The timeline scrubber for a past run: drag through its events.jsonl (a range input over the
 * events; arrows step one event) and the graph shows the run at that moment — statuses, tokens
 * so far, files written — folded by the live graph's reducer (scrub-frames). Play replays the
 * run at 1×, 4× or 16× its recorded pace; Pause stops. Needs nothing but the loaded events.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { describeEvent } from '../../../../shared/event-text'
import type { RunEvent } from '../../../../shared/run-event'
import { formatBytes, formatCount } from '../../format'
import { FrozenNow } from '../../hooks/use-now'
import { buildFlow } from '../../stores/flow-elements'
import { createRunStore, RunStoreContext } from '../../stores/run-store'
import { RunGraph } from '../graph/run-graph'
import { formatMs } from '../traces/span-time'
import { createScrubFrames, indexAtTime, summaryOf } from './scrub-frames'
import './scrubber.css'

const SPEEDS = [1, 4, 16] as const
const TICK_MS = 50

export function ScrubberView({ events }: { events: readonly RunEvent[] }): React.JSX.Element {
  const frames = useMemo(() => createScrubFrames(events), [events])
  const last = Math.max(0, events.length - 1)
  const [index, setIndex] = useState(last)
  const [playing, setPlaying] = useState(false)
  const [speed, setSpeed] = useState<(typeof SPEEDS)[number]>(4)
  const store = useMemo(() => createRunStore(), [])
  const state = useMemo(() => frames.at(index), [frames, index])
  const summary = useMemo(() => summaryOf(state), [state])
  const started = events.find((e) => e.type === 'job.started')
  const flow = useMemo(() => buildFlow(started?.type === 'job.started' ? started.steps : []), [started])
  const t0 = events[0] ? Date.parse(events[0].ts) : 0
  const current = events[index]
  const offsetMs = current ? Date.parse(current.ts) - t0 : 0
  const playStart = useRef({ wall: 0, offset: 0 })

  useEffect(() => {
    store.setState(state)
  }, [store, state])

  useEffect(() => {
    if (!playing) return
    playStart.current = { wall: performance.now(), offset: index >= last ? 0 : offsetMs }
    if (index >= last) setIndex(0)
    const timer = setInterval(() => {
      const elapsed = (performance.now() - playStart.current.wall) * speed + playStart.current.offset
      const next = indexAtTime(events, elapsed)
      setIndex(next)
      if (next >= last) setPlaying(false)
    }, TICK_MS)
    return () => clearInterval(timer)
    // Restarts only on play/pause, speed or another run; the index it starts from is read once.
  }, [playing, speed, events, last])

  return (
    <RunStoreContext.Provider value={store}>
      <FrozenNow.Provider value={current ? Date.parse(current.ts) : null}>
        <section className="scrubber" data-testid="scrubber">
          <div className="scrubber-controls">
            <button type="button" data-testid="scrub-play" onClick={() => setPlaying(!playing)} aria-pressed={playing}>
              {playing ? '❚❚ Pause' : '▶ Play'}
            </button>
            <select
              aria-label="Playback speed"
              data-testid="scrub-speed"
              value={speed}
              onChange={(e) => setSpeed(Number(e.currentTarget.value) as (typeof SPEEDS)[number])}
            >
              {SPEEDS.map((s) => (
                <option key={s} value={s}>
                  {s}×
                </option>
              ))}
            </select>
            <input
              type="range"
              className="scrub-range"
              aria-label="Position in the run's events"
              data-testid="scrub-range"
              min={0}
              max={last}
              step={1}
              value={index}
              onChange={(e) => {
                setPlaying(false)
                setIndex(Number(e.currentTarget.value))
              }}
            />
            <span className="muted" data-testid="scrub-position">
              event {index + 1} / {events.length} · +{formatMs(offsetMs)}
            </span>
          </div>
          <div className="scrubber-now" data-testid="scrub-event">
            {current ? (
              <>
                <code>{current.type}</code> {describeEvent(current)}
              </>
            ) : (
              'No events.'
            )}
          </div>
          <div className="scrubber-body">
            <div className="graph-body scrubber-graph">
              <RunGraph nodes={flow.nodes} edges={flow.edges} selectedStep={null} onSelect={() => undefined} testId="scrub-graph" />
            </div>
            <aside className="scrubber-side">
              <div>
                Status <strong data-testid="scrub-status">{state.status}</strong>
              </div>
              <div>
                Tokens so far <strong data-testid="scrub-tokens">{formatCount(summary.tokens)}</strong>
              </div>
              <div>
                Running <span data-testid="scrub-running">{summary.running.join(', ') || '—'}</span>
              </div>
              <h4>Files written ({summary.files.length})</h4>
              <ul data-testid="scrub-files">
                {summary.files.map((f) => (
                  <li key={`${f.step}/${f.path}`} data-path={f.path}>
                    {f.path}{' '}
                    <span className="muted">
                      {f.step} · {formatBytes(f.sizeBytes)}
                    </span>
                  </li>
                ))}
              </ul>
            </aside>
          </div>
        </section>
      </FrozenNow.Provider>
    </RunStoreContext.Provider>
  )
}
