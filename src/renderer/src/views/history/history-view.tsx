/** The History view: the run table, or the opened run's detail. */
import { useHistoryStore } from '../../stores/history-store'
import { HistoryTable } from './history-table'
import { RunDetail } from './run-detail'

export function HistoryView(): React.JSX.Element {
  const detail = useHistoryStore((s) => s.detail)
  const detailError = useHistoryStore((s) => s.detailError)
  return (
    <section className="history-view" data-testid="history-view">
      {detailError ? <div className="error-text">{detailError}</div> : null}
      {detail ? <RunDetail detail={detail} onClose={() => useHistoryStore.getState().close()} /> : <HistoryTable />}
    </section>
  )
}
