/**
 * The one API contract between the UI and the core, used by both transports: Electron IPC
 * (main + preload) and the browser mode (`orchestrator ui`: HTTP + WebSocket). Each invoke
 * channel has a zod request and response schema; push channels carry RunEvents (`run.event`),
 * model pull progress (`local.pull`) and, in Electron, specs opened from the menu (`spec.open`).
 */
import { z } from 'zod'
import { jobIdSchema as jobId, specFileNameSchema as specFileName, specRunSchema, specTextSchema as specText } from './ipc-fields'
import { manifestSchema } from './manifest'
import { runEventSchema, runStatusSchema } from './run-event'
import { runSummarySchema } from './run-summary'
import { providersContract } from './providers-contract'
import { refusalContract } from './refusal-contract'
import { runActionsContract, startedRunSchema } from './run-actions-contract'
import { runBundleContract } from './run-bundle-contract'
import { runManageContract } from './run-manage-contract'
import { runFileSchema, runFolderContract } from './run-folder-contract'
import { specsContract } from './specs-contract'

/** A path relative to a run's outputs/ folder; the core re-checks it against the folder. */
const relPath = z.string().min(1).max(1024)

const specIssueSchema = z.object({
  path: z.string(),
  message: z.string(),
  line: z.number().int().optional(),
  column: z.number().int().optional(),
})

const graphViewSchema = z.object({
  project: z.string(),
  task: z.string(),
  steps: z.array(
    z.object({
      id: z.string(),
      agent: z.string(),
      role: z.string(),
      needs: z.array(z.string()),
      provider: z.string().optional(),
      model: z.string().optional(),
    }),
  ),
  levels: z.array(z.array(z.string())),
})

const outputFileSchema = z.object({ path: z.string(), size_bytes: z.number() })

const settingsSchema = z.object({
  ollamaHost: z.string().max(500),
  defaultProvider: z.string().max(50),
  defaultModel: z.string().max(200),
  /** Base URLs of the other server providers ('' = the provider's default). */
  baseUrls: z.object({ openai: z.string(), anthropic: z.string(), mlx: z.string() }),
  /** Which API keys are stored (never the keys themselves). */
  keys: z.object({ openai: z.boolean(), anthropic: z.boolean() }),
})

const empty = z.object({}).strict()

/** An Ollama model reference: `[host/][namespace/]name[:tag]`. */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*(?::[A-Za-z0-9][A-Za-z0-9._-]*)?$/
const modelNameSchema = z.string().max(200).regex(MODEL_NAME_PATTERN, 'not a model name such as qwen3.5 or llama3.2:1b')

const localStatusSchema = z.object({
  ollama: z.object({
    host: z.string(),
    reachable: z.boolean(),
    version: z.string().nullable(),
    models: z.array(z.object({ name: z.string(), size_bytes: z.number() })),
    /** Why the server is not usable, naming the fix. */
    error: z.string().optional(),
  }),
  profile: z.object({ name: z.string(), parallel: z.number().int() }),
})

export const pullProgressSchema = z.object({
  model: z.string(),
  status: z.string(),
  /** Bytes of the layer being pulled (0 when the server has not said). */
  completed: z.number(),
  total: z.number(),
  done: z.boolean(),
  error: z.string().optional(),
})

