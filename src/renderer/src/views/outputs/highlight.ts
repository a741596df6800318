/**
 * A small, eval-free syntax tokenizer for the file viewer: py, ts/js, json, md, yaml. It splits
 * text into `{ kind, text }` tokens whose concatenation is exactly the input (so nothing is lost
 * or invented); unknown languages give one plain token. Rendering is plain React text.
 */
type TokenKind = 'plain' | 'comment' | 'string' | 'number' | 'keyword' | 'key' | 'heading' | 'punct'

export interface Token {
  kind: TokenKind
  text: string
}

export type Language = 'python' | 'ts' | 'json' | 'markdown' | 'yaml' | 'plain'

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
)
const TS_KEYWORDS = new Set(
  'as async await break case catch class const continue default delete do else enum export extends false finally for from function if import in instanceof interface let new null of return static super switch this throw true try type typeof undefined var void while yield'.split(
    ' ',
  ),
)

export function languageOf(path: string): Language {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase()
  if (ext === 'py') return 'python'
  if (['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs'].includes(ext)) return 'ts'
  if (ext === 'json') return 'json'
  if (ext === 'md' || ext === 'markdown') return 'markdown'
  if (ext === 'yaml' || ext === 'yml') return 'yaml'
  return 'plain'
}

interface Rule {
  kind: TokenKind
  re: RegExp
}

const STRING_DQ = /"(?:[^"\\\n]|\\.)*"?/y
const STRING_SQ = /'(?:[^'\\\n]|\\.)*'?/y
const NUMBER = /\b(?:0x[0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)\b/y
const WORD = /[A-Za-z_$][\w$]*/y

const CODE_RULES: Record<'python' | 'ts', Rule[]> = {
  python: [
    { kind: 'comment', re: /#[^\n]*/y },
    { kind: 'string', re: /(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$))/y },
    { kind: 'string', re: STRING_DQ },
    { kind: 'string', re: STRING_SQ },
    { kind: 'number', re: NUMBER },
  ],
  ts: [
    { kind: 'comment', re: /\/\/[^\n]*/y },
    { kind: 'comment', re: /\/\*[\s\S]*?(?:\*\/|$)/y },
    { kind: 'string', re: /`(?:[^`\\]|\\[\s\S])*`?/y },
    { kind: 'string', re: STRING_DQ },
    { kind: 'string', re: STRING_SQ },
    { kind: 'number', re: NUMBER },
  ],
}

function push(tokens: Token[], kind: TokenKind, text: string): void {
  if (text === '') return
  const last = tokens[tokens.length - 1]
  if (last && last.kind === kind) last.text += text
  else tokens.push({ kind, text })
}

function matchAt(re: RegExp, text: string, pos: number): string | null {
  re.lastIndex = pos
  const m = re.exec(text)
  return m && m[0].length > 0 ? m[0] : null
}

function tokenizeCode(text: string, lang: 'python' | 'ts'): Token[] {
  const tokens: Token[] = []
  const keywords = lang === 'python' ? PY_KEYWORDS : TS_KEYWORDS
  let pos = 0
  outer: while (pos < text.length) {
    for (const rule of CODE_RULES[lang]) {
      const hit = matchAt(rule.re, text, pos)
      if (hit) {
        push(tokens, rule.kind, hit)
        pos += hit.length
        continue outer
      }
    }
    const word = matchAt(WORD, text, pos)
    if (word) {
      push(tokens, keywords.has(word) ? 'keyword' : 'plain', word)
      pos += word.length
      continue
    }
    push(tokens, 'plain', text[pos] ?? '')
    pos++
  }
  return tokens
}

function tokenizeJson(text: string): Token[] {
  const tokens: Token[] = []
  let pos = 0
  while (pos < text.length) {
    const str = matchAt(STRING_DQ, text, pos)
    if (str) {
      const rest = text.slice(pos + str.length)
      push(tokens, /^\s*:/.test(rest) ? 'key' : 'string', str)
      pos += str.length
      continue
    }
    const num = matchAt(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y, text, pos)
    if (num) {
      push(tokens, 'number', num)
      pos += num.length
      continue
    }
    const kw = matchAt(/\b(?:true|false|null)\b/y, text, pos)
    if (kw) {
      push(tokens, 'keyword', kw)
      pos += kw.length
      continue
    }
    const ch = text[pos] ?? ''
    push(tokens, '{}[],:'.includes(ch) ? 'punct' : 'plain', ch)
    pos++
  }
  return tokens
}

function tokenizeLines(text: string, line: (l: string, tokens: Token[]) => void): Token[] {
  const tokens: Token[] = []
  const lines = text.split('\n')
  lines.forEach((l, i) => {
    line(l, tokens)
    if (i < lines.length - 1) push(tokens, 'plain', '\n')
  })
  return tokens
}

function markdownLine(l: string, tokens: Token[]): void {
  if (/^\s{0,3}#{1,6}\s/.test(l)) return push(tokens, 'heading', l)
  if (/^\s*```/.test(l)) return push(tokens, 'keyword', l)
  const parts = l.split(/(`[^`]*`)/)
  for (const part of parts) push(tokens, part.startsWith('`') && part.endsWith('`') && part.length > 1 ? 'string' : 'plain', part)
}

function yamlLine(l: string, tokens: Token[]): void {
  const comment = /(^|\s)#.*$/.exec(l)
  const body = comment ? l.slice(0, comment.index + (comment[1]?.length ?? 0)) : l
  const key = /^(\s*(?:-\s+)?)([^\s:#][^:#]*?)(:)(?=\s|$)/.exec(body)
  let rest = body
  if (key) {
    push(tokens, 'plain', key[1] ?? '')
    push(tokens, 'key', key[2] ?? '')
    push(tokens, 'punct', key[3] ?? '')
    rest = body.slice(key[0].length)
  }
  const value = rest.trim()
  if (/^(?:-?\d+(?:\.\d+)?|true|false|null|~)$/.test(value)) {
    const lead = rest.slice(0, rest.indexOf(value))
    push(tokens, 'plain', lead)
    push(tokens, /\d/.test(value) ? 'number' : 'keyword', value)
    push(tokens, 'plain', rest.slice(lead.length + value.length))
  } else if (/^["']/.test(value)) {
    const lead = rest.slice(0, rest.indexOf(value))
    push(tokens, 'plain', lead)
    push(tokens, 'string', rest.slice(lead.length))
  } else {
    push(tokens, 'plain', rest)
  }
  if (comment) push(tokens, 'comment', l.slice(body.length))
}

export function tokenize(text: string, lang: Language): Token[] {
  switch (lang) {
    case 'python':
    case 'ts':
      return tokenizeCode(text, lang)
    case 'json':
      return tokenizeJson(text)
    case 'markdown':
      return tokenizeLines(text, markdownLine)
    case 'yaml':
      return tokenizeLines(text, yamlLine)
    case 'plain':
      return text === '' ? [] : [{ kind: 'plain', text }]
  }
}
