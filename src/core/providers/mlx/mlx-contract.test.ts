import { describeProviderContract } from '../testing/provider-contract'
import { mlxContractHarness } from '../openai/testing/openai-contract-harness'

describeProviderContract(mlxContractHarness)
