/** The History view: the run table, the opened run's detail, or two runs compared. */
import { useHistoryStore } from '../../stores/history-store'
import { CompareView } from './compare-view'
import { HistoryTable } from './history-table'
import { RunDetail } from './run-detail'

export function HistoryView(): React.JSX.Element {
  const detail = useHistoryStore((s) => s.detail)
  const detailError = useHistoryStore((s) => s.detailError)
  const comparing = useHistoryStore((s) => s.comparison !== null)
  return (
    <section className="history-view" data-testid="history-view">
      {detailError ? <div className="error-text">{detailError}</div> : null}
      {comparing ? (
        <CompareView />
      ) : detail ? (
        <RunDetail detail={detail} onClose={() => useHistoryStore.getState().close()} />
      ) : (
        <HistoryTable />
      )}
    </section>
  )
}
