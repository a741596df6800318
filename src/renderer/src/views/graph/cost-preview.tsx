/**
 * Money next to the Run button. Before a run: the estimate for the loaded spec with the chosen
 * provider and model (`runs.estimate`: expected and worst case; `?` for a model without a price).
 * During and after a run that has a budget cap (spec `budget:`): what it has spent against the
 * cap, live from its events.
 */
import { useEffect, useState } from 'react'
import { useStore } from 'zustand'
import { useShallow } from 'zustand/react/shallow'
import { addCost } from '../../../../shared/cost'
import type { InvokeResponse } from '../../../../shared/ipc'
import { call } from '../../api/call'
import { formatCost, formatCount } from '../../format'
import { liveRunStore } from '../../stores/run-store'

type Estimate = InvokeResponse<'runs.estimate'>

const usd = (value: number | null): string => (value === null ? '$?' : formatCost(value))

export function EstimateLine({
  text,
  fileName,
  provider,
  model,
}: {
  text: string
  fileName: string
  provider: string
  model: string
}): React.JSX.Element | null {
  const [estimate, setEstimate] = useState<Estimate | null>(null)
  useEffect(() => {
    let live = true
    const timer = setTimeout(() => {
      call('runs.estimate', { text, fileName, ...(provider ? { provider } : {}), ...(model.trim() ? { model: model.trim() } : {}) })
        .then((res) => live && setEstimate(res))
        .catch(() => live && setEstimate(null))
    }, 250)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [text, fileName, provider, model])
  if (!estimate) return null
  return (
    <span
      className="estimate muted"
      data-testid="run-estimate"
      title={estimate.unpriced.length > 0 ? `No price for ${estimate.unpriced.join(', ')}` : 'From the price table'}
    >
      estimate ~{formatCount(estimate.expected.tokens)} tok · {usd(estimate.expected.usd)}, at most {formatCount(estimate.worst.tokens)} tok
      · {usd(estimate.worst.usd)}
    </span>
  )
}

export function BudgetMeter(): React.JSX.Element | null {
  const b = useStore(
    liveRunStore,
    useShallow((s) => {
      const steps = Object.values(s.steps)
      return {
        cap: s.budget,
        tokens: steps.reduce((sum, step) => sum + step.promptTokens + step.completionTokens, 0),
        usd: steps.reduce<number | null>((sum, step) => addCost(sum, step.costUsd), 0),
      }
    }),
  )
  if (!b.cap || (b.cap.max_usd === undefined && b.cap.max_tokens === undefined)) return null
  const parts: string[] = []
  if (b.cap.max_usd !== undefined) parts.push(`${usd(b.usd)} of ${formatCost(b.cap.max_usd)}`)
  if (b.cap.max_tokens !== undefined) parts.push(`${formatCount(b.tokens)} of ${formatCount(b.cap.max_tokens)} tok`)
  const over =
    (b.cap.max_usd !== undefined && b.usd !== null && b.usd >= b.cap.max_usd) ||
    (b.cap.max_tokens !== undefined && b.tokens >= b.cap.max_tokens)
  return (
    <span className={`budget-meter${over ? ' over' : ''}`} data-testid="budget-meter">
      budget: {parts.join(' · ')}
    </span>
  )
}
