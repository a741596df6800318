import { describeProviderContract } from './testing/provider-contract'
import { mlxContractHarness } from './testing/openai-contract-harness'

describeProviderContract(mlxContractHarness)
