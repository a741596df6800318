import { describeProviderContract } from '../testing/provider-contract'
import { ollamaContractHarness } from './testing/ollama-contract-harness'

describeProviderContract(ollamaContractHarness, {
  unsupported: {
    context_too_long: 'Ollama truncates an over-long prompt to num_ctx instead of failing',
    json_reply: 'a whole Ollama answer is one ND-JSON line with done: true, which is a complete stream',
  },
})
