/**
 * Renders parsed Markdown (markdown.ts) as React elements: text is always a text node, code
 * blocks are plain <pre>, links open outside the app (rel="noopener noreferrer").
 */
import { Fragment, useMemo } from 'react'
import { parseMarkdown, type Block, type Inline } from './markdown'

function InlineNodes({ nodes }: { nodes: readonly Inline[] }): React.JSX.Element {
  return (
    <>
      {nodes.map((node, i) => {
        switch (node.kind) {
          case 'text':
            return <Fragment key={i}>{node.text}</Fragment>
          case 'code':
            return <code key={i}>{node.text}</code>
          case 'strong':
            return (
              <strong key={i}>
                <InlineNodes nodes={node.children} />
              </strong>
            )
          case 'em':
            return (
              <em key={i}>
                <InlineNodes nodes={node.children} />
              </em>
            )
          case 'link':
            return (
              <a key={i} href={node.href} target="_blank" rel="noopener noreferrer">
                <InlineNodes nodes={node.children} />
              </a>
            )
        }
      })}
    </>
  )
}

function BlockNode({ block }: { block: Block }): React.JSX.Element {
  switch (block.kind) {
    case 'heading': {
      const Tag = `h${block.level}` as const
      return (
        <Tag>
          <InlineNodes nodes={block.children} />
        </Tag>
      )
    }
    case 'paragraph':
      return (
        <p>
          <InlineNodes nodes={block.children} />
        </p>
      )
    case 'code':
      return (
        <pre className="code" data-lang={block.lang}>
          {block.text}
        </pre>
      )
    case 'list': {
      const items = block.items.map((item, i) => (
        <li key={i}>
          <InlineNodes nodes={item} />
        </li>
      ))
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>
    }
    case 'quote':
      return (
        <blockquote>
          {block.blocks.map((b, i) => (
            <BlockNode key={i} block={b} />
          ))}
        </blockquote>
      )
    case 'rule':
      return <hr />
  }
}

export function MarkdownView({ text, testId = 'markdown' }: { text: string; testId?: string }): React.JSX.Element {
  const blocks = useMemo(() => parseMarkdown(text), [text])
  return (
    <div className="markdown" data-testid={testId}>
      {blocks.map((b, i) => (
        <BlockNode key={i} block={b} />
      ))}
    </div>
  )
}
