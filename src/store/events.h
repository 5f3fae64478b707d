// The events outbox and the DB generations a server has seen: the store's side of continuous monitoring.
//
// An event records one change about a stored image (a finding that appeared, went away or changed when the DB
// changed, a verdict that flipped, a tag that moved). Events are rows written in the same transaction as the
// change they describe (Store::UpdateFindings), so a crash never keeps the change without its event or the
// event without its change. Readers (webhook delivery, GET /api/v1/events) page through them by id, which is
// the cursor: ids only grow, and an id is visible only once every smaller id is (appends are serialized:
// SQLite by its write lock; a PostgreSQL store must take a lock on the table when appending, since sequence
// values can otherwise commit out of order and a reader would skip one).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/report.h"

namespace drydock {

// Event types. Payloads are JSON objects; each type's fields are listed where it is made (src/monitor/).
inline constexpr std::string_view kEventFindingNew = "finding.new";
inline constexpr std::string_view kEventFindingResolved = "finding.resolved";
inline constexpr std::string_view kEventFindingChanged = "finding.changed";
inline constexpr std::string_view kEventPolicyChanged = "policy.changed";
inline constexpr std::string_view kEventTagMutated = "tag.mutated";
// An image's base tag names a newer digest than the image was built on (src/server/base_refresh.cc).
inline constexpr std::string_view kEventBaseOutdated = "base.outdated";

struct NewEvent {
  std::string type;        // one of the kEvent* names (others are stored as given)
  std::string digest;      // the image's manifest digest; "" when the event is about no one image
  std::string repository;  // "127.0.0.1:5000/team/app"; "" when none
  std::string generation;  // content digest of the DB generation that caused it; "" when not a DB change
  std::string severity;    // the worst severity the event concerns ("CRITICAL".."UNKNOWN"); "" when none
  std::string payload;     // a JSON object, stored and returned byte for byte
};

struct Event {
  std::int64_t id = 0;  // the cursor
  std::string type, digest, repository, generation, severity, payload;
  std::int64_t created_ms = 0;
};

// What EventsAfter returns; an empty field matches everything.
struct EventFilter {
  std::vector<std::string> types;  // any of these
  std::string repository;
  std::string digest;
};

inline constexpr std::size_t kMaxEventsPage = 1000;

// One vulnerability DB a server opened. `id` numbers generations in the order the store first saw them.
struct DbGenerationRecord {
  std::int64_t id = 0;
  std::string digest;      // "sha256:<hex>" of the DB file's bytes: its identity
  std::string built_at;    // RFC 3339, from the DB header
  std::int64_t first_seen_ms = 0;
  // Set once the server has re-matched the stored images against it (0 until then: a restart re-does it).
  std::int64_t processed_ms = 0;
  // Findings per severity over every stored image once processed, as a JSON object {"HIGH": 3, ...}; "{}" before.
  std::string finding_counts = "{}";
};

// An image's findings re-judged against a new DB generation. Packages, tags and the layers stay as stored.
struct FindingsUpdate {
  std::string digest;
  const ScanReport* report = nullptr;  // report->vulnerabilities are the new findings
  std::string report_json;             // the whole report again, with those findings
  std::string db_built_at;
  // When set, the update applies only if the stored report is still exactly this (the one the re-match read):
  // two servers re-matching one store, or a re-scan landing meanwhile, never write a diff twice or over newer
  // data.
  std::optional<std::string> expected_report_json;
  // The re-match gave the stored report back byte for byte (only the generation moved): just db_built_at is
  // written, not the report (~100 KB at 300 packages) and its findings again. `report` may then be null.
  bool report_unchanged = false;
};

// One DB look-up key of an image's packages: what the matcher asks the DB for ("Debian:12", source "openssl").
struct MatchKey {
  std::string ecosystem;
  std::string name;
  auto operator<=>(const MatchKey&) const = default;
};

// A stored image as the re-match reads it.
struct StoredImage {
  std::string digest;
  std::string repository;
  std::string report_json;
  std::string db_built_at;
};

}  // namespace drydock
