/**
 * Harnesses that run the OpenAI and MLX adapters (real `openai` SDK inside) through the provider
 * conformance suite against the fake OpenAI server. OpenAI needs its key (a wrong one gets a
 * 401); MLX, like `mlx_lm.server`, needs none.
 */
import { createMlxProvider } from '../../mlx/mlx-provider'
import { createOpenAIProvider } from '../openai-provider'
import type { ContractHarness } from '../../testing/contract-types'
import { FAKE_OPENAI_KEY, startFakeOpenAI } from './fake-openai-server'

export const OPENAI_CONTRACT_MODEL = 'gpt-4o-mini'
export const MLX_CONTRACT_MODEL = 'mlx-community/Qwen2.5-Coder-7B-Instruct-4bit'

export const openAIContractHarness: ContractHarness = {
  name: 'openai',
  model: OPENAI_CONTRACT_MODEL,
  needsKey: true,
  startServer: () => startFakeOpenAI({ apiKey: FAKE_OPENAI_KEY, models: [OPENAI_CONTRACT_MODEL, 'gpt-4o'] }),
  makeProvider: (url, { apiKey, timeouts }) => createOpenAIProvider({ baseURL: url, apiKey: apiKey ?? FAKE_OPENAI_KEY, timeouts }),
}

export const mlxContractHarness: ContractHarness = {
  name: 'mlx',
  model: MLX_CONTRACT_MODEL,
  needsKey: false,
  startServer: () => startFakeOpenAI({ models: [MLX_CONTRACT_MODEL] }),
  makeProvider: (url, { timeouts }) => createMlxProvider({ baseURL: url, timeouts }),
}
