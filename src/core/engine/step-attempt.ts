/**
 * One attempt of one step: the agent loop. Sends the system prompt and the rendered prompt with
 * the step's tools, executes tool calls, feeds results back, and loops until the model answers
 * without tool calls or `max_turns` is reached. An agent that must write files and wrote none
 * gets file blocks from its prose accepted as writes, then one corrective turn; after that the
 * attempt fails with `no_files_written`.
 */
import { describeAutoRunFlag } from '../../shared/auto-run-flags'
import { OrchestratorError } from '../errors'
import type { Usage } from '../../shared/run-event'
import type { ProviderTimeouts } from '../providers/provider-settings'
import type { ChatMessage, ModelProvider, TokenUsage, ToolCall } from '../providers/types'
import type { ResolvedStep } from '../spec/types'
import { extractFileBlocks } from '../tools/code-blocks'
import { createToolSession } from '../tools/file-tools'
import type { DeferredSync } from '../fs/deferred-sync'
import type { ToolLimits, ToolResult, WrittenFile } from '../tools/types'
import type { LlmCache } from '../run/llm-cache'
import type { RunRecorder } from '../run/run-recorder'
import type { StepLog } from '../run/step-log'
import type { BudgetGuard } from '../budget/budget-guard'
import { runModelTurn } from './model-turn'
import type { PinnedOutputs } from '../run/run-folder-guard'
import { argumentsText, boundText } from './tool-trace'
import type { PriceTable } from '../cost/price-table'

const CORRECTIVE_MESSAGE =
  'You have not written any files yet. Call the write_file tool now, once for each file, with the ' +
  'complete file content. Do not paste code in your answer.'

export interface AttemptContext {
  step: ResolvedStep
  prompt: string
  /** Turns after the prompt (a fix round). */
  extraMessages?: ChatMessage[]
  model: string
  provider: ModelProvider
  attempt: number
  outputsDir: string
  /** outputs/ as pinned at the start of the run (run-folder-guard). */
  outputsPin?: PinnedOutputs
  /** The run's write-ahead sync (fs/deferred-sync): written files are made durable before the events naming them. */
  deferSync?: DeferredSync
  /** runs/<job>/versions: where contents replaced by a rewrite are kept. */
  versionsDir?: string
  budget?: BudgetGuard
  toolLimits?: ToolLimits
  cache: LlmCache | null
  recorder: RunRecorder
  log: StepLog
  signal: AbortSignal
  prices?: PriceTable
}

export interface AttemptResult {
  output: string
  files: WrittenFile[]
  usage: Usage
  allCached: boolean
}

function addUsage(total: Usage, turn: TokenUsage): void {
  total.prompt_tokens += turn.promptTokens
  total.completion_tokens += turn.completionTokens
  if (turn.cachedPromptTokens) total.cached_prompt_tokens = (total.cached_prompt_tokens ?? 0) + turn.cachedPromptTokens
  if (turn.cacheWriteTokens) total.cache_write_tokens = (total.cache_write_tokens ?? 0) + turn.cacheWriteTokens
}

/** A step's `timeouts:` (spec keys) as the adapters take them. */
function stepTimeouts(t: NonNullable<ResolvedStep['timeouts']>): ProviderTimeouts {
  return {
    ...(t.connect_ms !== undefined ? { connectTimeoutMs: t.connect_ms } : {}),
    ...(t.first_token_ms !== undefined ? { firstTokenTimeoutMs: t.first_token_ms } : {}),
    ...(t.idle_ms !== undefined ? { idleTimeoutMs: t.idle_ms } : {}),
  }
}

function pathOf(args: unknown): string | undefined {
  if (args && typeof args === 'object' && 'path' in args) {
    const path = (args as { path: unknown }).path
    if (typeof path === 'string') return path.slice(0, 500)
  }
  return undefined
}

