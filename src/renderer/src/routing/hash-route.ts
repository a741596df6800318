/**
 * Hash routes, so Back and Forward move between views and a run can be linked within the tab:
 * `#/graph`, `#/history`, `#/history/<job_id>` (that run's detail), `#/outputs[/<job_id>]`,
 * `#/traces`, `#/editor`, `#/settings`. `parseRoute`/`formatRoute` are pure; `startHashRouting` keeps the address bar and
 * the stores in step both ways (a store change pushes one history entry; a hash change, from Back
 * or a pasted link, updates the stores). The `#token=` fragment of browser mode is taken before.
 */
import type { ViewName } from '../stores/app-store'

export interface Route {
  view: ViewName
  jobId: string | null
}

const JOB = /^job_[0-9a-f]{12}$/
const VIEWS: readonly ViewName[] = ['graph', 'history', 'outputs', 'traces', 'editor', 'settings']

export function parseRoute(hash: string): Route {
  const [view = '', job = ''] = hash.replace(/^#\/?/, '').split('/')
  const name = VIEWS.find((v) => v === view) ?? 'graph'
  const jobId = (name === 'history' || name === 'outputs') && JOB.test(job) ? job : null
  return { view: name, jobId }
}

export function formatRoute(route: Route): string {
  return route.jobId && (route.view === 'history' || route.view === 'outputs') ? `#/${route.view}/${route.jobId}` : `#/${route.view}`
}

export interface RouteBinding {
  /** The route the stores describe now. */
  current(): Route
  /** Make the stores show a route (from the address bar). */
  apply(route: Route): void
  /** Calls back whenever the stores may describe another route; returns an unsubscribe. */
  subscribe(listener: () => void): () => void
}

export function startHashRouting(binding: RouteBinding): () => void {
  // The hash this module last saw or wrote. A store change while the address bar holds another
  // one means a navigation (a link, Back) is not processed yet: follow it instead of pushing over it.
  let known = location.hash
  // Applying a route takes several store updates; none of the halfway states may be pushed.
  let applying = false
  const fromHash = (): void => {
    known = location.hash
    const route = parseRoute(location.hash)
    if (formatRoute(route) === formatRoute(binding.current())) return
    applying = true
    try {
      binding.apply(route)
    } finally {
      applying = false
    }
  }
  if (/^#\/./.test(location.hash)) fromHash()
  else {
    history.replaceState(null, '', formatRoute(binding.current()))
    known = location.hash
  }
  const off = binding.subscribe(() => {
    if (applying) return
    if (location.hash !== known) return fromHash()
    const next = formatRoute(binding.current())
    if (next === known) return
    history.pushState(null, '', next)
    known = location.hash
  })
  window.addEventListener('popstate', fromHash)
  window.addEventListener('hashchange', fromHash)
  return () => {
    off()
    window.removeEventListener('popstate', fromHash)
    window.removeEventListener('hashchange', fromHash)
  }
}
