/**
 * The PostgreSQL schema, applied in order, one transaction each, by one process at a time
 * (migrate.ts); `veil_schema.version` holds the number applied. Append new ones; never edit a
 * released one. Times are epoch milliseconds in bigint, as in SQLite; JSON lists are text.
 */
export const PG_MIGRATIONS: readonly string[] = [
  /* 1: everything the SQLite schema has at its version 5, plus the audit chain's head and login failures */ `
  CREATE TABLE projects (
    id                      text PRIMARY KEY,
    name                    text NOT NULL,
    ingest_key              text NOT NULL UNIQUE,
    enabled                 boolean NOT NULL DEFAULT true,
    retention_days          integer NOT NULL DEFAULT 30,
    privacy_level           text NOT NULL DEFAULT 'balanced',
    sample_rate             double precision NOT NULL DEFAULT 1,
    allowed_origins         text NOT NULL DEFAULT '[]',
    url_allowlist           text NOT NULL DEFAULT '["utm_*"]',
    replay_asset_origins    text NOT NULL DEFAULT '[]',
    created_at              bigint NOT NULL,
    previous_key            text UNIQUE,
    previous_key_expires_at bigint
  );
  CREATE TABLE tokens (
    id          text PRIMARY KEY,
    role        text NOT NULL CHECK (role IN ('viewer', 'admin')),
    label       text,
    token_hash  text NOT NULL UNIQUE,
    created_at  bigint NOT NULL,
    expires_at  bigint,
    revoked_at  bigint
  );
  CREATE TABLE login_sessions (
    id_hash     text PRIMARY KEY,
    token_id    text NOT NULL REFERENCES tokens(id) ON DELETE CASCADE,
    created_at  bigint NOT NULL,
    expires_at  bigint NOT NULL
  );
  CREATE INDEX login_sessions_by_token ON login_sessions (token_id);
  CREATE INDEX login_sessions_by_expiry ON login_sessions (expires_at);
  -- Failed logins per client bucket in fixed windows, shared by every server (auth/login-throttle.ts).
  CREATE TABLE login_failures (
    bucket       text PRIMARY KEY,
    window_start bigint NOT NULL,
    count        integer NOT NULL
  );
  -- Byte order ("C") for session ids, as SQLite compares them: the list's cursor and its index agree.
  CREATE TABLE sessions (
    id                  text COLLATE "C" PRIMARY KEY,
    project_id          text NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
    user_id             text,
    started_at          bigint NOT NULL,
    last_event_at       bigint NOT NULL,
    first_url           text,
    pages               integer NOT NULL DEFAULT 0,
    clicks              integer NOT NULL DEFAULT 0,
    event_count         integer NOT NULL DEFAULT 0,
    batch_count         integer NOT NULL DEFAULT 0,
    stored_bytes        bigint NOT NULL DEFAULT 0,
    browser             text,
    os                  text,
    device              text,
    privacy_redactions  integer NOT NULL DEFAULT 0,
    urls                text NOT NULL DEFAULT ''
  );
  CREATE INDEX sessions_by_project_start ON sessions (project_id, started_at DESC, id DESC);
  CREATE INDEX sessions_by_start ON sessions (started_at DESC, id DESC);
  CREATE INDEX sessions_by_user ON sessions (user_id, started_at DESC) WHERE user_id IS NOT NULL;
  -- (session_id, seq) is the dedup key: a batch is stored once, whichever server it reached.
  CREATE TABLE chunks (
    session_id  text COLLATE "C" NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq         integer NOT NULL,
    first_ts    bigint NOT NULL,
    last_ts     bigint NOT NULL,
    event_count integer NOT NULL,
    batch_hash  text NOT NULL,
    body        bytea NOT NULL,
    encoding    smallint NOT NULL DEFAULT 0,
    PRIMARY KEY (session_id, seq)
  );
  -- Recordings are compressed already: do not spend CPU compressing them again in TOAST.
  ALTER TABLE chunks ALTER COLUMN body SET STORAGE EXTERNAL;
  CREATE TABLE erased_sessions (
    session_hash text PRIMARY KEY,
    erased_at    bigint NOT NULL
  );
  CREATE INDEX erased_sessions_by_time ON erased_sessions (erased_at);
  -- Ids are handed out by the chain's head (audit_head.last_id + 1) under its row lock, never by
  -- a sequence: a sequence leaves gaps when a transaction rolls back, and a gap reads as a removal.
  CREATE TABLE audit_log (
    id        bigint PRIMARY KEY,
    at        bigint NOT NULL,
    actor     text NOT NULL,
    action    text NOT NULL,
    target    text,
    details   text NOT NULL DEFAULT '{}',
    prev_hash text NOT NULL,
    hash      text NOT NULL
  );
  CREATE INDEX audit_by_time ON audit_log (at DESC);
  CREATE INDEX audit_by_action ON audit_log (action, id);
  CREATE INDEX audit_by_actor ON audit_log (actor, id);
  CREATE INDEX audit_by_target ON audit_log (target, id) WHERE target IS NOT NULL;
  -- The newest entry (one row): appenders lock it, so concurrent appends, from any server, chain
  -- one after another and never fork.
  CREATE TABLE audit_head (
    id       integer PRIMARY KEY CHECK (id = 1),
    last_id  bigint NOT NULL,
    hash     text NOT NULL
  );
  INSERT INTO audit_head (id, last_id, hash) VALUES (1, 0, repeat('0', 64));
  -- The hash of the last pruned entry: the chain stays verifiable from there.
  CREATE TABLE audit_anchor (
    id        integer PRIMARY KEY CHECK (id = 1),
    after_id  bigint NOT NULL,
    hash      text NOT NULL
  );
  CREATE TABLE server_secrets (
    name   text PRIMARY KEY,
    value  text NOT NULL
  );
  -- The application never edits audit entries, and deletes only those behind the anchor; anyone
  -- bypassing this trigger still breaks the hash chain.
  CREATE FUNCTION veil_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP = 'UPDATE' THEN
      RAISE EXCEPTION 'audit_log is append-only';
    END IF;
    IF OLD.id > coalesce((SELECT after_id FROM audit_anchor WHERE id = 1), 0) THEN
      RAISE EXCEPTION 'audit_log entries are removed only by pruning';
    END IF;
    RETURN OLD;
  END $$;
  CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION veil_audit_guard();
  `,
];

/** The schema version the code expects. */
export const PG_LATEST_SCHEMA_VERSION = PG_MIGRATIONS.length;
