/**
 * Test-only: the error replies both halves of the fake OpenAI server send, shaped as OpenAI sends
 * them: `{error: {message, type, param, code}}` with the HTTP status.
 */
import type http from 'node:http'
import type { FakeScenario } from '../../testing/contract-types'

export type OpenAIErrorBody = { message: string; type: string; code: string | null; param?: string | null }

export function sendError(res: http.ServerResponse, status: number, error: OpenAIErrorBody, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers })
  res.end(JSON.stringify({ error: { param: null, ...error } }))
}

/** The body of an `http_error` scenario: a server_error from 500 up, an invalid_request_error below. */
export function httpErrorBody(scenario: Extract<FakeScenario, { kind: 'http_error' }>): OpenAIErrorBody {
  return {
    message: scenario.message ?? `HTTP ${scenario.status}`,
    type: scenario.status >= 500 ? 'server_error' : 'invalid_request_error',
    code: null,
  }
}
