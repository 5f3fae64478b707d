// The store over the SQL connection interface (sql_db.h): one implementation for SQLite and PostgreSQL. Each
// call takes a connection from a small pool for its duration (a transaction spans several statements); SQLite
// gets one connection per process (its writers serialize anyway), PostgreSQL several. Processes sharing a store
// coordinate through the engine's locks: SQLite's BEGIN IMMEDIATE, PostgreSQL's row locks and a claim's
// FOR UPDATE SKIP LOCKED.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "store/report_cache.h"
#include "store/sql_db.h"
#include "store/store.h"

namespace drydock {

// The purl_base a package row is stored with: PurlBase, or for text that is not a purl (kept, never refused:
// a scan reports what it found) the text without version, qualifiers and subpath.
std::string StoredPurlBase(std::string_view purl);

class SqlStore final : public Store {
 public:
  using Connector = std::function<Result<std::unique_ptr<SqlDb>>()>;
  // Opens `connections` connections with `connect` and applies the migrations the store lacks, under a lock
  // (SQLite: the write lock; PostgreSQL: an advisory lock), so several processes starting at once migrate once.
  static Result<std::unique_ptr<SqlStore>> Open(const Connector& connect, std::size_t connections);

  Status PutImage(const ImageRecord& image) override;
  Result<std::optional<std::string>> ImageReport(const std::string& digest) override;
  Result<Page<ImageSummary>> ListImages(const std::string& cursor, std::size_t limit) override;
  Result<bool> DeleteImage(const std::string& digest) override;
  Result<std::int64_t> CountImages() override;
  Result<Page<AffectedImage>> Affected(const std::string& vulnerability, const std::string& cursor,
                                       std::size_t limit) override;
  Result<Page<PackageHolder>> PackagesByPurl(const std::string& purl_base,
                                             const std::function<bool(const PackageHolder&)>& keep,
                                             const std::string& cursor, std::size_t limit) override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> FindingsBySeverity() override;
  Result<std::vector<std::pair<std::string, std::int64_t>>> ImageFindingsBySeverity(
      const std::string& digest) override;

  Result<Enqueued> Enqueue(const NewJob& job, std::int64_t now_ms) override;
  Result<std::optional<Job>> GetJob(std::int64_t id) override;
  Result<std::optional<Job>> Claim(const std::string& owner, std::int64_t now_ms, std::int64_t lease_ms) override;
  Result<bool> Heartbeat(std::int64_t id, std::int64_t token, std::int64_t now_ms, std::int64_t lease_ms) override;
  Result<bool> Complete(std::int64_t id, std::int64_t token, const std::string& result, std::int64_t now_ms) override;
  Result<bool> FailJob(std::int64_t id, std::int64_t token, const std::string& error, std::int64_t now_ms,
                       std::optional<std::int64_t> retry_at_ms) override;
  Result<bool> ReleaseJob(std::int64_t id, std::int64_t token) override;
  Result<int> ReapExpired(std::int64_t now_ms) override;
  Result<JobCounts> CountJobs() override;

  Result<std::int64_t> AppendEvents(std::span<const NewEvent> events, std::int64_t now_ms) override;
  Result<bool> UpdateFindings(const FindingsUpdate& update, std::span<const NewEvent> events,
                              std::int64_t now_ms) override;
  Result<std::vector<Event>> EventsAfter(std::int64_t after, std::size_t limit, const EventFilter& filter) override;
  Result<std::int64_t> LastEventId() override;
  Result<std::pair<DbGenerationRecord, bool>> RecordGeneration(const std::string& digest, const std::string& built_at,
                                                               std::int64_t now_ms) override;
  Status MarkGenerationProcessed(const std::string& digest, const std::string& finding_counts,
                                 std::int64_t now_ms) override;
  Result<std::vector<DbGenerationRecord>> Generations() override;

  Result<bool> SetMatchKeys(const std::string& digest, std::span<const MatchKey> keys) override;
  Result<std::vector<std::string>> UnindexedImages(std::size_t limit) override;
  Result<std::vector<std::string>> ImagesWithKeys(std::span<const MatchKey> keys) override;
  Result<std::vector<std::string>> ImageDigests() override;
  Result<std::optional<StoredImage>> GetImage(const std::string& digest) override;
  Status RecordDeployments(const std::vector<Deployment>& deployments, std::int64_t now_ms) override;
  Status ReplaceRunning(const std::string& cluster, const std::vector<Deployment>& deployments,
                        std::int64_t now_ms) override;
  Result<std::vector<Deployment>> DeploymentsOf(const std::string& digest) override;
  Result<std::vector<std::string>> RunningDigests(const std::vector<std::string>& digests) override;

