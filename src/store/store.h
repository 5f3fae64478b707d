// The service's store: the nouns a drydock server keeps (images with their packages and findings, jobs, API
// tokens), behind one interface with one implementation (sql_store.h) over SQLite or PostgreSQL. Every method is
// thread-safe; several processes may share one store (SQLite: WAL and BEGIN IMMEDIATE; PostgreSQL: row locks and
// FOR UPDATE SKIP LOCKED; the job queue's claims are atomic).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "drydock/error.h"
#include "drydock/report.h"
#include "store/events.h"
#include "store/image_bases.h"
#include "store/notify_records.h"

namespace drydock {

// One page of a listing and where the next one starts ("" = no more). Cursors are opaque to clients.
template <class T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;
};

inline constexpr std::size_t kMaxPageSize = 1000;

// What a scan of one image gives the store. The report is kept whole (its JSON, the CLI's schema) and its
// packages and findings are indexed for the incident-response queries.
struct ImageRecord {
  std::string digest;      // manifest digest: the image's identity
  std::string repository;  // "127.0.0.1:5000/team/app"
  std::string tag;         // "1.4"; "" when the image was named by digest only
  std::string platform;    // "linux/amd64"
  const ScanReport* report = nullptr;
  std::string report_json;
  std::int64_t scanned_unix = 0;
  std::string db_built_at;  // the DB generation the findings came from
  // Appended to the events outbox in the same transaction as the report (the scan's image.scanned): stored
  // and announced together, or neither.
  std::vector<NewEvent> events;
  std::int64_t events_ms = 0;  // their created_ms
};

struct ImageSummary {
  std::string digest;
  std::string repository;
  std::vector<std::string> tags;  // "repository:tag", sorted
  std::string platform;
  std::string os;  // "debian 12"
  std::int64_t scanned_unix = 0;
  std::int64_t packages = 0;
  std::int64_t findings = 0;
};

// An image holding a finding (GET /vulnerabilities/{id}/affected).
struct AffectedImage {
  std::string digest;
  std::string repository;
  std::vector<std::string> tags;
  std::string vulnerability;  // the id the finding has (the query may have named an alias)
  std::string package;
  std::string installed_version;
  std::string fixed_version;
  std::string severity;
  std::string layer_diff_id;
  std::string created_by;  // the Dockerfile step that made the layer, when the image history says
  std::string path;
};

// An image holding a package (GET /packages?purl=).
struct PackageHolder {
  std::string digest;
  std::string repository;
  std::vector<std::string> tags;
  std::string ecosystem;
  std::string name;
  std::string version;
  std::string purl;
  std::string layer_diff_id;
  std::string path;
};

enum class JobState { kQueued, kRunning, kDone, kFailed };
std::string_view JobStateName(JobState state);  // "queued", "running", "done", "failed"

struct NewJob {
  std::string kind;        // "scan"
  std::string payload;     // JSON the worker reads
  std::string dedupe_key;  // a second job with this key while one is queued or running is not created
  int priority = 0;        // higher first: API requests 100, scheduled work 0
  int max_attempts = 3;
};

struct Job {
  std::int64_t id = 0;
  std::string kind, payload, dedupe_key;
  JobState state = JobState::kQueued;
  int priority = 0;
  int attempts = 0;  // claims so far
  int max_attempts = 3;
  std::string lease_owner;
  std::int64_t lease_token = 0;  // fencing token: changes on every claim
  std::string error;             // the last failure
  std::string result;            // what a done job produced (an image digest)
  std::int64_t created_unix_ms = 0, started_unix_ms = 0, finished_unix_ms = 0;
};

// Where an image digest runs: one workload (or bare pod) of one cluster, as admitted by the webhook or seen in a
// pod listing. `running` goes false when a later listing of the same cluster no longer shows it.
struct Deployment {
  std::string digest;
  std::string cluster = "default";
  std::string namespace_name;
  std::string kind;   // "Deployment", "StatefulSet", "Pod", ...
  std::string name;
  std::string image;  // the reference as the workload wrote it
  std::string source;  // "admission" or "pods"
  std::int64_t first_seen_ms = 0, last_seen_ms = 0;
  bool running = true;
};

struct Enqueued {
  std::int64_t id = 0;
  bool created = false;  // false: an equal job (same dedupe key) was already queued or running
};

