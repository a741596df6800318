/**
 * Canned source of the demo provider's builder step: a small, complete FastAPI + SQLAlchemy +
 * Pydantic notes API on SQLite (POST/GET /notes, GET/DELETE /notes/{id}, GET /health). Pure
 * functions of the project name, so the demo is byte-for-byte deterministic.
 */

/** Makes a project name safe inside a Python string literal and a Markdown heading. */
export function displayName(project: string): string {
  return project.replace(/[^A-Za-z0-9 _.-]/g, '').trim() || 'notes'
}

export const NOTES_REQUIREMENTS = `fastapi>=0.110
uvicorn[standard]>=0.27
sqlalchemy>=2.0
pydantic>=2.5
httpx>=0.27
pytest>=8.0
`

export function notesMainPy(project: string): string {
  const name = displayName(project)
  return `"""${name}: a small notes API (FastAPI + SQLAlchemy + Pydantic, SQLite).

Run it:
    pip install -r requirements.txt
    uvicorn main:app --reload

The database file defaults to ./notes.db; set DATABASE_URL to use another one.
"""
import os
from datetime import datetime, timezone
from typing import Dict, Generator, List

from fastapi import Depends, FastAPI, HTTPException, Query, Response, status
from pydantic import BaseModel, Field
from sqlalchemy import Column, DateTime, Integer, String, Text, create_engine
from sqlalchemy.orm import Session, declarative_base, sessionmaker

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///./notes.db")

engine = create_engine(
    DATABASE_URL,
    connect_args={"check_same_thread": False} if DATABASE_URL.startswith("sqlite") else {},
)
SessionLocal = sessionmaker(bind=engine, autoflush=False, autocommit=False)
Base = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Note(Base):
    """One note, stored in the \`notes\` table."""

    __tablename__ = "notes"

    id = Column(Integer, primary_key=True, index=True)
    title = Column(String(200), nullable=False)
    content = Column(Text, nullable=False, default="")
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


Base.metadata.create_all(bind=engine)


class NoteCreate(BaseModel):
    """Request body of POST /notes."""

    title: str = Field(..., min_length=1, max_length=200)
    content: str = Field("", max_length=10000)


class NoteOut(BaseModel):
    """A note as returned by the API."""

    id: int
    title: str
    content: str
    created_at: datetime


def to_out(note: Note) -> NoteOut:
    return NoteOut(id=note.id, title=note.title, content=note.content, created_at=note.created_at)


def get_db() -> Generator[Session, None, None]:
    db = SessionLocal()
    try:
        yield db
    finally:
        db.close()


def find_note(db: Session, note_id: int) -> Note:
    note = db.get(Note, note_id)
    if note is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="Note not found")
    return note


app = FastAPI(title="${name}", version="1.0.0", description="Create, list, read and delete notes.")


@app.get("/health")
def health() -> Dict[str, str]:
    return {"status": "ok"}


@app.post("/notes", response_model=NoteOut, status_code=status.HTTP_201_CREATED)
def create_note(payload: NoteCreate, db: Session = Depends(get_db)) -> NoteOut:
    note = Note(title=payload.title, content=payload.content, created_at=utcnow())
    db.add(note)
    db.commit()
    db.refresh(note)
    return to_out(note)


@app.get("/notes", response_model=List[NoteOut])
def list_notes(
    skip: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=1000),
    db: Session = Depends(get_db),
) -> List[NoteOut]:
    notes = db.query(Note).order_by(Note.id).offset(skip).limit(limit).all()
    return [to_out(note) for note in notes]


@app.get("/notes/{note_id}", response_model=NoteOut)
def get_note(note_id: int, db: Session = Depends(get_db)) -> NoteOut:
    return to_out(find_note(db, note_id))


@app.delete("/notes/{note_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_note(note_id: int, db: Session = Depends(get_db)) -> Response:
    note = find_note(db, note_id)
    db.delete(note)
    db.commit()
    return Response(status_code=status.HTTP_204_NO_CONTENT)
`
}
