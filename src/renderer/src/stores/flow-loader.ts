/**
 * Loads the graph layout code (flow-elements with dagre) on demand, once: the first screen does
 * not need it, so it stays out of the first-load JavaScript. `loadedFlow()` is the module once it
 * has arrived (so a caller can stay synchronous), undefined before.
 */
import type * as FlowElements from './flow-elements'

type FlowModule = typeof FlowElements

let loaded: FlowModule | undefined
let loading: Promise<FlowModule> | undefined

export function loadFlow(): Promise<FlowModule> {
  loading ??= import('./flow-elements').then(
    (m) => (loaded = m),
    (err: unknown) => {
      loading = undefined
      throw err
    },
  )
  return loading
}

export function loadedFlow(): FlowModule | undefined {
  return loaded
}
