import { anthropicContractHarness } from './testing/anthropic-contract-harness'
import { describeProviderContract } from '../testing/provider-contract'

describeProviderContract(anthropicContractHarness, {
  serverErrorStatuses: [500, 503, 529],
  unsupported: { route_not_found: 'Anthropic answers an unknown path and an unknown model with the same 404 not_found_error' },
})
