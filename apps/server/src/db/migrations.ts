/**
 * Schema migrations, applied in order inside one transaction each; `PRAGMA user_version` holds
 * the number applied. Append new ones; never edit a released one.
 */
export const MIGRATIONS: readonly string[] = [
  /* 1: the foundation */ `
  CREATE TABLE projects (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    ingest_key      TEXT NOT NULL UNIQUE,
    enabled         INTEGER NOT NULL DEFAULT 1,
    retention_days  INTEGER NOT NULL DEFAULT 30,
    privacy_level   TEXT NOT NULL DEFAULT 'balanced',
    sample_rate     REAL NOT NULL DEFAULT 1,
    allowed_origins TEXT NOT NULL DEFAULT '[]',
    url_allowlist   TEXT NOT NULL DEFAULT '["utm_*"]',
    created_at      INTEGER NOT NULL
  );
  CREATE TABLE tokens (
    id          TEXT PRIMARY KEY,
    role        TEXT NOT NULL CHECK (role IN ('viewer', 'admin')),
    label       TEXT,
    token_hash  TEXT NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER,
    revoked_at  INTEGER
  );
  CREATE TABLE login_sessions (
    id_hash     TEXT PRIMARY KEY,
    token_id    TEXT NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
  );
  CREATE TABLE sessions (
    id                  TEXT PRIMARY KEY,
    project_id          TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id             TEXT,
    started_at          INTEGER NOT NULL,
    last_event_at       INTEGER NOT NULL,
    first_url           TEXT,
    pages               INTEGER NOT NULL DEFAULT 0,
    clicks              INTEGER NOT NULL DEFAULT 0,
    event_count         INTEGER NOT NULL DEFAULT 0,
    batch_count         INTEGER NOT NULL DEFAULT 0,
    stored_bytes        INTEGER NOT NULL DEFAULT 0,
    browser             TEXT,
    os                  TEXT,
    device              TEXT,
    privacy_redactions  INTEGER NOT NULL DEFAULT 0,
    urls                TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX sessions_by_project_start ON sessions (project_id, started_at DESC, id DESC);
  CREATE INDEX sessions_by_start ON sessions (started_at DESC, id DESC);
  CREATE INDEX sessions_by_user ON sessions (user_id, started_at DESC) WHERE user_id IS NOT NULL;
  CREATE TABLE chunks (
    session_id  TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    first_ts    INTEGER NOT NULL,
    last_ts     INTEGER NOT NULL,
    event_count INTEGER NOT NULL,
    batch_hash  TEXT NOT NULL,
    body        BLOB NOT NULL,
    PRIMARY KEY (session_id, seq)
  );
  CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    target    TEXT,
    details   TEXT NOT NULL DEFAULT '{}',
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
  );
  CREATE INDEX audit_by_time ON audit_log (at DESC);
  `,
];
