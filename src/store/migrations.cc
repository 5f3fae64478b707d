#include "store/migrations.h"

#include <array>

#include "store/migration_deployments.h"

namespace drydock {
namespace {

constexpr std::string_view kImages = R"sql(
CREATE TABLE images (
  digest TEXT PRIMARY KEY,
  repository TEXT NOT NULL,
  platform TEXT NOT NULL,
  os TEXT NOT NULL,
  scanned_unix INTEGER NOT NULL,
  db_built_at TEXT NOT NULL,
  package_count INTEGER NOT NULL,
  finding_count INTEGER NOT NULL,
  report_json TEXT NOT NULL
);
CREATE TABLE image_tags (
  repository TEXT NOT NULL,
  tag TEXT NOT NULL,
  digest TEXT NOT NULL REFERENCES images(digest) ON DELETE CASCADE,
  PRIMARY KEY (repository, tag)
);
CREATE INDEX image_tags_digest ON image_tags(digest);
CREATE TABLE packages (
  id INTEGER PRIMARY KEY,
  digest TEXT NOT NULL REFERENCES images(digest) ON DELETE CASCADE,
  ecosystem TEXT NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  purl TEXT NOT NULL,
  purl_base TEXT NOT NULL,
  layer_diff_id TEXT NOT NULL,
  path TEXT NOT NULL
);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  digest TEXT NOT NULL REFERENCES images(digest) ON DELETE CASCADE,
  vulnerability TEXT NOT NULL,
  package TEXT NOT NULL,
  installed_version TEXT NOT NULL,
  fixed_version TEXT NOT NULL,
  severity TEXT NOT NULL,
  layer_diff_id TEXT NOT NULL,
  created_by TEXT NOT NULL,
  path TEXT NOT NULL
);
-- One row per id and alias of a finding: "affected CVE-2021-44228" finds a GHSA-filed finding too.
CREATE TABLE finding_names (
  name TEXT NOT NULL,
  finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE
);
)sql";

constexpr std::string_view kJobsAndTokens = R"sql(
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  dedupe_key TEXT NOT NULL,
  state TEXT NOT NULL,
  priority INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL,
  not_before_ms INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT NOT NULL DEFAULT '',
  lease_token INTEGER NOT NULL DEFAULT 0,
  lease_expires_ms INTEGER NOT NULL DEFAULT 0,
  error TEXT NOT NULL DEFAULT '',
  result TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  started_ms INTEGER NOT NULL DEFAULT 0,
  finished_ms INTEGER NOT NULL DEFAULT 0
);
-- The dedupe key: at most one live (queued or running) job per key.
CREATE UNIQUE INDEX jobs_live_key ON jobs(dedupe_key) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_claim ON jobs(state, priority DESC, id);
CREATE TABLE api_tokens (
  hash TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  scopes TEXT NOT NULL
);
)sql";

// The incident-response queries answer from these, never by reading reports.
constexpr std::string_view kQueryIndexes = R"sql(
CREATE INDEX packages_purl_base ON packages(purl_base, id);
CREATE INDEX packages_digest ON packages(digest);
CREATE INDEX findings_digest ON findings(digest);
CREATE INDEX finding_names_name ON finding_names(name, finding_id);
CREATE INDEX finding_names_finding ON finding_names(finding_id);
)sql";

constexpr std::array<Migration, 4> kMigrations = {{
    {1, "images, tags, packages, findings", kImages},
    {2, "jobs and API tokens", kJobsAndTokens},
    {3, "query indexes", kQueryIndexes},
    {4, "deployments", kDeploymentsMigration},
}};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace drydock
