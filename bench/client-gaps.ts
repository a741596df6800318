/**
 * The client's side of the idle bench: through Node's own http diagnostics channel, when the
 * engine created each chat request, on its thread's clock. Set beside the server's stamps (moved
 * to the same clock), the time from the server finishing an answer to the engine creating the
 * next request is the engine's side of the gap (the answer's last bytes over loopback, reading
 * it, running the tool, persisting, building the next request); the rest is the request's way
 * to the server.
 */
import dc from 'node:diagnostics_channel'
import type http from 'node:http'

export interface RequestStarts {
  /** performance.now() of each chat request created since the last mark. */
  sinceMark(): readonly number[]
  mark(): void
  close(): void
}

export function watchRequestStarts(path = '/api/chat'): RequestStarts {
  let starts: number[] = []
  const onStart = (message: unknown): void => {
    if ((message as { request?: http.ClientRequest }).request?.path === path) starts.push(performance.now())
  }
  dc.subscribe('http.client.request.start', onStart)
  return {
    sinceMark: () => starts,
    mark() {
      starts = []
    },
    close() {
      dc.unsubscribe('http.client.request.start', onStart)
    },
  }
}
