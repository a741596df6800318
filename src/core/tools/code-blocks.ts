/**
 * Fallback for models that paste files into prose instead of calling write_file: finds fenced
 * code blocks that name their file (in the info string, in a `file:` comment on the first line,
 * or on the line just before the fence). Blocks without a file name and unclosed (cut-off) blocks
 * are ignored; a later block for the same path replaces the earlier one. Paths are returned as
 * written (not safety-checked: the tool session checks them when they are written).
 */

export interface FileBlock {
  path: string
  content: string
}

const KNOWN_PLAIN_NAMES = new Set([
  'makefile',
  'dockerfile',
  'license',
  'licence',
  'procfile',
  'gemfile',
  'rakefile',
  'jenkinsfile',
  'vagrantfile',
  'readme',
  'changelog',
  'codeowners',
  'notice',
  'authors',
])
const MARKDOWN_LANGS = new Set(['md', 'markdown', 'mdx'])
const FENCE_OPEN = /^(\s*)(`{3,}|~{3,})(.*)$/
const ATTRIBUTE_NAME = /(?:^|\s)(?:title|file|filename|path|name)=(?:"([^"]+)"|'([^']+)'|(\S+))/i
const FILE_COMMENT = /^\s*(?:#|\/\/|--|;|<!--|\/\*)\s*(?:file|filename|path)\s*:\s*(.+?)\s*(?:-->|\*\/)?\s*$/i
const BARE_COMMENT = /^\s*(?:#|\/\/|--|<!--|\/\*)\s*(\S+?)\s*(?:-->|\*\/)?\s*$/
const LABEL = /^(?:file|filename|path)\s*:\s*/i

/** Whether a token looks like a file path rather than a language or a word. */
function looksLikePath(token: string): boolean {
  if (token.length === 0 || token.length > 1024 || /\s/.test(token)) return false
  if (token.includes('://') || /^[\d.]+$/.test(token)) return false
  if (/[`'"<>|*?{}()[\],;=!$%^&#]/.test(token)) return false
  const name = token.split('/').pop() ?? ''
  if (name === '') return false
  if (KNOWN_PLAIN_NAMES.has(name.toLowerCase())) return true
  if (token.includes('/')) return /[\w-]/.test(name)
  if (/^\.[\w.-]+$/.test(name)) return true
  return /^[\w.+-]*\.[A-Za-z0-9_+-]{1,12}$/.test(name) && /[A-Za-z0-9_]/.test(name.replace(/\.[^.]*$/, ''))
}

function cleanPath(raw: string): string | undefined {
  const token = raw
    .trim()
    .replace(/^[`'"]+|[`'"]+$/g, '')
    .replace(/^\.\//, '')
  return looksLikePath(token) ? token : undefined
}

interface InfoString {
  lang: string
  path?: string
}

function parseInfo(info: string): InfoString {
  const trimmed = info.trim()
  const attribute = ATTRIBUTE_NAME.exec(trimmed)
  const tokens = trimmed.split(/\s+/).filter((t) => t.length > 0)
  const firstToken = tokens[0] ?? ''
  if (attribute) {
    const lang = firstToken.includes('=') ? '' : firstToken.toLowerCase()
    return { lang, path: cleanPath(attribute[1] ?? attribute[2] ?? attribute[3] ?? '') }
  }
  const colon = /^([\w+#-]+):(\S+)$/.exec(firstToken)
  if (colon && tokens.length === 1) return { lang: (colon[1] ?? '').toLowerCase(), path: cleanPath(colon[2] ?? '') }
  for (let i = 0; i < tokens.length; i++) {
    const path = cleanPath(tokens[i] ?? '')
    if (path !== undefined && (i > 0 || /[./]/.test(path))) return { lang: i === 0 ? '' : firstToken.toLowerCase(), path }
  }
  return { lang: firstToken.toLowerCase() }
}

/** A file name written on the line before a fence: `File: x`, `**x**`, `### x`, `` `x`: ``. */
function pathFromLabelLine(line: string): string | undefined {
  let text = line.trim()
  if (text === '') return undefined
  text = text.replace(/^#{1,6}\s+/, '').replace(/^(?:[-*+]|\d+[.)])\s+/, '')
  text = text
    .replace(/\*\*|__/g, '')
    .replace(/^[*_]|[*_]$/g, '')
    .trim()
  text = text.replace(LABEL, '').trim()
  text = text.replace(/:$/, '').trim()
  return cleanPath(text)
}

interface Fence {
  char: string
  length: number
}

function isClosing(line: string, fence: Fence): boolean {
  const trimmed = line.trim()
  if (!trimmed.startsWith(fence.char.repeat(fence.length))) return false
  return new RegExp(`^\\${fence.char}+$`).test(trimmed)
}

function stripIndent(line: string, indent: number): string {
  let i = 0
  while (i < indent && i < line.length && (line[i] === ' ' || line[i] === '\t')) i++
  return line.slice(i)
}

export function extractFileBlocks(text: string): FileBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const blocks = new Map<string, string>()
  let i = 0
  while (i < lines.length) {
    const open = FENCE_OPEN.exec(lines[i] ?? '')
    if (!open) {
      i++
      continue
    }
    const indent = (open[1] ?? '').length
    const fence: Fence = { char: (open[2] ?? '`')[0] ?? '`', length: (open[2] ?? '').length }
    const info = parseInfo(open[3] ?? '')
    let labelPath: string | undefined
    for (let back = i - 1; back >= 0 && back >= i - 2; back--) {
      const previous = lines[back] ?? ''
      if (previous.trim() === '') continue
      labelPath = pathFromLabelLine(previous)
      break
    }

    const markdown = MARKDOWN_LANGS.has(info.lang) || /\.(md|markdown|mdx)$/i.test(info.path ?? labelPath ?? '')
    const body: string[] = []
    let depth = 0
    let closed = false
    let j = i + 1
    for (; j < lines.length; j++) {
      const line = lines[j] ?? ''
      if (isClosing(line, fence)) {
        if (depth === 0) {
          closed = true
          break
        }
        depth--
      } else if (markdown) {
        const inner = FENCE_OPEN.exec(line)
        const marker = inner?.[2] ?? ''
        if (inner && marker[0] === fence.char && marker.length >= fence.length && (inner[3] ?? '').trim() !== '') depth++
      }
      body.push(stripIndent(line, indent))
    }
    i = j + 1
    if (!closed) continue

    let path = info.path
    const firstLine = body[0] ?? ''
    const comment = FILE_COMMENT.exec(firstLine)
    const fromComment = comment ? cleanPath(comment[1] ?? '') : undefined
    if (path === undefined && fromComment !== undefined) {
      path = fromComment
      body.shift()
    }
    path ??= labelPath
    if (path === undefined) {
      const bare = BARE_COMMENT.exec(firstLine)
      const fromBare = bare ? cleanPath(bare[1] ?? '') : undefined
      if (fromBare !== undefined && fromBare.includes('.')) path = fromBare
    }
    if (path === undefined) continue
    const content = body.length === 0 ? '' : `${body.join('\n')}\n`
    blocks.set(path, content)
  }
  return [...blocks].map(([path, content]) => ({ path, content }))
}
