import { describe, expect, it } from 'vitest'
import { mediaTypeFor } from './media-type'

describe('mediaTypeFor', () => {
  it.each([
    ['main.py', 'text/x-python'],
    ['src/App.TSX', 'text/x-typescript'],
    ['README.md', 'text/markdown'],
    ['package.json', 'application/json'],
    ['notes.txt', 'text/plain'],
    ['config/settings.yaml', 'application/yaml'],
    ['Makefile', 'text/plain'],
    ['.gitignore', 'text/plain'],
    ['logo.png', 'image/png'],
    ['data.bin', 'application/octet-stream'],
    ['noextension', 'application/octet-stream'],
    ['dir.d\\file', 'application/octet-stream'],
  ])('%s → %s', (path, type) => {
    expect(mediaTypeFor(path)).toBe(type)
  })
})
