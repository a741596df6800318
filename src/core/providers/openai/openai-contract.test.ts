import { describeProviderContract } from '../testing/provider-contract'
import { openAIContractHarness, openAIResponsesContractHarness } from './testing/openai-contract-harness'

describeProviderContract(openAIContractHarness)
describeProviderContract(openAIResponsesContractHarness, {
  unsupported: {
    context_too_long:
      "the Responses API's context-window error does not state the limit (its kind is checked in responses-provider.test.ts)",
  },
})
