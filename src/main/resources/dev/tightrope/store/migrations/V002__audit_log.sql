-- Audit log, schema 2: an RFC 9162 Merkle log of every console action.
-- audit_log holds the canonical leaf bytes (fixed JSON of the event) and their leaf hash, plus
-- the event's fields as columns for filtering; the log verifier checks that both agree.
-- audit_nodes holds the hash of every complete subtree (level >= 1), so inclusion and
-- consistency proofs need O(log n) lookups. Triggers refuse UPDATE and DELETE: they stop
-- accidents, not someone editing the file; signed checkpoints and the verifier catch that.

CREATE TABLE audit_log (
    idx       INTEGER PRIMARY KEY,
    time      INTEGER NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    subject   TEXT NOT NULL,
    details   TEXT NOT NULL,
    leaf      BLOB NOT NULL,
    leaf_hash BLOB NOT NULL
);
-- Only the subject is indexed (an asset's history): each secondary index is written at a
-- random position per append and costs append throughput; actor and action filters scan
-- newest-first and stop at the page size.
CREATE INDEX audit_log_subject ON audit_log(subject);

CREATE TABLE audit_nodes (
    level INTEGER NOT NULL,
    idx   INTEGER NOT NULL,
    hash  BLOB NOT NULL,
    PRIMARY KEY (level, idx)
) WITHOUT ROWID;

CREATE TABLE audit_checkpoints (
    size       INTEGER PRIMARY KEY,
    root       BLOB NOT NULL,
    note       TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_nodes_no_update BEFORE UPDATE ON audit_nodes BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_nodes_no_delete BEFORE DELETE ON audit_nodes BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'audit checkpoints are append-only'); END;
