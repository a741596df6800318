/**
 * `graph.validate`: parses spec text exactly as a run would and returns the graph the UI draws
 * (steps, edges via `needs`, levels), or every spec issue with its line and column as data.
 */
import type { InvokeResponse } from '../../shared/ipc'
import { graphLevels } from '../spec/graph'
import { parseSpecText } from '../spec/load-spec'
import { SpecError } from '../spec/spec-error'
import type { ResolvedSpec } from '../spec/types'
import type { AppContext } from './app-context'
import type { PartialHandlerMap } from './handler-map'

type GraphView = Extract<InvokeResponse<'graph.validate'>, { ok: true }>['graph']

function graphView(spec: ResolvedSpec): GraphView {
  return {
    project: spec.project,
    task: spec.task_description,
    steps: spec.steps.map((s) => ({
      id: s.id,
      agent: s.agent,
      role: s.role,
      needs: [...s.needs],
      ...(s.provider !== undefined ? { provider: s.provider } : {}),
      ...(s.model !== undefined ? { model: s.model } : {}),
    })),
    levels: graphLevels(spec.steps),
  }
}

export function graphHandlers(ctx: AppContext): PartialHandlerMap {
  return {
    'graph.validate': async ({ text, fileName }) => {
      try {
        return { ok: true, graph: graphView(parseSpecText(text, fileName, ctx.env)) }
      } catch (err) {
        if (err instanceof SpecError) return { ok: false, issues: err.issues.map((i) => ({ ...i })) }
        throw err
      }
    },
  }
}
