/**
 * The client's side of the idle bench: through Node's own http diagnostics channels, when each
 * chat request was created and when its response's last byte was read, on the engine's thread.
 * The gap from one response's end to the next request's creation is the engine's own time
 * between model calls (reading the answer, running the tool, persisting, building the next
 * request); what the server sees beyond it is the loopback and the HTTP machinery both ways.
 */
import dc from 'node:diagnostics_channel'
import type http from 'node:http'

interface RequestStart {
  request: http.ClientRequest
}
interface ResponseHead {
  request: http.ClientRequest
  response: http.IncomingMessage
}

export interface ClientGaps {
  /** Mean (next request created − this response ended) over the requests seen since the last mark. */
  meanSinceMark(): number
  mark(): void
  close(): void
}

export function watchClientGaps(): ClientGaps {
  let starts: number[] = []
  let ends: number[] = []
  const onStart = (message: unknown): void => {
    if ((message as Partial<RequestStart>).request?.path === '/api/chat') starts.push(performance.now())
  }
  const onHead = (message: unknown): void => {
    const { request, response } = message as ResponseHead
    if (request.path === '/api/chat') response.once('end', () => ends.push(performance.now()))
  }
  dc.subscribe('http.client.request.start', onStart)
  dc.subscribe('http.client.response.finish', onHead)
  return {
    meanSinceMark() {
      let sum = 0
      const n = Math.min(starts.length - 1, ends.length)
      for (let i = 1; i <= n; i++) sum += starts[i]! - ends[i - 1]!
      return sum / Math.max(1, n)
    },
    mark() {
      starts = []
      ends = []
    },
    close() {
      dc.unsubscribe('http.client.request.start', onStart)
      dc.unsubscribe('http.client.response.finish', onHead)
    },
  }
}
