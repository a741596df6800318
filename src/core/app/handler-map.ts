/**
 * Typed handler maps for the invoke contract. Each domain module exports a partial map;
 * `mergeHandlers` joins them and throws when two modules claim the same channel or when a
 * channel of the contract has no handler, so a gap or a clash fails at startup, not at call time.
 */
import type { z } from 'zod'
import { INVOKE_CHANNELS, invokeContract, type InvokeChannel, type InvokeResponse } from '../../shared/ipc'
import { OrchestratorError } from '../errors'

/** The request a handler receives: already parsed by the contract's zod schema. */
type HandlerRequest<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['req']>
type Handler<C extends InvokeChannel> = (request: HandlerRequest<C>) => Promise<InvokeResponse<C>>
export type HandlerMap = { [C in InvokeChannel]: Handler<C> }
export type PartialHandlerMap = Partial<HandlerMap>

export function mergeHandlers(...maps: PartialHandlerMap[]): HandlerMap {
  const merged: PartialHandlerMap = {}
  for (const map of maps) {
    for (const channel of Object.keys(map) as InvokeChannel[]) {
      if (!Object.hasOwn(invokeContract, channel)) {
        throw new OrchestratorError({
          kind: 'internal',
          retryable: false,
          message: `handler for unknown channel '${channel}'; add it to src/shared/ipc.ts first`,
        })
      }
      if (Object.hasOwn(merged, channel)) {
        throw new OrchestratorError({ kind: 'internal', retryable: false, message: `two handler modules define '${channel}'; keep one` })
      }
      Object.assign(merged, { [channel]: map[channel] })
    }
  }
  const missing = INVOKE_CHANNELS.filter((c) => !Object.hasOwn(merged, c))
  if (missing.length > 0) {
    throw new OrchestratorError({
      kind: 'internal',
      retryable: false,
      message: `no handler for ${missing.join(', ')}; every contract channel needs one`,
    })
  }
  return merged as HandlerMap
}