  Status SetImageBase(const std::string& digest, const std::optional<ImageBase>& base) override;
  Result<std::vector<ImageBase>> ImageBases() override;
  Result<std::vector<ImageBase>> ImageBasesOf(const std::vector<std::string>& digests) override;
  Result<bool> RecordBaseAdvice(const BaseAdviceRecord& record, const NewEvent* outdated_event, std::int64_t now_ms,
                                bool* announced) override;

  Status AddToken(const std::string& name, const std::string& hash, const std::string& scopes) override;
  Result<std::optional<std::string>> TokenScopes(const std::string& hash) override;
  Result<bool> RevokeToken(const std::string& hash) override;

  Result<std::int64_t> AddWebhook(const Webhook& webhook, std::int64_t now_ms) override;
  Result<std::vector<Webhook>> ListWebhooks() override;
  Result<std::optional<Webhook>> GetWebhook(std::int64_t id) override;
  Result<bool> DeleteWebhook(std::int64_t id) override;
  Result<bool> EnableWebhook(std::int64_t id) override;

  Result<std::int64_t> NotifyCursor() override;
  Result<bool> AddDeliveries(const std::vector<NewDelivery>& deliveries, std::int64_t expected_cursor,
                             std::int64_t new_cursor, std::int64_t now_ms) override;
  Result<std::vector<Delivery>> ClaimDeliveries(std::int64_t now_ms, std::int64_t lease_ms) override;
  Status FinishAttempt(std::int64_t delivery_id, const AttemptOutcome& outcome, std::int64_t now_ms) override;
  Result<Page<Delivery>> ListDeliveries(std::int64_t webhook_id, const std::string& cursor,
                                        std::size_t limit) override;
  Result<std::optional<Delivery>> GetDelivery(std::int64_t webhook_id, std::int64_t delivery_id) override;
  Result<std::vector<DeliveryAttempt>> DeliveryAttempts(std::int64_t delivery_id) override;
  Result<bool> Redeliver(std::int64_t webhook_id, std::int64_t delivery_id, std::int64_t now_ms) override;

  Result<std::int64_t> AddWatch(const Watch& watch, std::int64_t now_ms) override;
  Result<std::vector<Watch>> ListWatches() override;
  Result<bool> DeleteWatch(std::int64_t id) override;
  Result<std::vector<Watch>> ClaimDueWatches(std::int64_t now_ms) override;
  Status RecordWatchPoll(std::int64_t id, const std::string& error, std::int64_t now_ms) override;
  Result<TagChange> ObserveTag(const std::string& repository, const std::string& tag, const std::string& digest,
                               const std::string& source, std::int64_t now_ms) override;
  Result<bool> HookEventSeen(const std::string& event_id) override;
  Result<bool> FirstSeenHookEvent(const std::string& event_id, std::int64_t now_ms,
                                  std::int64_t forget_before_ms) override;

 private:
  // A pooled connection, held for one store call and handed back when it goes out of scope.
  class Conn {
   public:
    Conn(SqlStore& store, std::unique_ptr<SqlDb> db) : store_(store), db_(std::move(db)) {}
    Conn(const Conn&) = delete;
    ~Conn();
    SqlDb* operator->() const { return db_.get(); }
    SqlDb& operator*() const { return *db_; }

   private:
    SqlStore& store_;
    std::unique_ptr<SqlDb> db_;
  };

  SqlStore() = default;
  Conn Acquire();  // waits for a free connection
  Status Migrate();
  // "repository:tag" of each digest, sorted.
  static Result<std::map<std::string, std::vector<std::string>>> TagsOf(SqlDb& db,
                                                                        const std::vector<std::string>& digests);
  // Insert report.vulnerabilities as the digest's finding rows (and their names), and events; inside the
  // caller's transaction.
  static Status InsertFindings(SqlDb& db, const std::string& digest, const ScanReport& report);
  static Status InsertFindings(SqlDb& db, const std::string& digest, const ScanReport& report,
                               std::span<const Finding> findings);  // these of report's findings only
  // Makes the digest's finding rows those of `report`: rows equal in every column and name are kept, the others
  // deleted or inserted (a re-match changes a few findings of many; rewriting all of them rewrote every index).
  static Status ReplaceFindings(SqlDb& db, const std::string& digest, const ScanReport& report);
  static Status InsertEvents(SqlDb& db, std::span<const NewEvent> events, std::int64_t now_ms);
  Result<bool> UpdateGeneration(const FindingsUpdate& update);  // UpdateFindings with report_unchanged

  ReportCache reports_;  // PostgreSQL only: see ImageReport
  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<SqlDb>> idle_;  // guarded by mutex_
};

}  // namespace drydock
