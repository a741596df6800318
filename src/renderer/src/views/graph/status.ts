/** Node status labels and the legend order; colors live in styles.css as `.status-<name>`. */
import type { NodeStatus } from '../../stores/run-state'

export const STATUS_LABEL: Record<NodeStatus, string> = {
  pending: 'Pending',
  waiting: 'Waiting for a slot',
  running: 'Running',
  succeeded: 'Succeeded',
  cached: 'Cached',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
  awaiting_approval: 'Awaiting approval',
  'not-started': 'Not started',
  interrupted: 'Interrupted',
}

export const LEGEND_ORDER: NodeStatus[] = [
  'pending',
  'waiting',
  'running',
  'succeeded',
  'cached',
  'failed',
  'skipped',
  'cancelled',
  'awaiting_approval',
  'not-started',
  'interrupted',
]
