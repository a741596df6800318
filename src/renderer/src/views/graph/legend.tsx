/** The status legend shown over the graph: one colored chip per node status. */
import { LEGEND_ORDER, STATUS_LABEL } from './status'

export function Legend(): React.JSX.Element {
  return (
    <div className="legend" data-testid="legend">
      {LEGEND_ORDER.map((status) => (
        <span key={status} className="legend-item">
          <span className={`legend-dot status-${status}`} />
          {STATUS_LABEL[status]}
        </span>
      ))}
    </div>
  )
}
