/**
 * Decides what the demo provider writes for a request: the role comes from the system prompt
 * (else the first user message) — the earliest role word wins, so "You are the QA engineer
 * reviewing the builder's code" is QA — and the project name from a "project: <name>" mention.
 * Same request, same plan.
 */
import { NOTES_REQUIREMENTS, notesMainPy } from './demo-notes-app'
import { designDoc, notesDoc, readmeDoc } from './demo-notes-docs'
import { notesTestPy, qaReport } from './demo-notes-tests'
import type { ChatMessage } from '../types'

type DemoRole = 'architect' | 'builder' | 'docs' | 'qa' | 'unknown'

export interface DemoFile {
  path: string
  content: string
}

export interface DemoPlan {
  role: DemoRole
  project: string
  intro: string
  files: DemoFile[]
}

const ROLE_WORDS: ReadonlyArray<[Exclude<DemoRole, 'unknown'>, RegExp]> = [
  ['architect', /\barchitect(?:ure)?\b/i],
  ['builder', /\b(?:builder|developer|programmer|implementer|coder)\b/i],
  ['docs', /\b(?:docs|documentation|technical writer|readme)\b/i],
  ['qa', /\b(?:qa|quality assurance|tester|test engineer)\b/i],
]

function roleIn(text: string): DemoRole {
  let best: DemoRole = 'unknown'
  let bestAt = Number.POSITIVE_INFINITY
  for (const [role, pattern] of ROLE_WORDS) {
    const at = text.search(pattern)
    if (at >= 0 && at < bestAt) {
      best = role
      bestAt = at
    }
  }
  return best
}

function firstContent(messages: readonly ChatMessage[], role: 'system' | 'user'): string {
  return messages.find((m) => m.role === role)?.content ?? ''
}

function detectRole(messages: readonly ChatMessage[]): DemoRole {
  const fromSystem = roleIn(firstContent(messages, 'system'))
  return fromSystem !== 'unknown' ? fromSystem : roleIn(firstContent(messages, 'user'))
}

function detectProject(messages: readonly ChatMessage[]): string {
  for (const message of messages) {
    if (message.role !== 'system' && message.role !== 'user') continue
    const match = /\bproject(?:\s+name)?\s*[:=]\s*["'`]?([A-Za-z0-9][A-Za-z0-9_.-]{0,63})/i.exec(message.content)
    if (match?.[1]) return match[1]
  }
  return 'notes'
}

export function planFor(messages: readonly ChatMessage[]): DemoPlan {
  const role = detectRole(messages)
  const project = detectProject(messages)
  switch (role) {
    case 'architect':
      return {
        role,
        project,
        intro: `Here is the design for ${project}: a FastAPI notes API on SQLite.`,
        files: [{ path: 'DESIGN.md', content: designDoc(project) }],
      }
    case 'builder':
      return {
        role,
        project,
        intro: `I will write the FastAPI + SQLAlchemy app for ${project} and its requirements.`,
        files: [
          { path: 'main.py', content: notesMainPy(project) },
          { path: 'requirements.txt', content: NOTES_REQUIREMENTS },
        ],
      }
    case 'docs':
      return {
        role,
        project,
        intro: `I will write a beginner-friendly README for ${project}.`,
        files: [{ path: 'README.md', content: readmeDoc(project) }],
      }
    case 'qa':
      return {
        role,
        project,
        intro: `I will write pytest tests for every endpoint of ${project} and a QA report.`,
        files: [
          { path: 'tests/test_main.py', content: notesTestPy(project) },
          { path: 'QA_REPORT.md', content: qaReport(project) },
        ],
      }
    case 'unknown':
      return {
        role,
        project,
        intro: 'I will record a summary of this request.',
        files: [{ path: 'NOTES.md', content: notesDoc(firstContent(messages, 'user')) }],
      }
  }
}
