/**
 * The one choke point between a transport (Electron IPC, HTTP) and the handlers. Guarantees:
 * only contract channels are called; every request is parsed by its channel's strict zod schema
 * before any work (extra, missing or wrong fields, `__proto__` keys and oversized strings are
 * rejected); every response is parsed by its schema; nothing throws across the boundary — errors
 * become `{ ok: false, error: { kind, message } }`, and anything that is not an OrchestratorError
 * becomes a generic 'internal' error (no stack traces or internal messages leave the process).
 */
import { type z } from 'zod'
import { invokeContract, type InvokeChannel, type InvokeResult } from '../../shared/ipc'
import { OrchestratorError } from '../errors'
import type { HandlerMap } from './handler-map'

export type Dispatcher = (channel: string, rawRequest: unknown) => Promise<InvokeResult<InvokeChannel>>

export interface DispatcherOptions {
  /** Receives unexpected errors (for the app log); never their text to the caller. */
  onInternalError?: (channel: string, err: unknown) => void
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])
const MAX_DEPTH = 32

function isContractChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeContract, channel)
}

/** True when a key anywhere in the value could reach a prototype if someone merged it. */
function hasForbiddenKey(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return true
  if (typeof value !== 'object' || value === null) return false
  if (Array.isArray(value)) return value.some((v) => hasForbiddenKey(v, depth + 1))
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key !== 'string' || FORBIDDEN_KEYS.has(key)) return true
    if (hasForbiddenKey((value as Record<string, unknown>)[key], depth + 1)) return true
  }
  return false
}

function failure(kind: string, message: string): InvokeResult<InvokeChannel> {
  return { ok: false, error: { kind, message } }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.map(String).join('.') : 'request'}: ${issue.message}`)
    .join('; ')
    .slice(0, 1000)
}

export function createDispatcher(handlers: HandlerMap, options: DispatcherOptions = {}): Dispatcher {
  return async (channel, rawRequest) => {
    if (!isContractChannel(channel)) {
      return failure('bad_input', `unknown channel '${String(channel).slice(0, 60)}'; the app and its API are out of sync, reload the page`)
    }
    if (hasForbiddenKey(rawRequest)) {
      return failure('bad_input', `invalid ${channel} request: it contains a forbidden key such as __proto__`)
    }
    const contract = invokeContract[channel]
    const parsed = contract.req.safeParse(rawRequest)
    if (!parsed.success) return failure('bad_input', `invalid ${channel} request: ${describeIssues(parsed.error)}`)
    try {
      const handler = handlers[channel] as (request: unknown) => Promise<unknown>
      const data = await handler(parsed.data)
      const checked = contract.res.safeParse(data)
      if (!checked.success) {
        options.onInternalError?.(channel, checked.error)
        return failure('internal', `the ${channel} response did not match the contract; this is a bug, please report it`)
      }
      return { ok: true, data: checked.data } as InvokeResult<InvokeChannel>
    } catch (err) {
      if (err instanceof OrchestratorError) return failure(err.kind, err.message)
      options.onInternalError?.(channel, err)
      return failure('internal', `internal error in ${channel}; see the app log`)
    }
  }
}
