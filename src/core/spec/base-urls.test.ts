/** The spec's base_urls: where each provider's server is. */
import { describe, expect, it } from 'vitest'
import { parseSpecText } from './load-spec'

describe('base_urls', () => {
  it('accepts http(s) addresses per provider and rejects anything else with its path', () => {
    const ok = parseSpecText('project: p\ntask: t\nbase_urls:\n  ollama: http://gpu-box:11434\n', 'spec.yaml', {})
    expect(ok.base_urls).toEqual({ ollama: 'http://gpu-box:11434' })
    expect(() => parseSpecText('project: p\ntask: t\nbase_urls:\n  openai: file:///etc/passwd\n', 'spec.yaml', {})).toThrow(
      /spec\.yaml:4:\d+: base_urls\.openai: must be an http\(s\) URL/,
    )
    expect(() => parseSpecText('project: p\ntask: t\nbase_urls:\n  ollamma: http://x\n', 'spec.yaml', {})).toThrow(/base_urls/)
  })
})
