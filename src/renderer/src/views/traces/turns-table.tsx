/** Tokens and latency per model turn: step, attempt, turn, tokens in/out, time, cache, cost, stop reason. */
import { formatCost } from '../../format'
import { formatMs } from './span-time'
import type { TurnRow } from './waterfall-model'

export function TurnsTable({ turns, onShow }: { turns: readonly TurnRow[]; onShow(seq: number): void }): React.JSX.Element {
  return (
    <table className="data-table turns-table" data-testid="turns-table">
      <thead>
        <tr>
          <th>Step</th>
          <th>Attempt</th>
          <th>Turn</th>
          <th>Prompt tokens</th>
          <th>Completion tokens</th>
          <th>Latency</th>
          <th>Tokens/s</th>
          <th>Cost</th>
          <th>Stop</th>
        </tr>
      </thead>
      <tbody>
        {turns.map((t) => (
          <tr key={t.seq} data-testid="turn-row" data-step={t.step} onClick={() => onShow(t.seq)}>
            <td>{t.step}</td>
            <td>{t.attempt}</td>
            <td>{t.turn}</td>
            <td>{t.promptTokens}</td>
            <td>{t.completionTokens}</td>
            <td>{t.cached ? 'cached' : formatMs(t.durationMs)}</td>
            <td>{!t.cached && t.durationMs > 0 ? Math.round((t.completionTokens / t.durationMs) * 1000) : '—'}</td>
            <td>{formatCost(t.costUsd)}</td>
            <td>{t.stopReason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
