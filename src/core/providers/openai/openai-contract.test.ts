import { describeProviderContract } from '../testing/provider-contract'
import { openAIContractHarness } from './testing/openai-contract-harness'

describeProviderContract(openAIContractHarness)
