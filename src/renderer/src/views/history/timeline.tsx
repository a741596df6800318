/** The events of a run (tokens excluded), in order, with time, step and a one-line summary. */
import type { TimelineEntry } from '../../stores/run-state'

export function Timeline({ entries }: { entries: readonly TimelineEntry[] }): React.JSX.Element {
  return (
    <div className="timeline" data-testid="timeline">
      <table className="data-table">
        <thead>
          <tr>
            <th>#</th>
            <th>Time</th>
            <th>Step</th>
            <th>Event</th>
            <th>Details</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq} className={`level-${e.level}`} data-testid="timeline-row">
              <td>{e.seq}</td>
              <td>{e.ts.slice(11, 23)}</td>
              <td>{e.step ?? ''}</td>
              <td>
                <code>{e.type}</code>
              </td>
              <td>{e.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
