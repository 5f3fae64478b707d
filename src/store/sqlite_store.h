// The SQLite store: one connection per process, used under a mutex (a transaction spans several calls);
// processes sharing the file coordinate through SQLite's locks (WAL; writes take BEGIN IMMEDIATE).
#pragma once

#include <memory>
#include <mutex>

#include "store/sqlite_db.h"
#include "store/store.h"

namespace drydock {

class SqliteStore final : public Store {
 public:
  // Opens `path` and applies the migrations it lacks, under the write lock, so several processes starting at
  // once migrate once.
  static Result<std::unique_ptr<SqliteStore>> Open(const std::string& path);

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

  Status RecordDeployments(const std::vector<Deployment>& deployments, std::int64_t now_ms) override;
  Status ReplaceRunning(const std::string& cluster, const std::vector<Deployment>& deployments,
                        std::int64_t now_ms) override;
  Result<std::vector<Deployment>> DeploymentsOf(const std::string& digest) override;
  Result<std::vector<std::string>> RunningDigests(const std::vector<std::string>& digests) override;

  Status AddToken(const std::string& name, const std::string& hash, const std::string& scopes) override;
  Result<std::optional<std::string>> TokenScopes(const std::string& hash) override;

 private:
  explicit SqliteStore(std::unique_ptr<SqliteDb> db) : db_(std::move(db)) {}
  Status Migrate();
  Result<std::vector<std::string>> TagsOf(const std::string& digest);  // requires mutex_
  Status UpsertDeployments(const std::vector<Deployment>& deployments, std::int64_t now_ms);  // requires mutex_

  std::mutex mutex_;
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace drydock
