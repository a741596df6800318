/**
 * Canned output of the demo provider's QA step: a pytest suite (FastAPI TestClient, a fresh
 * temporary SQLite database per run) that covers every endpoint of the demo notes app, and a
 * review report. Pure functions of the project name.
 */
import { displayName } from './demo-notes-app'

export function notesTestPy(project: string): string {
  const name = displayName(project)
  return `"""Tests for the ${name} notes API (pytest + FastAPI TestClient).

Run from the project folder:
    pip install -r requirements.txt
    pytest -q
"""
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_DIR = tempfile.mkdtemp(prefix="notes-test-")
os.environ["DATABASE_URL"] = "sqlite:///" + str(Path(DB_DIR) / "test.db")

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

import main  # noqa: E402


@pytest.fixture()
def client():
    main.Base.metadata.drop_all(bind=main.engine)
    main.Base.metadata.create_all(bind=main.engine)
    with TestClient(main.app) as test_client:
        yield test_client


def create(client, title="First note", content="Hello"):
    response = client.post("/notes", json={"title": title, "content": content})
    assert response.status_code == 201, response.text
    return response.json()


def test_health(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_create_note_returns_the_stored_note(client):
    note = create(client, "Groceries", "milk, eggs")
    assert isinstance(note["id"], int)
    assert note["title"] == "Groceries"
    assert note["content"] == "milk, eggs"
    assert "created_at" in note


def test_create_note_without_content_defaults_to_empty(client):
    response = client.post("/notes", json={"title": "Only a title"})
    assert response.status_code == 201
    assert response.json()["content"] == ""


def test_create_note_rejects_a_missing_title(client):
    response = client.post("/notes", json={"content": "no title"})
    assert response.status_code == 422


def test_create_note_rejects_an_empty_title(client):
    response = client.post("/notes", json={"title": "", "content": "x"})
    assert response.status_code == 422


def test_list_notes_is_empty_at_first(client):
    response = client.get("/notes")
    assert response.status_code == 200
    assert response.json() == []


def test_list_notes_returns_notes_in_creation_order(client):
    first = create(client, "one")
    second = create(client, "two")
    response = client.get("/notes")
    assert response.status_code == 200
    assert [note["id"] for note in response.json()] == [first["id"], second["id"]]


def test_list_notes_supports_skip_and_limit(client):
    create(client, "one")
    second = create(client, "two")
    create(client, "three")
    response = client.get("/notes", params={"skip": 1, "limit": 1})
    assert response.status_code == 200
    assert [note["id"] for note in response.json()] == [second["id"]]


def test_get_note_by_id(client):
    note = create(client, "Read me", "body")
    response = client.get(f"/notes/{note['id']}")
    assert response.status_code == 200
    assert response.json() == note


def test_get_missing_note_returns_404(client):
    response = client.get("/notes/9999")
    assert response.status_code == 404
    assert response.json()["detail"] == "Note not found"


def test_delete_note_removes_it(client):
    note = create(client, "Temporary")
    response = client.delete(f"/notes/{note['id']}")
    assert response.status_code == 204
    assert client.get(f"/notes/{note['id']}").status_code == 404
    assert client.get("/notes").json() == []


def test_delete_missing_note_returns_404(client):
    response = client.delete("/notes/9999")
    assert response.status_code == 404
`
}

export function qaReport(project: string): string {
  const name = displayName(project)
  return `# QA report: ${name}

> Written by the offline demo provider (canned output, no model). Run the tests to check it.

## How to verify

\`\`\`bash
pip install -r requirements.txt
pytest -q
\`\`\`

## Review

| Area | Finding |
|---|---|
| Imports | \`main.py\` uses only FastAPI, SQLAlchemy, Pydantic and the standard library, all listed in \`requirements.txt\`. |
| Endpoints | \`POST /notes\` (201), \`GET /notes\` (skip/limit), \`GET /notes/{id}\`, \`DELETE /notes/{id}\` (204), \`GET /health\`. |
| Error handling | Unknown ids return 404 with \`{"detail": "Note not found"}\`; invalid bodies return 422 from Pydantic validation. |
| DB setup | SQLite through SQLAlchemy; tables are created at import; \`DATABASE_URL\` overrides the default \`./notes.db\`; one session per request, always closed. |

## Tests

\`tests/test_main.py\` covers every endpoint, including validation errors and missing notes, against a
fresh temporary SQLite database.

## Suggestions

- Add \`PUT /notes/{id}\` if notes must be editable.
- Move configuration into environment-specific settings before deploying.
`
}
