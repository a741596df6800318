import { describeProviderContract } from '../testing/provider-contract'
import { ollamaContractHarness } from './testing/ollama-contract-harness'

describeProviderContract(ollamaContractHarness, {
  unsupported: { context_too_long: 'Ollama truncates an over-long prompt to num_ctx instead of failing' },
})
