/**
 * Which Ollama models suit an agent that must call tools, after Ollama's own launcher
 * (ollama/ollama fb30760, cmd/launch): `deprecated_models.go` flags codellama, qwen2.5,
 * qwen2.5-coder, llama3…llama3.3, mistral, starcoder and the small deepseek-r1 tags as models that
 * "do not work well" with agent integrations, and `models.go` recommends `qwen3.5` ("reasoning,
 * coding, and visual understanding locally", ~14 GB) and `gemma4` (~12 GB) as its local models.
 * `doctor` uses it to explain the model in use and to name better ones.
 */
export const OLLAMA_RECOMMENDED_MODEL = 'qwen3.5'
export const OLLAMA_RECOMMENDED_LOCAL_MODELS = ['qwen3.5', 'gemma4'] as const
export const OLLAMA_ADVICE_SOURCE = 'Ollama’s launcher (ollama/ollama cmd/launch/models.go and deprecated_models.go)'

const POOR_FAMILIES = new Set([
  'codellama',
  'qwen2.5',
  'qwen2.5-coder',
  'llama3',
  'llama3.1',
  'llama3.2',
  'llama3.3',
  'mistral',
  'starcoder',
])
const POOR_TAGS: Record<string, ReadonlySet<string>> = { 'deepseek-r1': new Set(['', 'latest', '1.5b', '7b', '8b', '14b', '32b']) }

function familyAndTag(name: string): { family: string; tag: string } {
  const lower = name.trim().toLowerCase()
  const colon = lower.lastIndexOf(':')
  const ref = colon > lower.lastIndexOf('/') ? lower.slice(0, colon) : lower
  const tag = colon > lower.lastIndexOf('/') ? lower.slice(colon + 1) : ''
  return { family: ref.split('/').at(-1) ?? ref, tag }
}

/** True for the models Ollama's launcher flags as poor agent models. */
export function isPoorAgentModel(name: string): boolean {
  const { family, tag } = familyAndTag(name)
  return POOR_FAMILIES.has(family) || (POOR_TAGS[family]?.has(tag) ?? false)
}

/** One sentence for `doctor`: why this default, or why the chosen model may disappoint. */
export function explainOllamaModel(model: string, fromEnv: boolean): string {
  if (isPoorAgentModel(model)) {
    return `${model} is one of the models ${OLLAMA_ADVICE_SOURCE} flags as poor at agent tool use; try ${OLLAMA_RECOMMENDED_LOCAL_MODELS.join(' or ')} (OLLAMA_MODEL=${OLLAMA_RECOMMENDED_MODEL})`
  }
  if (!fromEnv && model === OLLAMA_RECOMMENDED_MODEL) {
    return `${model} is the default because ${OLLAMA_ADVICE_SOURCE} recommends it for local agent work with tool calls (also recommended: gemma4); set OLLAMA_MODEL to change it`
  }
  return `${model} was chosen with OLLAMA_MODEL; ${OLLAMA_ADVICE_SOURCE} recommends ${OLLAMA_RECOMMENDED_LOCAL_MODELS.join(' or ')} for agent tool use`
}