export const invokeContract = {
  'app.info': {
    req: empty,
    res: z.object({
      version: z.string(),
      runsDir: z.string(),
      transport: z.enum(['electron', 'browser']),
      examples: z.array(z.object({ name: z.string(), title: z.string() })),
    }),
  },
  'examples.read': {
    req: z.object({ name: z.string().regex(/^[a-z0-9_-]+\.ya?ml$/) }).strict(),
    res: z.object({ name: z.string(), text: z.string() }),
  },
  'graph.validate': {
    req: z.object({ text: specText, fileName: specFileName }).strict(),
    res: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), graph: graphViewSchema }),
      z.object({ ok: z.literal(false), issues: z.array(specIssueSchema) }),
    ]),
  },
  'runs.start': {
    req: specRunSchema
      .extend({
        noCache: z.boolean().optional(),
        /** Run steps' check commands (they execute generated code) — the user's explicit choice. */
        runChecks: z.boolean().optional(),
      })
      .strict(),
    res: startedRunSchema,
  },
  'runs.cancel': {
    req: z.object({ jobId }).strict(),
    res: z.object({ cancelled: z.boolean() }),
  },
  'runs.list': {
    req: z
      .object({
        status: runStatusSchema.optional(),
        search: z.string().max(200).optional(),
        limit: z.number().int().min(1).max(500).optional(),
        offset: z.number().int().min(0).optional(),
        order: z.enum(['newest', 'oldest']).optional(),
      })
      .strict(),
    res: z.object({ runs: z.array(runSummarySchema), active: z.array(z.string()) }),
  },
  /** A run's manifest and stored events; with `afterSeq`, only the events after it (a backfill). */
  'runs.get': {
    req: z.object({ jobId, afterSeq: z.number().int().min(-1).optional() }).strict(),
    res: z.object({ manifest: manifestSchema(), events: z.array(runEventSchema()), runDir: z.string(), tornLastLine: z.boolean() }),
  },
  'runs.log': {
    req: z.object({ jobId, step: z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/) }).strict(),
    res: z.object({ text: z.string() }),
  },
  'outputs.tree': {
    req: z.object({ jobId }).strict(),
    res: z.object({ files: z.array(outputFileSchema) }),
  },
  'outputs.read': {
    req: z.object({ jobId, path: relPath }).strict(),
    res: runFileSchema,
  },
  'outputs.reveal': {
    req: z.object({ jobId, path: relPath.optional() }).strict(),
    res: z.object({ absolutePath: z.string(), revealed: z.boolean() }),
  },
  'settings.get': {
    req: empty,
    res: settingsSchema,
  },
  'settings.set': {
    req: z
      .object({
        ollamaHost: z.string().max(500).optional(),
        defaultProvider: z.string().max(50).optional(),
        defaultModel: z.string().max(200).optional(),
        baseUrls: z
          .object({ openai: z.string().max(500), anthropic: z.string().max(500), mlx: z.string().max(500) })
          .partial()
          .strict()
          .optional(),
        /** A key to store (string) or remove (null). */
        openaiKey: z.string().max(500).nullable().optional(),
        anthropicKey: z.string().max(500).nullable().optional(),
      })
      .strict(),
    res: settingsSchema,
  },
  /** Reports the local Ollama server; never starts one. */
  'local.status': {
    req: empty,
    res: localStatusSchema,
  },
  /** Starts a pull in the background (progress on the `local.pull` push); false when one of this model is running. */
  'local.pull': {
    req: z.object({ model: modelNameSchema }).strict(),
    res: z.object({ started: z.boolean() }),
  },
  ...runFolderContract,
  ...specsContract,
  ...providersContract,
  ...runActionsContract,
  ...refusalContract,
  ...runManageContract,
  ...runBundleContract,
} as const

export const pushContract = {
  'run.event': runEventSchema(),
  'local.pull': pullProgressSchema,
  /** Electron only: a spec chosen from the native menu (File → Open spec…, Examples). */
  'spec.open': z.object({ fileName: specFileName, text: specText }),
} as const

export type InvokeChannel = keyof typeof invokeContract
export type PushChannel = keyof typeof pushContract
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['req']>
export type InvokeResponse<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['res']>
export type PushPayload<C extends PushChannel> = z.output<(typeof pushContract)[C]>

/** What every transport returns for an invoke: never a thrown stack across the boundary. */
export type InvokeResult<C extends InvokeChannel> =
  { ok: true; data: InvokeResponse<C> } | { ok: false; error: { kind: string; message: string } }

/** The API object the renderer uses, whatever the transport. */
export interface UiApi {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResult<C>>
  on<C extends PushChannel>(channel: C, listener: (payload: PushPayload<C>) => void): () => void
}

export const INVOKE_CHANNELS = Object.keys(invokeContract).sort() as InvokeChannel[]
export const PUSH_CHANNELS = Object.keys(pushContract).sort() as PushChannel[]
