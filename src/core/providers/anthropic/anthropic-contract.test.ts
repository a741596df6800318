import { anthropicContractHarness } from './testing/anthropic-contract-harness'
import { describeProviderContract } from '../testing/provider-contract'

describeProviderContract(anthropicContractHarness, { serverErrorStatuses: [500, 503, 529] })
