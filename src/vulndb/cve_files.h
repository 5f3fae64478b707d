// The file walk shared by the CVE-level feeds (NVD, CVE JSON 5): a file, or every *.json under a directory in
// sorted order, each read with a bound; a file that cannot be read is reported, not fatal.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

// Calls `each(path, bytes)` per file and `skip(path, why)` for one that cannot be read. Errors: the path does
// not exist, the directory cannot be walked or holds more than `max_files`, a single file given cannot be read,
// or no *.json file at all (an empty feed is almost always a wrong path).
Status ForEachJsonFile(const std::string& dir_or_file, std::size_t max_file_bytes, std::size_t max_files,
                       const std::function<void(const std::string& path, std::string_view bytes)>& each,
                       const std::function<void(const std::string& path, const std::string& why)>& skip);

}  // namespace drydock
