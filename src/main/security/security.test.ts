import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { vetExternalUrl } from './external-url'
import { decideWindowOpen, mayNavigate } from './navigation'
import { isTrustedSender } from './sender-check'
import { trustedRendererFor, type TrustedRenderer } from './trusted-renderer'

const INDEX = '/Applications/Unified Orchestrator.app/Contents/Resources/app.asar/out/renderer/index.html'
const packaged: TrustedRenderer = trustedRendererFor(undefined, INDEX)
const dev: TrustedRenderer = trustedRendererFor('http://localhost:5173/', INDEX)
const indexUrl = pathToFileURL(INDEX).href

describe('IPC sender check (E11/I3)', () => {
  it('accepts the packaged renderer, with or without a hash', () => {
    expect(isTrustedSender({ url: indexUrl }, packaged)).toBe(true)
    expect(isTrustedSender({ url: `${indexUrl}#/history` }, packaged)).toBe(true)
  })

  it('refuses a missing frame, foreign origins and other files', () => {
    for (const frame of [
      null,
      undefined,
      { url: '' },
      { url: 'https://evil.example/' },
      { url: 'file:///tmp/evil.html' },
      { url: `${indexUrl.replace('index.html', 'other.html')}` },
      { url: `file://evil-host${INDEX}` },
      { url: 'about:blank' },
      { url: 'not a url' },
    ]) {
      expect(isTrustedSender(frame, packaged), JSON.stringify(frame)).toBe(false)
    }
  })

  it('in development accepts only the dev server origin', () => {
    expect(isTrustedSender({ url: 'http://localhost:5173/index.html' }, dev)).toBe(true)
    expect(isTrustedSender({ url: 'http://localhost:5174/' }, dev)).toBe(false)
    expect(isTrustedSender({ url: 'http://localhost.evil.com:5173/' }, dev)).toBe(false)
    expect(isTrustedSender({ url: indexUrl }, dev)).toBe(false)
  })

  it('never trusts a non-local dev URL', () => {
    expect(trustedRendererFor('https://evil.example/', INDEX)).toEqual(packaged)
  })
})

describe('openExternal vetting (E9/I4)', () => {
  it('passes allowlisted https URLs', () => {
    expect(vetExternalUrl('https://github.com/ollama/ollama')).toBe('https://github.com/ollama/ollama')
    expect(vetExternalUrl('https://docs.github.com/x')).toBe('https://docs.github.com/x')
    expect(vetExternalUrl('https://ok.com/a', ['ok.com'])).toBe('https://ok.com/a')
  })

  it('refuses other schemes, credentials, ports and look-alike hosts', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'vscode://settings',
      'ms-msdt:/id',
      'http://github.com/',
      'https://ok.com.evil.com/',
      'https://evilok.com/',
      'https://user:pw@ok.com/',
      'https://ok.com:8443/',
      'https://example.org/',
      '//ok.com/',
      'not a url',
      42,
    ]) {
      expect(vetExternalUrl(url, ['ok.com']), String(url)).toBeUndefined()
    }
  })
})

describe('navigation (E7/E8)', () => {
  it('allows only the app itself', () => {
    expect(mayNavigate(`${indexUrl}#/runs`, packaged)).toBe(true)
    expect(mayNavigate('https://example.com/', packaged)).toBe(false)
    expect(mayNavigate('file:///etc/passwd', packaged)).toBe(false)
    expect(mayNavigate('http://localhost:5173/x', dev)).toBe(true)
    expect(mayNavigate('http://127.0.0.1:5173/x', dev)).toBe(false)
  })

  it('always denies new windows, handing only vetted links to the OS', () => {
    expect(decideWindowOpen('https://github.com/x')).toEqual({ action: 'deny', external: 'https://github.com/x' })
    expect(decideWindowOpen('https://evil.example/')).toEqual({ action: 'deny' })
    expect(decideWindowOpen('javascript:alert(1)')).toEqual({ action: 'deny' })
  })
})
