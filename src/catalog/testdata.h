// Test helper: reads a file from the shared third-party test data (never copied into the repo).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "common/file.h"

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

}  // namespace drydock
