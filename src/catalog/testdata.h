// Test helper: reads a file from the shared third-party test data (never copied into the repo).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/file.h"
#include "drydock/package_table.h"

namespace drydock {

inline constexpr std::size_t kMaxTestFileBytes = 64 << 20;

// The bytes of DRYDOCK_TESTDATA/`relative`; fails the current test (and returns "") when unreadable.
inline std::string TestData(std::string_view relative) {
  const std::string path = std::string(DRYDOCK_TESTDATA) + "/" + std::string(relative);
  auto bytes = ReadFileBounded(path, kMaxTestFileBytes);
  if (!bytes) {
    ADD_FAILURE() << path << ": " << bytes.error().message;
    return "";
  }
  return *bytes;
}

using NameVersion = std::pair<std::string, std::string>;

inline std::vector<NameVersion> NameVersions(const PackageTable& packages) {
  std::vector<NameVersion> rows;
  for (const Package& p : packages) rows.emplace_back(p.name, p.version);
  return rows;
}

// Messages joined for a failure message: "[a] [b] ".
inline std::string Joined(const std::vector<std::string>& messages) {
  std::string all;
  for (const std::string& m : messages) all += "[" + m + "] ";
  return all;
}

}  // namespace drydock
