/**
 * Harness that runs the Anthropic adapter (real `@anthropic-ai/sdk` inside) through the provider
 * conformance suite against the fake Anthropic server. The environment is empty, so nothing from
 * the machine's ANTHROPIC_* variables leaks into the tests.
 */
import { createAnthropicProvider } from '../anthropic-provider'
import type { ContractHarness } from '../../testing/contract-types'
import { startFakeAnthropic } from './fake-anthropic-server'

const ANTHROPIC_CONTRACT_MODEL = 'claude-sonnet-5-5'
const FAKE_ANTHROPIC_KEY = 'sk-ant-fake-contract-key-000000'

export const anthropicContractHarness: ContractHarness = {
  name: 'anthropic',
  model: ANTHROPIC_CONTRACT_MODEL,
  needsKey: true,
  startServer: () => startFakeAnthropic(),
  makeProvider: (url, { apiKey, timeouts }) =>
    createAnthropicProvider({ baseURL: url, apiKey: apiKey ?? FAKE_ANTHROPIC_KEY, timeouts, env: {} }),
}
