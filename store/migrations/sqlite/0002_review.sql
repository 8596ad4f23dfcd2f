-- Reviewing calls in the web app: comments on moments, right/wrong
-- feedback on detected moments, and moments the reviewer says were missed.
-- A moment is named by its call, turn and quote (not by a moments row,
-- which a reanalysis replaces), so reviews and comments outlive reanalyses
-- that find the same moment.

CREATE TABLE moment_comments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id    INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    turn       INTEGER NOT NULL,
    quote      TEXT    NOT NULL,
    author_id  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    body       TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX moment_comments_call ON moment_comments (call_id, created_at);

CREATE TABLE moment_reviews (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id            INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    turn               INTEGER NOT NULL,
    quote              TEXT    NOT NULL,
    category           TEXT    NOT NULL,
    verdict            TEXT    NOT NULL CHECK (verdict IN ('right', 'wrong')),
    corrected_category TEXT    NOT NULL DEFAULT '',
    corrected_quote    TEXT    NOT NULL DEFAULT '',
    note               TEXT    NOT NULL DEFAULT '',
    reviewer_id        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    updated_at         TEXT    NOT NULL,
    UNIQUE (call_id, turn, quote)
);

CREATE TABLE added_moments (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    call_id    INTEGER NOT NULL REFERENCES calls (id) ON DELETE CASCADE,
    turn       INTEGER NOT NULL,
    quote      TEXT    NOT NULL,
    category   TEXT    NOT NULL,
    note       TEXT    NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT    NOT NULL,
    UNIQUE (call_id, turn, quote)
);