struct JobCounts {
  std::int64_t queued = 0, running = 0, done = 0, failed = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Images. PutImage replaces what is stored for the digest (packages, findings, report) and adds the tag;
  // except that the report of a container image (artifact type container_image) is replaced only by another:
  // any other kind (an SBOM naming the image's digest) is kConflict, and nothing is written.
  virtual Status PutImage(const ImageRecord& image) = 0;
  virtual Result<std::optional<std::string>> ImageReport(const std::string& digest) = 0;  // the report JSON
  virtual Result<Page<ImageSummary>> ListImages(const std::string& cursor, std::size_t limit) = 0;
  virtual Result<bool> DeleteImage(const std::string& digest) = 0;  // false when there was none
  virtual Result<std::int64_t> CountImages() = 0;

  // Incident response. `vulnerability` matches a finding's id or any of its aliases, in any case ("cve-...").
  virtual Result<Page<AffectedImage>> Affected(const std::string& vulnerability, const std::string& cursor,
                                               std::size_t limit) = 0;
  // Packages whose purl's key is `purl_base` (PurlBase of the purl asked for), for which `keep` is true.
  // Rows are read in chunks, and a page reads a bounded number of them: when `keep` rejects most rows, a page
  // may hold fewer than `limit` items (even none) and still have a next_cursor. Follow it until it is empty.
  virtual Result<Page<PackageHolder>> PackagesByPurl(const std::string& purl_base,
                                                     const std::function<bool(const PackageHolder&)>& keep,
                                                     const std::string& cursor, std::size_t limit) = 0;
  // Findings per severity over every stored image.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> FindingsBySeverity() = 0;
  // One image's findings per severity (the dashboard's image list); empty for an unknown digest.
  virtual Result<std::vector<std::pair<std::string, std::int64_t>>> ImageFindingsBySeverity(
      const std::string& digest) = 0;

  // The job queue. Times are passed in, so tests and the reaper agree on "now".
  virtual Result<Enqueued> Enqueue(const NewJob& job, std::int64_t now_ms) = 0;
  virtual Result<std::optional<Job>> GetJob(std::int64_t id) = 0;
  // Takes the best queued job (priority, then age) whose retry time has come, and leases it to `owner` until
  // now + lease; nullopt when there is none. Atomic across processes.
  virtual Result<std::optional<Job>> Claim(const std::string& owner, std::int64_t now_ms, std::int64_t lease_ms) = 0;
  // Extends the lease; false when the job is no longer this lease's (reaped and claimed again, or finished).
  virtual Result<bool> Heartbeat(std::int64_t id, std::int64_t token, std::int64_t now_ms, std::int64_t lease_ms) = 0;
  // Fenced by the lease token: false (and nothing written) when the lease is no longer this one.
  virtual Result<bool> Complete(std::int64_t id, std::int64_t token, const std::string& result, std::int64_t now_ms) = 0;
  // Fenced likewise. With `retry_at_ms` and attempts left the job is queued again, not before then; else
  // (no retry: a permanent error such as a malformed reference) it fails, keeping `error`.
  virtual Result<bool> FailJob(std::int64_t id, std::int64_t token, const std::string& error, std::int64_t now_ms,
                               std::optional<std::int64_t> retry_at_ms) = 0;
  // Fenced likewise: hands a job back unfinished (its worker is shutting down), without counting the attempt.
  virtual Result<bool> ReleaseJob(std::int64_t id, std::int64_t token) = 0;
  // Re-queues running jobs whose lease expired before `now_ms` (their worker died); returns how many. A job
  // that has used all its attempts fails instead, with the reason.
  virtual Result<int> ReapExpired(std::int64_t now_ms) = 0;
  virtual Result<JobCounts> CountJobs() = 0;

  // The events outbox (store/events.h). AppendEvents writes events alone, in one transaction (a tag that
  // moved); UpdateFindings replaces an image's findings and report and appends `events` in one transaction, so
  // both or neither are kept (false, nothing written: the image is no longer stored, or no longer holds
  // update.expected_report_json). AppendEvents returns the last id given.
  virtual Result<std::int64_t> AppendEvents(std::span<const NewEvent> events, std::int64_t now_ms) = 0;
  virtual Result<bool> UpdateFindings(const FindingsUpdate& update, std::span<const NewEvent> events,
                                      std::int64_t now_ms) = 0;
  // Events with id > `after` that match `filter`, oldest first, at most `limit` (capped at kMaxEventsPage).
  // The next page starts after the last id returned; an empty result means none yet.
  virtual Result<std::vector<Event>> EventsAfter(std::int64_t after, std::size_t limit, const EventFilter& filter) = 0;
  virtual Result<std::int64_t> LastEventId() = 0;  // 0 when there are none

