-- Review workbench: tasks, per-violation decisions, the append-only audit trail, reviewer tokens.
-- Plain PostgreSQL (15+) that PGlite runs as well.

CREATE TABLE review_tasks (
  id              serial PRIMARY KEY,
  -- sha256 of the lexicon version and the item's content: one task per item version and lexicon.
  content_key     text NOT NULL UNIQUE,
  item_id         text NOT NULL,
  channel         text NOT NULL,
  room            text,
  account_id      text,
  lexicon_version text NOT NULL,
  source          text NOT NULL,
  item            jsonb NOT NULL,
  verdict         jsonb NOT NULL,
  -- 0 minor .. 3 extreme: the most severe violation.
  severity_rank   smallint NOT NULL,
  -- 1 for a live room (captions, or an item with a room): reviewed first.
  live            smallint NOT NULL,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'done')),
  claimed_by      text,
  lease_until     timestamptz,
  final_decision  text CHECK (final_decision IN ('pass', 'block')),
  reason          text,
  decided_by      text,
  decided_at      timestamptz,
  -- none: nothing for the account ledger; pending: confirmed violations not yet applied; applied.
  ledger          text NOT NULL DEFAULT 'none' CHECK (ledger IN ('none', 'pending', 'applied')),
  created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX review_tasks_queue ON review_tasks (status, severity_rank DESC, live DESC, created_at, id);
CREATE INDEX review_tasks_account ON review_tasks (account_id);

CREATE TABLE review_violations (
  task_id         integer NOT NULL REFERENCES review_tasks (id),
  violation_id    text NOT NULL,
  ord             integer NOT NULL,
  rule_id         text NOT NULL,
  category        text NOT NULL,
  severity        text NOT NULL,
  matched         text NOT NULL,
  field           text NOT NULL,
  start_at        integer NOT NULL,
  end_at          integer NOT NULL,
  lexicon_version text NOT NULL,
  decision        text CHECK (decision IN ('confirmed', 'rejected')),
  -- A confirmed violation of another category than the machine said.
  new_category    text,
  decided_by      text,
  decided_at      timestamptz,
  PRIMARY KEY (task_id, violation_id)
);

CREATE INDEX review_violations_rule ON review_violations (rule_id, decision);

-- Append-only: every step on a task (who, when, what, the fields before and after).
CREATE TABLE review_audit (
  seq     serial PRIMARY KEY,
  task_id integer NOT NULL,
  at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor   text NOT NULL,
  action  text NOT NULL,
  before  jsonb,
  after   jsonb NOT NULL
);

CREATE INDEX review_audit_task ON review_audit (task_id, seq);

CREATE FUNCTION review_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'review_audit is append-only';
END;
$$;

CREATE TRIGGER review_audit_no_change BEFORE UPDATE OR DELETE ON review_audit
  FOR EACH ROW EXECUTE FUNCTION review_audit_append_only();

-- Sign-in tokens for the reviewer pages (only their sha256 is kept).
CREATE TABLE review_users (
  token_sha256 text PRIMARY KEY,
  name         text NOT NULL,
  role         text NOT NULL CHECK (role IN ('reviewer', 'lead', 'admin')),
  created_at   timestamptz NOT NULL DEFAULT now()
);
