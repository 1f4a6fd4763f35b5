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
  /* 2: key rotation, audit retention and tamper resistance, sessions by project for deletion */ `
  ALTER TABLE projects ADD COLUMN previous_key TEXT;
  ALTER TABLE projects ADD COLUMN previous_key_expires_at INTEGER;
  CREATE UNIQUE INDEX projects_by_previous_key ON projects (previous_key) WHERE previous_key IS NOT NULL;
  -- The hash of the last pruned audit entry: the chain stays verifiable from there after the
  -- oldest end is pruned (one row at most).
  CREATE TABLE audit_anchor (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    after_id  INTEGER NOT NULL,
    hash      TEXT NOT NULL
  );
  -- Install-wide secrets that never leave the server (e.g. the key that pseudonymizes end-user
  -- ids in the audit log, so an erasure leaves no user id behind).
  CREATE TABLE server_secrets (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
  );
  INSERT INTO server_secrets (name, value) VALUES ('audit_pseudonym_key', lower(hex(randomblob(32))));
  -- The application never edits audit entries, and deletes only those behind the anchor; anyone
  -- bypassing these triggers still breaks the hash chain.
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_prune_only BEFORE DELETE ON audit_log
  WHEN old.id > coalesce((SELECT after_id FROM audit_anchor WHERE id = 1), 0)
  BEGIN SELECT RAISE(ABORT, 'audit_log entries are removed only by pruning'); END;
  CREATE INDEX audit_by_action ON audit_log (action, id);
  CREATE INDEX audit_by_actor ON audit_log (actor, id);
  CREATE INDEX audit_by_target ON audit_log (target, id) WHERE target IS NOT NULL;
  `,
  /* 3: how a chunk's body is encoded (see store/chunk-format.ts) */ `
  ALTER TABLE chunks ADD COLUMN encoding INTEGER NOT NULL DEFAULT 0;
  `,
  /* 4: erased sessions, so a late batch of a deleted recording cannot bring it back */ `
  CREATE TABLE erased_sessions (
    session_hash TEXT PRIMARY KEY,
    erased_at  INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX erased_sessions_by_time ON erased_sessions (erased_at);
  `,
  /* 5: hosts a project's replays may load assets from (a JSON array of origins; none by default) */ `
  ALTER TABLE projects ADD COLUMN replay_asset_origins TEXT NOT NULL DEFAULT '[]';
  `,
  /* 6: failed logins per client bucket, in fixed windows (auth/login-throttle.ts) */ `
  CREATE TABLE login_failures (
    bucket       TEXT PRIMARY KEY,
    window_start INTEGER NOT NULL,
    count        INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];
