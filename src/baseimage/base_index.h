// The base-image index: a small SQLite file mapping the chain ID of each known base image (all of its layers)
// to where it was seen: repository, tag, manifest digest, platform. Rows are never dropped when a tag moves:
// the old digest stays, marked not current, so an image built on last month's base is still recognised.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "drydock/error.h"

namespace drydock {
class SqliteDb;
}

namespace drydock::baseimage {

struct IndexEntry {
  std::string chain_id;    // of the base's whole layer stack
  std::string repository;  // "host/repo"
  std::string tag;
  std::string digest;      // manifest digest
  std::string platform;    // "linux/amd64"
  std::string created;     // the config's "created"
  std::size_t layers = 0;
  std::uint64_t size_bytes = 0;  // the manifest's layer sizes added up (what a pull downloads); 0 = unknown
  bool current = true;     // false once the tag pointed elsewhere at a later add/update
};

// Where an index's entries came from, so `update` can read them again.
struct IndexSource {
  std::string repository;  // "host/repo" or "oci:DIR"
  std::string tags_regex;
};

class BaseIndex {
 public:
  // Opens (creating) the index file.
  static Result<std::unique_ptr<BaseIndex>> Open(const std::string& path);
  ~BaseIndex();

  // Records what `tag` points to now: its entries (one per platform) become current, every other digest this
  // tag had before stays as history.
  Status RecordTag(const std::string& repository, const std::string& tag, const std::vector<IndexEntry>& entries);
  Status RecordSource(const IndexSource& source);
  Result<std::vector<IndexSource>> Sources() const;
  // Every entry whose chain ID is `chain_id`, current ones first, then newest first.
  Result<std::vector<IndexEntry>> Find(const std::string& chain_id) const;
  // The entries recorded with manifest `digest`.
  Result<std::vector<IndexEntry>> FindDigest(const std::string& digest) const;
  // What every tag of `repository` points to now (current entries only), by tag.
  Result<std::vector<IndexEntry>> CurrentTags(const std::string& repository) const;
  // Every digest `tag` of `repository` ever had, current first, then newest first.
  Result<std::vector<IndexEntry>> TagHistory(const std::string& repository, const std::string& tag) const;
  Result<std::size_t> Size() const;

 private:
  explicit BaseIndex(std::unique_ptr<SqliteDb> db);
  Result<std::vector<IndexEntry>> Query(const char* sql, const std::string& key,
                                        const std::string& key2 = "") const;
  std::unique_ptr<SqliteDb> db_;
};

}  // namespace drydock::baseimage
