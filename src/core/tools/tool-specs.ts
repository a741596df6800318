/**
 * The JSON-schema specs offered to the model for the file tools, and the zod schemas that validate
 * the arguments the model sends back. Arguments arrive as parsed JSON or, when the model produced
 * invalid JSON, as the raw string; both are handled, and every failure becomes a message that
 * lists the expected arguments. Messages are deterministic (they go into cached requests).
 */
import { z } from 'zod'
import type { ToolSpec } from '../providers/types'
import type { ToolName } from './types'

export const TOOL_NAMES: readonly ToolName[] = ['write_file', 'read_file', 'list_files']

export const FILE_TOOL_SPECS: Record<ToolName, ToolSpec> = {
  write_file: {
    name: 'write_file',
    description:
      'Create or overwrite one file in the project. The path is relative to the project root, with forward slashes. Send the complete file content.',
    parameters: {
      type: 'object',
      properties: {
        path: { type: 'string', description: "Relative path, e.g. 'src/app.py'" },
        content: { type: 'string', description: 'The complete file content (UTF-8 text)' },
      },
      required: ['path', 'content'],
    },
  },
  read_file: {
    name: 'read_file',
    description: 'Read one file of the project. The path is relative to the project root.',
    parameters: {
      type: 'object',
      properties: { path: { type: 'string', description: "Relative path, e.g. 'README.md'" } },
      required: ['path'],
    },
  },
  list_files: {
    name: 'list_files',
    description: 'List the files of the project with their sizes. Optionally only those under one folder.',
    parameters: {
      type: 'object',
      properties: { dir: { type: 'string', description: "Optional folder, e.g. 'src'" } },
      required: [],
    },
  },
}

const EXPECTED: Record<ToolName, string> = {
  write_file: '{"path": "<relative path, e.g. src/app.py>", "content": "<complete file content>"}',
  read_file: '{"path": "<relative path, e.g. README.md>"}',
  list_files: '{} or {"dir": "<folder, e.g. src>"}',
}

export const ARG_SCHEMAS = {
  write_file: z.object({ path: z.string(), content: z.string() }),
  read_file: z.object({ path: z.string() }),
  list_files: z.object({ dir: z.string().optional() }),
} as const

type ToolArgs = { [K in ToolName]: z.infer<(typeof ARG_SCHEMAS)[K]> }

export type ParsedArgs<K extends ToolName> = { ok: true; value: ToolArgs[K] } | { ok: false; message: string }

export function isToolName(name: string): name is ToolName {
  return (TOOL_NAMES as readonly string[]).includes(name)
}

function describeType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return `a ${typeof value}`
}

export function parseToolArgs<K extends ToolName>(name: K, args: unknown): ParsedArgs<K> {
  const expected = `expected arguments: ${EXPECTED[name]}`
  let value: unknown = args
  if (typeof value === 'string') {
    if (value.trim() === '') value = {}
    else {
      try {
        value = JSON.parse(value)
      } catch {
        return { ok: false, message: `arguments for ${name} are not valid JSON (they may have been cut off); ${expected}` }
      }
    }
  }
  if (value === undefined || value === null) value = {}
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, message: `arguments for ${name} must be a JSON object, got ${describeType(value)}; ${expected}` }
  }
  const parsed = ARG_SCHEMAS[name].safeParse(value)
  if (!parsed.success) {
    const issues = parsed.error.issues
      .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'arguments'}: ${issue.message}`)
      .join('; ')
    return { ok: false, message: `invalid arguments for ${name} (${issues}); ${expected}` }
  }
  return { ok: true, value: parsed.data as ToolArgs[K] }
}
