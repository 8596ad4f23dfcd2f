-- The team server's schema. Times are UTC text in a fixed-width layout
-- (2006-01-02T15:04:05.000000Z), so text order is time order.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    name          TEXT    NOT NULL DEFAULT '',
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'manager', 'rep')),
    password_hash TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL
);

CREATE TABLE teams (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL UNIQUE,
    created_at TEXT    NOT NULL
);

CREATE TABLE team_managers (
    team_id INTEGER NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_managers_user ON team_managers (user_id);

CREATE TABLE reps (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL,
    name_key   TEXT    NOT NULL UNIQUE,
    team_id    INTEGER REFERENCES teams (id) ON DELETE SET NULL,
    user_id    INTEGER UNIQUE REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX reps_team ON reps (team_id);

CREATE TABLE calls (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    content_hash     TEXT    NOT NULL UNIQUE,
    title            TEXT    NOT NULL,
    occurred_at      TEXT    NOT NULL,
    account          TEXT    NOT NULL DEFAULT '',
    deal             TEXT    NOT NULL DEFAULT '',
    source           TEXT    NOT NULL DEFAULT '',
    format           TEXT    NOT NULL DEFAULT '',
    reps_given       TEXT    NOT NULL DEFAULT '[]',
    transcript       BLOB    NOT NULL,
    call_json        TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('queued', 'done', 'failed')),
    error            TEXT    NOT NULL DEFAULT '',
    generation       INTEGER NOT NULL DEFAULT 1,
    analysis_json    TEXT,
    playbook_name    TEXT    NOT NULL DEFAULT '',
    playbook_version TEXT    NOT NULL DEFAULT '',
    model_version    TEXT    NOT NULL DEFAULT '',
    moments          INTEGER NOT NULL DEFAULT 0,
    pushed_back      INTEGER NOT NULL DEFAULT 0,
    courage          REAL,
    craft            REAL,
    uploaded_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at       TEXT    NOT NULL,
    analyzed_at      TEXT
);
CREATE INDEX calls_occurred ON calls (occurred_at, id);
CREATE INDEX calls_status ON calls (status);

CREATE TABLE call_reps (
    call_id INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    rep_id  INTEGER NOT NULL REFERENCES reps (id) ON DELETE CASCADE,
    PRIMARY KEY (call_id, rep_id)
);
CREATE INDEX call_reps_rep ON call_reps (rep_id, call_id);

CREATE TABLE moments (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id     INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    turn        INTEGER NOT NULL,
    rep_id      INTEGER REFERENCES reps (id) ON DELETE SET NULL,
    category    TEXT    NOT NULL,
    topics      TEXT    NOT NULL DEFAULT '',
    confidence  REAL    NOT NULL,
    quote       TEXT    NOT NULL,
    how         TEXT    NOT NULL DEFAULT '',
    pushed_back BOOLEAN NOT NULL,
    feedback    TEXT    NOT NULL DEFAULT '',
    occurred_at TEXT    NOT NULL,
    UNIQUE (call_id, position)
);
CREATE INDEX moments_rep ON moments (rep_id, occurred_at);
CREATE INDEX moments_category ON moments (category, occurred_at);
CREATE INDEX moments_occurred ON moments (occurred_at, id);

CREATE TABLE rep_scores (
    call_id     INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    rep_id      INTEGER NOT NULL REFERENCES reps (id) ON DELETE CASCADE,
    occurred_at TEXT    NOT NULL,
    moments     INTEGER NOT NULL,
    pushed_back INTEGER NOT NULL,
    courage     REAL,
    craft       REAL,
    PRIMARY KEY (call_id, rep_id)
);
CREATE INDEX rep_scores_rep ON rep_scores (rep_id, occurred_at);

CREATE TABLE playbooks (
    name       TEXT PRIMARY KEY,
    yaml       TEXT NOT NULL,
    version    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by INTEGER REFERENCES users (id) ON DELETE SET NULL
);

CREATE TABLE sessions (
    id_hash    TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT    NOT NULL,
    scope        TEXT    NOT NULL CHECK (scope IN ('ingest', 'full')),
    prefix       TEXT    NOT NULL,
    hash         TEXT    NOT NULL UNIQUE,
    created_at   TEXT    NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE practice_attempts (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    rep_id      INTEGER NOT NULL REFERENCES reps (id) ON DELETE CASCADE,
    scenario_id TEXT    NOT NULL,
    overall     REAL,
    at          TEXT    NOT NULL,
    payload     TEXT    NOT NULL,
    created_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX practice_attempts_rep ON practice_attempts (rep_id, at);
