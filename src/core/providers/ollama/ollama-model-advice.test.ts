import { describe, expect, it } from 'vitest'
import { explainOllamaModel, isPoorAgentModel } from './ollama-model-advice'

describe('Ollama model advice (after ollama/ollama cmd/launch)', () => {
  it('flags the families Ollama’s launcher calls poor agent models, by family and tag', () => {
    for (const name of ['qwen2.5-coder:7b', 'library/llama3.2', 'codellama:13b', 'mistral', 'deepseek-r1:7b'])
      expect(isPoorAgentModel(name)).toBe(true)
    for (const name of ['qwen3.5', 'gemma4:latest', 'deepseek-r1:671b', 'my-qwen2.5-coder']) expect(isPoorAgentModel(name)).toBe(false)
  })

  it('explains the model for doctor, naming better models when it is a poor one', () => {
    expect(explainOllamaModel('qwen2.5-coder:7b', false)).toMatch(/poor at agent tool use; try qwen3\.5 or gemma4/)
    expect(explainOllamaModel('qwen3.5', false)).toMatch(/recommends it/)
  })
})
