#include "store/migrations.h"

#include <array>

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

// The events outbox (store/events.h): the id is the readers' cursor, never reused (AUTOINCREMENT).
constexpr std::string_view kEventsOutbox = R"sql(
CREATE TABLE events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  type TEXT NOT NULL,
  digest TEXT NOT NULL,
  repository TEXT NOT NULL,
  generation TEXT NOT NULL,
  severity TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX events_type ON events(type, id);
CREATE INDEX events_repository ON events(repository, id);
CREATE INDEX events_digest ON events(digest, id);
CREATE TABLE db_generations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  digest TEXT NOT NULL UNIQUE,
  built_at TEXT NOT NULL,
  first_seen_ms INTEGER NOT NULL,
  processed_ms INTEGER NOT NULL DEFAULT 0,
  finding_counts TEXT NOT NULL DEFAULT '{}'
);
)sql";

// Alerts and registry watching. A delivery is one event for one endpoint; per endpoint they go out in id order,
// the oldest pending first. notify_cursor is how far the outbox has been fanned out into deliveries.
constexpr std::string_view kWebhooksAndWatches = R"sql(
CREATE TABLE webhooks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  url TEXT NOT NULL,
  secret TEXT NOT NULL,
  events TEXT NOT NULL,
  min_severity TEXT NOT NULL,
  repositories TEXT NOT NULL,
  format TEXT NOT NULL,
  per_finding INTEGER NOT NULL,
  enabled INTEGER NOT NULL DEFAULT 1,
  disabled_reason TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL
);
CREATE TABLE webhook_deliveries (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  webhook_id INTEGER NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  message_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  body TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_ms INTEGER NOT NULL DEFAULT 0,
  lease_until_ms INTEGER NOT NULL DEFAULT 0,
  last_status INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  finished_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX webhook_deliveries_head ON webhook_deliveries(webhook_id, state, id);
CREATE TABLE webhook_attempts (
  delivery_id INTEGER NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
  at_ms INTEGER NOT NULL,
  status INTEGER NOT NULL,
  error TEXT NOT NULL,
  duration_ms INTEGER NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts(delivery_id, at_ms);
CREATE TABLE notify_cursor (
  name TEXT PRIMARY KEY,
  position INTEGER NOT NULL
);
INSERT INTO notify_cursor (name, position) VALUES ('webhooks', 0);
CREATE TABLE watches (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  repository TEXT NOT NULL,
  tag_pattern TEXT NOT NULL,
  interval_ms INTEGER NOT NULL,
  next_poll_ms INTEGER NOT NULL DEFAULT 0,
  last_poll_ms INTEGER NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL
);
CREATE TABLE registry_tags (
  repository TEXT NOT NULL,
  tag TEXT NOT NULL,
  digest TEXT NOT NULL,
  seen_ms INTEGER NOT NULL,
  PRIMARY KEY (repository, tag)
);
CREATE TABLE registry_hook_events (
  event_id TEXT PRIMARY KEY,
  received_ms INTEGER NOT NULL
);
)sql";

constexpr std::array<Migration, 5> kMigrations = {{
    {1, "images, tags, packages, findings", kImages},
    {2, "jobs and API tokens", kJobsAndTokens},
    {3, "query indexes", kQueryIndexes},
    {4, "events outbox and DB generations", kEventsOutbox},
    {5, "webhooks, deliveries, registry watches", kWebhooksAndWatches},
}};

}  // namespace

std::span<const Migration> Migrations() { return kMigrations; }

}  // namespace drydock
