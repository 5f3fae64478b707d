// Shared helpers for the vulndb tests: temp files and the real feeds in DRYDOCK_TESTDATA.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "vulndb/vulndb.h"

namespace drydock::testing {

// A fresh directory under the system temp dir, removed (recursively) on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `bytes` to path()/name (creating parent directories) and returns the full path.
  std::string Write(const std::string& name, std::string_view bytes) const;

 private:
  std::string path_;
};

// DRYDOCK_TESTDATA/relative
std::string TestData(const std::string& relative);

// Writes a zip (stored entries) of (name, bytes) pairs with libarchive; names are written as given.
void WriteZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries);

// Compiles `feed` into dir/drydock.db and opens it: the path a scan's look-ups take.
Result<std::unique_ptr<VulnDb>> BuildAndOpen(const FeedData& feed, const TempDir& dir);

// A copy of the advisory with `id` in `feed` (full-form or compact), or nullptr.
std::unique_ptr<const Advisory> FindAdvisory(const FeedData& feed, std::string_view id);

}  // namespace drydock::testing