  // DB generations. RecordGeneration keeps the first sighting of a digest and returns the stored record
  // (`created` tells whether this call made it); the others read or complete it.
  virtual Result<std::pair<DbGenerationRecord, bool>> RecordGeneration(const std::string& digest,
                                                                       const std::string& built_at,
                                                                       std::int64_t now_ms) = 0;
  virtual Status MarkGenerationProcessed(const std::string& digest, const std::string& finding_counts,
                                         std::int64_t now_ms) = 0;
  virtual Result<std::vector<DbGenerationRecord>> Generations() = 0;  // oldest first

  // The re-match index (src/monitor). PutImage drops an image's keys, so a re-scanned image is indexed again.
  // SetMatchKeys replaces the digest's keys and marks it indexed (false: no such image).
  virtual Result<bool> SetMatchKeys(const std::string& digest, std::span<const MatchKey> keys) = 0;
  virtual Result<std::vector<std::string>> UnindexedImages(std::size_t limit) = 0;
  // Digests of the images holding any of `keys`, sorted, each once.
  virtual Result<std::vector<std::string>> ImagesWithKeys(std::span<const MatchKey> keys) = 0;
  virtual Result<std::vector<std::string>> ImageDigests() = 0;  // every stored image, sorted
  virtual Result<std::optional<StoredImage>> GetImage(const std::string& digest) = 0;
  // Deployments (sqlite_deployments.cc). RecordDeployments upserts each row as running, seen at `now_ms` (the
  // first sighting keeps its first_seen_ms). ReplaceRunning does the same for a whole snapshot of `cluster` and
  // marks every other row of that cluster not running, in one transaction.
  virtual Status RecordDeployments(const std::vector<Deployment>& deployments, std::int64_t now_ms) = 0;
  virtual Status ReplaceRunning(const std::string& cluster, const std::vector<Deployment>& deployments,
                                std::int64_t now_ms) = 0;
  virtual Result<std::vector<Deployment>> DeploymentsOf(const std::string& digest) = 0;
  // Which of `digests` have a running deployment.
  virtual Result<std::vector<std::string>> RunningDigests(const std::vector<std::string>& digests) = 0;

  // Base images (store/sql_image_bases.cc). SetImageBase records what a scan identified (nullopt: no base, the
  // row goes); a different base than before drops the old advice. ImageBases lists every stored image's row,
  // ImageBasesOf those of `digests` (in no order). RecordBaseAdvice writes the refresh's advice (false: the image
  // is gone or was re-scanned onto another base meanwhile) and, when `outdated_event` is given and no event was
  // written yet for this image and record.current_digest, appends it in the same transaction; `announced` says
  // whether it did.
  virtual Status SetImageBase(const std::string& digest, const std::optional<ImageBase>& base) = 0;
  virtual Result<std::vector<ImageBase>> ImageBases() = 0;
  virtual Result<std::vector<ImageBase>> ImageBasesOf(const std::vector<std::string>& digests) = 0;
  virtual Result<bool> RecordBaseAdvice(const BaseAdviceRecord& record, const NewEvent* outdated_event,
                                        std::int64_t now_ms, bool* announced) = 0;

  // API tokens, kept only as hashes (hex SHA-256 of the token).
  virtual Status AddToken(const std::string& name, const std::string& hash, const std::string& scopes) = 0;
  virtual Result<std::optional<std::string>> TokenScopes(const std::string& hash) = 0;  // "read,scan"
  virtual Result<bool> RevokeToken(const std::string& hash) = 0;  // false when there was none

  // Webhook endpoints (store/sqlite_webhooks.cc). Deleting one deletes its deliveries.
  virtual Result<std::int64_t> AddWebhook(const Webhook& webhook, std::int64_t now_ms) = 0;
  virtual Result<std::vector<Webhook>> ListWebhooks() = 0;
  virtual Result<std::optional<Webhook>> GetWebhook(std::int64_t id) = 0;
  virtual Result<bool> DeleteWebhook(std::int64_t id) = 0;
  virtual Result<bool> EnableWebhook(std::int64_t id) = 0;  // after a 410 disabled it

