// Optuna 3.1's RDBStorage tables, as its SQLAlchemy models create them on
// PostgreSQL (checked against `pg_dump -s` of a database Optuna 3.1 made):
// the same types, columns, constraint names and the alembic revision, so
// Optuna's own code and tools open a database wasmtune created and the
// other way round.

/** The alembic revision Optuna 3.1 stamps (its head migration). */
export const ALEMBIC_REVISION = "v3.0.0.d";
/** Optuna's frozen `SCHEMA_VERSION` in `version_info`. */
export const SCHEMA_VERSION = 12;
/** What `version_info.library_version` says for a database wasmtune created. */
export const LIBRARY_VERSION = "3.1.0";
/** Older revisions `optuna storage upgrade` can bring up to {@link ALEMBIC_REVISION}. */
export const OLDER_REVISIONS = ["v0.9.0.a", "v1.2.0.a", "v1.3.0.a", "v2.4.0.a", "v2.6.0.a", "v3.0.0.a", "v3.0.0.b", "v3.0.0.c"];

const attributes = (owner: "study" | "trial", kind: "user" | "system") => `CREATE TABLE ${owner}_${kind}_attributes (
  ${owner}_${kind}_attribute_id SERIAL NOT NULL,
  ${owner}_id INTEGER,
  key VARCHAR(512),
  value_json TEXT,
  PRIMARY KEY (${owner}_${kind}_attribute_id),
  UNIQUE (${owner}_id, key),
  FOREIGN KEY(${owner}_id) REFERENCES ${owner === "study" ? "studies" : "trials"} (${owner}_id)
)`;

/** The DDL, in dependency order. */
export const CREATE_TABLES: readonly string[] = [
  "CREATE TYPE studydirection AS ENUM ('NOT_SET', 'MINIMIZE', 'MAXIMIZE')",
  "CREATE TYPE trialstate AS ENUM ('RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING')",
  "CREATE TYPE trialvaluetype AS ENUM ('FINITE', 'INF_POS', 'INF_NEG')",
  "CREATE TYPE trialintermediatevaluetype AS ENUM ('FINITE', 'INF_POS', 'INF_NEG', 'NAN')",
  "CREATE TABLE studies (study_id SERIAL NOT NULL, study_name VARCHAR(512) NOT NULL, PRIMARY KEY (study_id))",
  "CREATE UNIQUE INDEX ix_studies_study_name ON studies (study_name)",
  `CREATE TABLE version_info (
  version_info_id INTEGER NOT NULL,
  schema_version INTEGER,
  library_version VARCHAR(256),
  PRIMARY KEY (version_info_id),
  CHECK (version_info_id=1)
)`,
  `CREATE TABLE study_directions (
  study_direction_id SERIAL NOT NULL,
  direction studydirection NOT NULL,
  study_id INTEGER NOT NULL,
  objective INTEGER NOT NULL,
  PRIMARY KEY (study_direction_id),
  UNIQUE (study_id, objective),
  FOREIGN KEY(study_id) REFERENCES studies (study_id)
)`,
  attributes("study", "user"),
  attributes("study", "system"),
  `CREATE TABLE trials (
  trial_id SERIAL NOT NULL,
  number INTEGER,
  study_id INTEGER,
  state trialstate NOT NULL,
  datetime_start TIMESTAMP WITHOUT TIME ZONE,
  datetime_complete TIMESTAMP WITHOUT TIME ZONE,
  PRIMARY KEY (trial_id),
  FOREIGN KEY(study_id) REFERENCES studies (study_id)
)`,
  attributes("trial", "user"),
  attributes("trial", "system"),
  `CREATE TABLE trial_params (
  param_id SERIAL NOT NULL,
  trial_id INTEGER,
  param_name VARCHAR(512),
  param_value FLOAT(53),
  distribution_json TEXT,
  PRIMARY KEY (param_id),
  UNIQUE (trial_id, param_name),
  FOREIGN KEY(trial_id) REFERENCES trials (trial_id)
)`,
  `CREATE TABLE trial_values (
  trial_value_id SERIAL NOT NULL,
  trial_id INTEGER NOT NULL,
  objective INTEGER NOT NULL,
  value FLOAT(53),
  value_type trialvaluetype NOT NULL,
  PRIMARY KEY (trial_value_id),
  UNIQUE (trial_id, objective),
  FOREIGN KEY(trial_id) REFERENCES trials (trial_id)
)`,
  `CREATE TABLE trial_intermediate_values (
  trial_intermediate_value_id SERIAL NOT NULL,
  trial_id INTEGER NOT NULL,
  step INTEGER NOT NULL,
  intermediate_value FLOAT(53),
  intermediate_value_type trialintermediatevaluetype NOT NULL,
  PRIMARY KEY (trial_intermediate_value_id),
  UNIQUE (trial_id, step),
  FOREIGN KEY(trial_id) REFERENCES trials (trial_id)
)`,
  `CREATE TABLE trial_heartbeats (
  trial_heartbeat_id SERIAL NOT NULL,
  trial_id INTEGER NOT NULL,
  heartbeat TIMESTAMP WITHOUT TIME ZONE NOT NULL,
  PRIMARY KEY (trial_heartbeat_id),
  UNIQUE (trial_id),
  FOREIGN KEY(trial_id) REFERENCES trials (trial_id)
)`,
  "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))",
];

/** The rows a new database starts with (Optuna's `_VersionManager`). */
export const STAMP: readonly string[] = [
  `INSERT INTO version_info (version_info_id, schema_version, library_version) VALUES (1, ${SCHEMA_VERSION}, '${LIBRARY_VERSION}')`,
  `INSERT INTO alembic_version (version_num) VALUES ('${ALEMBIC_REVISION}')`,
];

/** Why wasmtune will not use a database stamped with `revision`, or null when it knows it. */
export function schemaRefusal(revision: string | null, libraryVersion: string | null, where: string): string | null {
  if (revision === ALEMBIC_REVISION) return null;
  const by = libraryVersion === null ? "" : ` (set up by optuna ${libraryVersion})`;
  const found = revision === null ? "has Optuna tables but no alembic revision" : `has Optuna schema revision ${revision}${by}`;
  const cure = revision !== null && OLDER_REVISIONS.includes(revision)
    ? "upgrade it with `optuna storage upgrade --storage <url>` (Optuna 3.1)"
    : "it was written by a newer Optuna; use a database made by Optuna 3.1 or a new one";
  return `wasmtune: the database ${where} ${found}; wasmtune reads and writes revision ${ALEMBIC_REVISION} (Optuna 3.1): ${cure}`;
}
