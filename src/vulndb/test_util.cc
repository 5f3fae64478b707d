#include "vulndb/test_util.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace drydock::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "drydock-vulndb-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) { ADD_FAILURE() << "mkdtemp failed"; }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string TempDir::Write(const std::string& name, std::string_view bytes) const {
  const fs::path full = fs::path(path_) / name;
  fs::create_directories(full.parent_path());
  std::ofstream(full, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return full.string();
}

std::string TestData(const std::string& relative) { return std::string(DRYDOCK_TESTDATA) + "/" + relative; }

void WriteZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& entries) {
  archive* zip = archive_write_new();
  archive_write_set_format_zip(zip);
  ASSERT_EQ(archive_write_open_filename(zip, path.c_str()), ARCHIVE_OK);
  for (const auto& [name, bytes] : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, name.c_str());
    archive_entry_set_filetype(entry, AE_IFREG);
    archive_entry_set_perm(entry, 0644);
    archive_entry_set_size(entry, static_cast<la_int64_t>(bytes.size()));
    archive_write_header(zip, entry);
    archive_write_data(zip, bytes.data(), bytes.size());
    archive_entry_free(entry);
  }
  archive_write_close(zip);
  archive_write_free(zip);
}

std::unique_ptr<const Advisory> FindAdvisory(const FeedData& feed, std::string_view id) {
  for (const Advisory& advisory : feed.advisories) {
    if (advisory.id == id) return std::make_unique<const Advisory>(advisory);
  }
  for (std::size_t row = 0; row < feed.compact.size(); ++row) {
    if (feed.compact.Text(feed.compact.rows()[row].id) == id) return std::make_unique<const Advisory>(feed.compact[row]);
  }
  return nullptr;
}

Result<std::unique_ptr<VulnDb>> BuildAndOpen(const FeedData& feed, const TempDir& dir) {
  const std::string db_path = dir.path() + "/drydock.db";
  if (auto built = BuildDb(std::span<const FeedData>(&feed, 1), db_path); !built) return std::unexpected(built.error());
  return VulnDb::Open(db_path);
}

}  // namespace drydock::testing
