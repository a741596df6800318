/**
 * DDL of the run-history index and its `user_version`. The database is an index over
 * `runs/<job_id>/manifest.json`; any schema change bumps HISTORY_SCHEMA_VERSION and the old file is
 * moved aside and rebuilt from the run folders (no in-place migrations).
 */

/**
 * 2: cost_usd, saved_tokens, saved_usd on runs and steps.
 * 3: status 'awaiting_approval'; parent_job_id, rerun_from and resumes on runs (resume / rerun).
 */
export const HISTORY_SCHEMA_VERSION = 3

export const HISTORY_DDL = `
CREATE TABLE runs (
  job_id            TEXT PRIMARY KEY,
  project           TEXT NOT NULL,
  task_description  TEXT NOT NULL,
  provider          TEXT NOT NULL,
  status            TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','cancelled','interrupted','awaiting_approval')),
  started_at        TEXT NOT NULL,
  finished_at       TEXT,
  duration_s        REAL,
  prompt_tokens     INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  cost_usd          REAL,
  saved_tokens      INTEGER NOT NULL,
  saved_usd         REAL,
  spec_sha256       TEXT NOT NULL,
  app_version       TEXT NOT NULL,
  run_dir           TEXT NOT NULL,
  files_count       INTEGER NOT NULL,
  steps_total       INTEGER NOT NULL,
  steps_succeeded   INTEGER NOT NULL,
  parent_job_id     TEXT,
  rerun_from        TEXT,
  resumes           INTEGER NOT NULL DEFAULT 0,
  manifest_mtime_ms REAL,
  manifest_size     INTEGER,
  updated_at        TEXT NOT NULL
);
CREATE INDEX runs_by_started ON runs (started_at, job_id);
CREATE INDEX runs_by_status ON runs (status, started_at);
CREATE INDEX runs_by_project ON runs (project, started_at);
CREATE INDEX runs_by_parent ON runs (parent_job_id);

CREATE TABLE steps (
  job_id            TEXT NOT NULL REFERENCES runs (job_id) ON DELETE CASCADE,
  step_id           TEXT NOT NULL,
  ord               INTEGER NOT NULL,
  agent             TEXT NOT NULL,
  needs             TEXT NOT NULL,
  provider          TEXT NOT NULL,
  model             TEXT NOT NULL,
  status            TEXT NOT NULL,
  started_at        TEXT,
  finished_at       TEXT,
  duration_s        REAL,
  attempts          INTEGER NOT NULL,
  provider_calls    INTEGER NOT NULL,
  prompt_tokens     INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  cost_usd          REAL,
  saved_tokens      INTEGER NOT NULL,
  saved_usd         REAL,
  cache_hit         INTEGER NOT NULL,
  error_kind        TEXT,
  error_message     TEXT,
  PRIMARY KEY (job_id, step_id)
) WITHOUT ROWID;

CREATE TABLE files (
  job_id      TEXT NOT NULL REFERENCES runs (job_id) ON DELETE CASCADE,
  path        TEXT NOT NULL,
  ord         INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  size_bytes  INTEGER NOT NULL,
  media_type  TEXT NOT NULL,
  step        TEXT NOT NULL,
  PRIMARY KEY (job_id, path)
) WITHOUT ROWID;
`

/** Tables that must exist in a database stamped with HISTORY_SCHEMA_VERSION. */
export const HISTORY_TABLES = ['runs', 'steps', 'files'] as const
