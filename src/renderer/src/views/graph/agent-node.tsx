/**
 * The `agent` node card: role and agent, provider/model, status (color + label), elapsed time,
 * tokens, and the last lines of streamed text. Reads only its own step from the nearest run
 * store, so a token for one step re-renders one card. All text renders as text, never as HTML.
 */
import { Handle, Position, type NodeProps } from '@xyflow/react'
import { memo } from 'react'
import { elapsedSeconds, formatCost, formatCount, formatDuration, lastLines } from '../../format'
import { useNow } from '../../hooks/use-now'
import type { AgentNode } from '../../stores/flow-elements'
import { useRun } from '../../stores/run-store'
import { STATUS_LABEL } from './status'

function AgentNodeCard({ data, selected }: NodeProps<AgentNode>): React.JSX.Element {
  const step = useRun((s) => s.steps[data.stepId])
  const status = step?.status ?? 'pending'
  const running = status === 'running'
  const now = useNow(running)
  const elapsed = step?.durationS ?? elapsedSeconds(step?.startedAt ?? null, step?.finishedAt ?? null, now)
  const tokens = step ? step.promptTokens + step.completionTokens : 0
  const preview = step ? lastLines(step.text, 3) : []
  const provider = step?.provider ?? data.provider
  const model = step?.model ?? data.model
  return (
    <div className={`agent-node status-${status}${selected ? ' selected' : ''}`} data-testid={`node-${data.stepId}`} data-status={status}>
      <Handle type="target" position={Position.Left} />
      <div className="agent-node-head">
        <span className="agent-role" title={data.agent}>
          {data.role}
        </span>
        <span className={`status-badge status-${status}`} data-testid={`node-status-${data.stepId}`}>
          {STATUS_LABEL[status]}
        </span>
      </div>
      <div className="agent-node-sub">{data.stepId === data.agent ? data.agent : `${data.stepId} · ${data.agent}`}</div>
      <div className="agent-model" title={`${provider} / ${model}`}>
        {provider} / {model}
      </div>
      <div className="agent-node-stats">
        <span data-testid={`node-elapsed-${data.stepId}`}>{formatDuration(elapsed)}</span>
        <span data-testid={`node-tokens-${data.stepId}`}>
          {tokens > 0
            ? `${formatCount(tokens)} tok`
            : step && step.streamedChunks > 0
              ? `~${formatCount(step.streamedChunks)} tok`
              : step && step.savedTokens > 0
                ? ''
                : '0 tok'}
        </span>
        {step && step.savedTokens > 0 ? (
          <span className="saved" data-testid={`node-saved-${data.stepId}`} title="Answered from the cache: no model call, nothing spent">
            {formatCount(step.savedTokens)} tok · {formatCost(step.savedUsd)} saved
          </span>
        ) : null}
        {step && step.files.length > 0 ? (
          <span>
            {step.files.length} {step.files.length === 1 ? 'file' : 'files'}
          </span>
        ) : null}
        {step && step.retries.length > 0 ? (
          <span className="retry-count">
            {step.retries.length} {step.retries.length === 1 ? 'retry' : 'retries'}
          </span>
        ) : null}
      </div>
      <div className="agent-node-preview" data-testid={`node-preview-${data.stepId}`}>
        {preview.length > 0 ? (
          preview.map((line, i) => <div key={i}>{line}</div>)
        ) : (
          <div className="muted">{step?.error?.message ?? step?.skipReason ?? step?.waitingFor ?? ''}</div>
        )}
      </div>
      <Handle type="source" position={Position.Right} />
    </div>
  )
}

const AgentNodeView = memo(AgentNodeCard)

export const nodeTypes = { agent: AgentNodeView } as const
