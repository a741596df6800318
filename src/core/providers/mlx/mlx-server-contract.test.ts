import { describeProviderContract } from '../testing/provider-contract'
import { mlxServerContractHarness } from './testing/mlx-contract-harness'

describeProviderContract(mlxServerContractHarness, {
  unsupported: { context_too_long: 'mlx_lm.server has no context-length error: it truncates nothing and fails generation instead' },
})