export async function runStepAttempt(ctx: AttemptContext): Promise<AttemptResult> {
  const { step, recorder, log } = ctx
  const stepId = step.id
  const session = createToolSession({
    outputsDir: ctx.outputsDir,
    allowed: step.tools,
    limits: ctx.toolLimits,
    pinned: ctx.outputsPin,
    ...(ctx.deferSync ? { deferSync: ctx.deferSync } : {}),
    refuseAutoRun: step.refuse_auto_run === true,
    ...(ctx.versionsDir ? { versionsDir: ctx.versionsDir } : {}),
  })
  const messages: ChatMessage[] = [
    { role: 'system', content: step.system },
    { role: 'user', content: ctx.prompt },
    ...(ctx.extraMessages ?? []),
  ]
  const usage: Usage = { prompt_tokens: 0, completion_tokens: 0 }
  let allCached = true
  let corrected = false
  /** The answer whose tool calls are being executed: what each file.written names as its origin. */
  let origin: { turn: number; model_call_id: string; cache_key: string } | undefined

  const recordResult = (tool: string, path: string | undefined, result: ToolResult): void => {
    if (result.ok && result.written) {
      recorder.record({ type: 'file.written', step: stepId, ...result.written, ...origin })
      for (const flag of result.written.flags ?? []) {
        recorder.record({
          type: 'file.flagged',
          level: 'warn',
          step: stepId,
          path: result.written.path,
          flag,
          reason: describeAutoRunFlag(flag),
        })
      }
    } else if (!result.ok && result.rejected) {
      recorder.record({
        type: 'step.tool_rejected',
        step: stepId,
        tool,
        path: result.rejected.path ?? path,
        reason: result.rejected.reason,
      })
    }
    log.line(`tool result ${tool}${path ? ` ${path}` : ''}: ${result.content.slice(0, 500)}`)
  }

  const execute = async (call: ToolCall): Promise<ToolResult> => {
    const path = pathOf(call.arguments)
    const args = argumentsText(call.arguments)
    recorder.record({
      type: 'step.tool_call',
      step: stepId,
      tool: call.name,
      call_id: call.id,
      path,
      arguments: args.text,
      ...(args.truncated ? { arguments_truncated: true } : {}),
    })
    const result = await session.execute(call.name, call.arguments)
    recordResult(call.name, path, result)
    const content = boundText(result.content)
    recorder.record({
      type: 'step.tool_result',
      step: stepId,
      tool: call.name,
      call_id: call.id,
      ok: result.ok,
      content: content.text,
      truncated: content.truncated,
    })
    return result
  }

  for (let turn = 1; turn <= step.max_turns; turn++) {
    const tools = session.specs
    const answer = await runModelTurn({
      stepId,
      turn,
      attempt: ctx.attempt,
      provider: ctx.provider,
      cache: ctx.cache,
      recorder,
      log,
      signal: ctx.signal,
      prices: ctx.prices,
      ...(ctx.budget ? { budget: ctx.budget } : {}),
      ...(step.timeouts ? { timeouts: stepTimeouts(step.timeouts) } : {}),
      request: { model: ctx.model, messages: [...messages], tools, options: step.options },
    })
    addUsage(usage, answer.usage)
    origin = { turn, model_call_id: answer.modelCallId, cache_key: answer.cacheKey }
    allCached &&= answer.cached
    messages.push({
      role: 'assistant',
      content: answer.text,
      ...(answer.toolCalls.length > 0 ? { tool_calls: answer.toolCalls } : {}),
      ...(answer.reasoning.length > 0 ? { reasoning: answer.reasoning } : {}),
    })

    if (answer.toolCalls.length > 0) {
      for (const call of answer.toolCalls) {
        const result = await execute(call)
        messages.push({ role: 'tool', content: result.content, tool_call_id: call.id, tool_name: call.name })
      }
      continue
    }

    if (step.mustWriteFiles && session.written().length === 0 && step.tools.includes('write_file')) {
      const blocks = extractFileBlocks(answer.text)
      for (const block of blocks) {
        const call: ToolCall = { id: `prose_${turn}_${block.path}`, name: 'write_file', arguments: block }
        await execute(call)
      }
      if (session.written().length === 0) {
        if (!corrected && turn < step.max_turns) {
          corrected = true
          recorder.record({ type: 'step.corrective_turn', step: stepId, reason: 'the agent answered without writing any file' })
          log.section('corrective turn', CORRECTIVE_MESSAGE)
          messages.push({ role: 'user', content: CORRECTIVE_MESSAGE })
          continue
        }
        throw new OrchestratorError({
          kind: 'no_files_written',
          retryable: false,
          message: `step '${stepId}' wrote no files, even after a corrective turn; use a model that supports tool calls (e.g. qwen3.5) or set must_write_files: false for agent '${step.agent}'`,
        })
      }
    }
    return { output: answer.text, files: session.written(), usage, allCached }
  }
  throw new OrchestratorError({
    kind: 'max_turns',
    retryable: false,
    message: `step '${stepId}' did not finish within max_turns (${step.max_turns}); raise max_turns for this step or simplify its prompt`,
  })
}