  // Deliveries (store/sqlite_deliveries.cc). The fan-out cursor is how far the events outbox has been turned
  // into deliveries; AddDeliveries writes them and moves the cursor from `expected_cursor` in one transaction,
  // and writes nothing (false) when another process moved it first.
  virtual Result<std::int64_t> NotifyCursor() = 0;
  virtual Result<bool> AddDeliveries(const std::vector<NewDelivery>& deliveries, std::int64_t expected_cursor,
                                     std::int64_t new_cursor, std::int64_t now_ms) = 0;
  // Per enabled endpoint, its oldest pending delivery when that one is due (in order: a later one waits for
  // it), leased for `lease_ms` so another process does not send it too.
  virtual Result<std::vector<Delivery>> ClaimDeliveries(std::int64_t now_ms, std::int64_t lease_ms) = 0;
  // Records one attempt in the delivery log and the delivery's new state; disables the endpoint on 410.
  virtual Status FinishAttempt(std::int64_t delivery_id, const AttemptOutcome& outcome, std::int64_t now_ms) = 0;
  // Newest first; the cursor is the last id of the previous page.
  virtual Result<Page<Delivery>> ListDeliveries(std::int64_t webhook_id, const std::string& cursor,
                                                std::size_t limit) = 0;
  virtual Result<std::optional<Delivery>> GetDelivery(std::int64_t webhook_id, std::int64_t delivery_id) = 0;
  virtual Result<std::vector<DeliveryAttempt>> DeliveryAttempts(std::int64_t delivery_id) = 0;
  // Pending again, due now, same message id and body; false when there is no such delivery.
  virtual Result<bool> Redeliver(std::int64_t webhook_id, std::int64_t delivery_id, std::int64_t now_ms) = 0;

  // Registry watches (store/sqlite_watches.cc).
  virtual Result<std::int64_t> AddWatch(const Watch& watch, std::int64_t now_ms) = 0;
  virtual Result<std::vector<Watch>> ListWatches() = 0;
  virtual Result<bool> DeleteWatch(std::int64_t id) = 0;
  // Watches whose poll is due, each moved to its next poll time (so one process polls it).
  virtual Result<std::vector<Watch>> ClaimDueWatches(std::int64_t now_ms) = 0;
  virtual Status RecordWatchPoll(std::int64_t id, const std::string& error, std::int64_t now_ms) = 0;
  // Records `digest` behind repository:tag and says what it was before. When the digest moved, a tag.mutated
  // event ({repository, tag, old_digest, new_digest, old_seen_ms, detected_ms, source}) is appended in the same
  // transaction, so a crash cannot keep the new digest and lose the alert.
  virtual Result<TagChange> ObserveTag(const std::string& repository, const std::string& tag,
                                       const std::string& digest, const std::string& source, std::int64_t now_ms) = 0;
  // Registry notification ids: whether one was taken already, and taking one (true the first time); ids older
  // than `forget_before_ms` are dropped then. Checked before and taken after the push is handled, so a push
  // whose handling failed is handled again when the registry re-sends it.
  virtual Result<bool> HookEventSeen(const std::string& event_id) = 0;
  virtual Result<bool> FirstSeenHookEvent(const std::string& event_id, std::int64_t now_ms,
                                          std::int64_t forget_before_ms) = 0;
};

// "sqlite:PATH" (PATH is created with its directory) or a PostgreSQL connection URI, "postgres://USER[:PW]@HOST
// [:PORT]/DB[?...]" or "postgresql://..." (the database must exist); migrations are applied. Errors: an unknown
// scheme (kInvalidInput), a file that cannot be opened or is not a drydock store, a server that cannot be
// reached (kUnavailable).
Result<std::unique_ptr<Store>> OpenStore(const std::string& url);

// The store URL fit for logs and messages: a PostgreSQL URL's password is replaced by "***".
std::string RedactedStoreUrl(const std::string& url);

// The key packages are stored and found by (PackagesByPurl's `purl_base`): the purl's type, namespace and name
// folded as its ecosystem folds names (catalog's PurlKeyOf: "pkg:pypi/PyYAML@6.0" -> "pkg:pypi/pyyaml"), without
// version, qualifiers and subpath. A scope's '@' may be written plain ("pkg:npm/@babel/core"), as users type it
// and as URL decoding leaves "%40". kInvalidInput when the text is not a purl.
Result<std::string> PurlBase(std::string_view purl);

}  // namespace drydock
