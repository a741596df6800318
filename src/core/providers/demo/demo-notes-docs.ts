/**
 * Canned documents of the demo provider: the architect's DESIGN.md, the docs step's README.md,
 * and NOTES.md for roles it does not know. Pure functions of their inputs (deterministic).
 */
import { displayName } from './demo-notes-app'

const BANNER = '> Written by the offline demo provider (canned output, no model).'

export function designDoc(project: string): string {
  const name = displayName(project)
  return `# ${name}: design

${BANNER}

## Stack
- Python 3.10+, FastAPI (HTTP API), Pydantic (validation), SQLAlchemy (ORM), SQLite (storage)
- Uvicorn to serve it; pytest with FastAPI's TestClient to test it

## Components
- \`main.py\`: the whole app: database engine and session, the \`Note\` model, Pydantic schemas, routes
- \`requirements.txt\`: pinned minimum versions
- \`tests/test_main.py\`: endpoint tests against a temporary SQLite database

## Data flow
1. A request reaches a FastAPI route; Pydantic validates the body (422 on bad input).
2. The route gets a SQLAlchemy session from \`get_db\` (one per request, always closed).
3. The route reads or writes the \`notes\` table and returns a \`NoteOut\` model as JSON.

## Database schema
| Column | Type | Notes |
|---|---|---|
| id | INTEGER | primary key |
| title | VARCHAR(200) | required, 1 to 200 characters |
| content | TEXT | defaults to "" |
| created_at | DATETIME | set when the note is created (UTC) |

## API endpoints
| Method | Path | Success | Errors |
|---|---|---|---|
| POST | /notes | 201, the note | 422 invalid body |
| GET | /notes?skip=0&limit=100 | 200, list of notes | 422 bad paging |
| GET | /notes/{id} | 200, the note | 404 not found |
| DELETE | /notes/{id} | 204, no body | 404 not found |
| GET | /health | 200, {"status": "ok"} | |
`
}

export function readmeDoc(project: string): string {
  const name = displayName(project)
  return `# ${name}

${BANNER}

A small REST API to create, list, read and delete notes. It is built with FastAPI, stores notes
in a local SQLite file with SQLAlchemy, and validates input with Pydantic.

## Quick start

\`\`\`bash
python3 -m venv .venv
source .venv/bin/activate        # Windows: .venv\\Scripts\\activate
pip install -r requirements.txt
uvicorn main:app --reload
\`\`\`

Open http://127.0.0.1:8000/docs for the interactive API documentation.

## Setup
- Python 3.10 or newer.
- Notes are stored in \`./notes.db\`. Set \`DATABASE_URL\` (e.g. \`sqlite:///./other.db\`) to use another file.

## API

| Method | Path | What it does |
|---|---|---|
| POST | /notes | Create a note from \`{"title": "...", "content": "..."}\`; returns 201 and the note |
| GET | /notes | List notes; optional \`skip\` and \`limit\` query parameters |
| GET | /notes/{id} | Get one note, or 404 |
| DELETE | /notes/{id} | Delete one note (204), or 404 |
| GET | /health | \`{"status": "ok"}\` |

Example:

\`\`\`bash
curl -X POST http://127.0.0.1:8000/notes -H 'Content-Type: application/json' \\
  -d '{"title": "First note", "content": "Hello"}'
curl http://127.0.0.1:8000/notes
\`\`\`

## Tests

\`\`\`bash
pytest -q
\`\`\`
`
}

export function notesDoc(prompt: string): string {
  const lines = prompt
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
  const words = prompt.split(/\s+/).filter((w) => w !== '').length
  const excerpt = lines
    .filter((line) => line.trim() !== '')
    .slice(0, 12)
    .map((line) => `> ${line.slice(0, 200)}`)
  return `# Notes

${BANNER}

The demo provider did not recognise this step's role (architect, builder, docs or qa), so it
records what it was asked instead. The request had ${lines.length} lines and ${words} words.

## Request (first lines)

${excerpt.length > 0 ? excerpt.join('\n') : '> (empty)'}
`
}
