/**
 * Harnesses that run the OpenAI adapter (Responses API and Chat Completions) and MLX (real
 * `openai` SDK inside) through the provider conformance suite against the fake OpenAI server. OpenAI needs its key (a wrong one gets a
 * 401); MLX, like `mlx_lm.server`, needs none.
 */
import { createMlxProvider } from '../../mlx/mlx-provider'
import { createOpenAIProvider } from '../openai-provider'
import type { ContractHarness } from '../../testing/contract-types'
import { FAKE_OPENAI_KEY, startFakeOpenAI } from './fake-openai-server'

/** The Chat Completions path (any OpenAI-compatible server): a model that still takes tools there. */
const OPENAI_CONTRACT_MODEL = 'gpt-4o-mini'
/** The Responses API path: a current OpenAI reasoning model, which refuses tools on Chat Completions. */
const OPENAI_RESPONSES_CONTRACT_MODEL = 'gpt-5.6-terra'
const MLX_CONTRACT_MODEL = 'mlx-community/Qwen2.5-Coder-7B-Instruct-4bit'

export const openAIContractHarness: ContractHarness = {
  name: 'openai',
  model: OPENAI_CONTRACT_MODEL,
  needsKey: true,
  startServer: () => startFakeOpenAI({ apiKey: FAKE_OPENAI_KEY, models: [OPENAI_CONTRACT_MODEL, 'gpt-4o'] }),
  makeProvider: (url, { apiKey, timeouts }) =>
    createOpenAIProvider({ baseURL: url, apiKey: apiKey ?? FAKE_OPENAI_KEY, timeouts, api: 'chat' }),
}

export const openAIResponsesContractHarness: ContractHarness = {
  name: 'openai',
  model: OPENAI_RESPONSES_CONTRACT_MODEL,
  needsKey: true,
  startServer: () =>
    startFakeOpenAI({
      apiKey: FAKE_OPENAI_KEY,
      models: [OPENAI_RESPONSES_CONTRACT_MODEL, 'gpt-5.5'],
      reasoningModels: [OPENAI_RESPONSES_CONTRACT_MODEL],
      responses: true,
    }),
  makeProvider: (url, { apiKey, timeouts }) =>
    createOpenAIProvider({ baseURL: url, apiKey: apiKey ?? FAKE_OPENAI_KEY, timeouts, api: 'responses' }),
}

export const mlxContractHarness: ContractHarness = {
  name: 'mlx',
  model: MLX_CONTRACT_MODEL,
  needsKey: false,
  startServer: () => startFakeOpenAI({ models: [MLX_CONTRACT_MODEL] }),
  makeProvider: (url, { timeouts }) => createMlxProvider({ baseURL: url, timeouts }),
}
