/**
 * A small Markdown parser for model-written text (design notes, reviews, READMEs): headings,
 * paragraphs, fenced code, lists, block quotes, rules; inline code, bold, italics and links.
 * It produces plain data, never HTML: the view turns it into React elements, so nothing a model
 * writes is ever parsed as markup. Links are kept only for http(s) and mailto URLs.
 */

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'em'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] }

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { kind: 'paragraph'; children: Inline[] }
  | { kind: 'code'; lang: string; text: string }
  | { kind: 'list'; ordered: boolean; items: Inline[][] }
  | { kind: 'quote'; blocks: Block[] }
  | { kind: 'rule' }

const SAFE_HREF = /^(https?:\/\/|mailto:)/i
const MAX_DEPTH = 8

export function parseInline(text: string, depth = 0): Inline[] {
  const out: Inline[] = []
  let plain = ''
  const flush = (): void => {
    if (plain) out.push({ kind: 'text', text: plain })
    plain = ''
  }
  let i = 0
  while (i < text.length) {
    const rest = text.slice(i)
    const code = /^(`+)([\s\S]*?[^`])\1(?!`)/.exec(rest)
    if (code?.[2] !== undefined) {
      flush()
      out.push({ kind: 'code', text: code[2].trim() === '' ? code[2] : code[2].replace(/^ (.*) $/, '$1') })
      i += code[0].length
      continue
    }
    if (depth < MAX_DEPTH) {
      const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest)
      if (strong?.[2] !== undefined) {
        flush()
        out.push({ kind: 'strong', children: parseInline(strong[2], depth + 1) })
        i += strong[0].length
        continue
      }
      const em = /^(\*|_)(?=\S)([\s\S]*?\S)\1(?![*_\w])/.exec(rest)
      if (em?.[2] !== undefined && !(em[1] === '_' && /\w$/.test(plain))) {
        flush()
        out.push({ kind: 'em', children: parseInline(em[2], depth + 1) })
        i += em[0].length
        continue
      }
      const link = /^\[([^\]\n]+)\]\(([^)\s]+)\)/.exec(rest)
      if (link?.[1] !== undefined && link[2] !== undefined && SAFE_HREF.test(link[2])) {
        flush()
        out.push({ kind: 'link', href: link[2], children: parseInline(link[1], depth + 1) })
        i += link[0].length
        continue
      }
    }
    plain += text[i]
    i++
  }
  flush()
  return out
}

const FENCE = /^ {0,3}(```+|~~~+)\s*([\w+#.-]*)/
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/
const RULE = /^ {0,3}([-*_])(\s*\1){2,}\s*$/
const BULLET = /^ {0,3}[-*+]\s+(.*)$/
const NUMBERED = /^ {0,3}\d{1,9}[.)]\s+(.*)$/
const QUOTE = /^ {0,3}>\s?(.*)$/

export function parseMarkdown(source: string, depth = 0): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n')
  const blocks: Block[] = []
  let i = 0
  while (i < lines.length) {
    const line = lines[i] ?? ''
    if (line.trim() === '') {
      i++
      continue
    }
    const fence = FENCE.exec(line)
    if (fence?.[1]) {
      const marker = fence[1]
      const body: string[] = []
      i++
      while (i < lines.length && !(lines[i] ?? '').trimStart().startsWith(marker)) body.push(lines[i++] ?? '')
      i++
      blocks.push({ kind: 'code', lang: fence[2] ?? '', text: body.join('\n') })
      continue
    }
    const heading = HEADING.exec(line)
    if (heading?.[1] && heading[2] !== undefined) {
      blocks.push({ kind: 'heading', level: heading[1].length as 1 | 2 | 3 | 4 | 5 | 6, children: parseInline(heading[2]) })
      i++
      continue
    }
    if (RULE.test(line)) {
      blocks.push({ kind: 'rule' })
      i++
      continue
    }
    if (QUOTE.test(line) && depth < MAX_DEPTH) {
      const body: string[] = []
      while (i < lines.length && QUOTE.test(lines[i] ?? '')) body.push(QUOTE.exec(lines[i++] ?? '')?.[1] ?? '')
      blocks.push({ kind: 'quote', blocks: parseMarkdown(body.join('\n'), depth + 1) })
      continue
    }
    const listStart = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null
    if (listStart) {
      const items: string[] = []
      while (i < lines.length) {
        const current = lines[i] ?? ''
        const item = listStart.exec(current)
        if (item?.[1] !== undefined) items.push(item[1])
        else if (current.trim() !== '' && /^\s+/.test(current) && items.length > 0) items[items.length - 1] += ` ${current.trim()}`
        else break
        i++
      }
      blocks.push({ kind: 'list', ordered: listStart === NUMBERED, items: items.map((t) => parseInline(t)) })
      continue
    }
    const para: string[] = [line.trim()]
    i++
    while (i < lines.length) {
      const current = lines[i] ?? ''
      if (current.trim() === '' || FENCE.test(current) || HEADING.test(current) || QUOTE.test(current) || BULLET.test(current)) break
      if (RULE.test(current) || NUMBERED.test(current)) break
      para.push(current.trim())
      i++
    }
    blocks.push({ kind: 'paragraph', children: parseInline(para.join(' ')) })
  }
  return blocks
}
