#include "vulndb/cve_files.h"

#include <algorithm>
#include <filesystem>
#include <vector>

#include "common/file.h"

namespace drydock {

namespace fs = std::filesystem;

Status ForEachJsonFile(const std::string& dir_or_file, std::size_t max_file_bytes, std::size_t max_files,
                       const std::function<void(const std::string& path, std::string_view bytes)>& each,
                       const std::function<void(const std::string& path, const std::string& why)>& skip) {
  std::error_code ec;
  const fs::file_status status = fs::status(dir_or_file, ec);
  if (ec || !fs::exists(status)) return Fail("{}: no such file or directory", dir_or_file);
  if (!fs::is_directory(status)) {
    auto bytes = ReadFileBounded(dir_or_file, max_file_bytes);
    if (!bytes) return std::unexpected(bytes.error());
    each(dir_or_file, *bytes);
    return {};
  }
  std::vector<fs::path> paths;
  for (fs::recursive_directory_iterator it(dir_or_file, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && it->path().extension() == ".json") paths.push_back(it->path());
    if (paths.size() > max_files) return Fail("{}: more than {} files", dir_or_file, max_files);
  }
  if (ec) return Fail("{}: {}", dir_or_file, ec.message());
  if (paths.empty()) return Fail("{}: no *.json files found", dir_or_file);
  std::sort(paths.begin(), paths.end());  // reproducible warnings and merge order
  for (const fs::path& path : paths) {
    auto bytes = ReadFileBounded(path.string(), max_file_bytes);
    if (!bytes) skip(path.string(), bytes.error().message);
    else each(path.string(), *bytes);
  }
  return {};
}

}  // namespace drydock
