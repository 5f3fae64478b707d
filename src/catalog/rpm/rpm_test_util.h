// Test helpers for the rpm cataloger: synthetic header blobs, and the native rpm tool as an oracle.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "catalog/rpm/rpm.h"

namespace drydock::rpm_test {

inline void PutBe32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

// Builds a header blob from (tag, type, payload) entries; payloads are laid out back to back, INT32
// payloads 4-aligned, as rpm does.
struct HeaderEntry {
  std::uint32_t tag;
  std::uint32_t type;
  std::string payload;
  std::uint32_t count = 1;
};

inline std::string BuildHeader(const std::vector<HeaderEntry>& entries) {
  std::string index;
  std::string data;
  for (const HeaderEntry& e : entries) {
    if (e.type == 4) {
      while (data.size() % 4 != 0) data.push_back('\0');
    }
    PutBe32(index, e.tag);
    PutBe32(index, e.type);
    PutBe32(index, static_cast<std::uint32_t>(data.size()));
    PutBe32(index, e.count);
    data += e.payload;
  }
  std::string blob;
  PutBe32(blob, static_cast<std::uint32_t>(entries.size()));
  PutBe32(blob, static_cast<std::uint32_t>(data.size()));
  return blob + index + data;
}

inline HeaderEntry Str(std::uint32_t tag, const std::string& text) { return {tag, 6, text + '\0'}; }
inline HeaderEntry Int(std::uint32_t tag, std::uint32_t value) {
  std::string payload;
  PutBe32(payload, value);
  return {tag, 4, payload};
}

// stdout of `command`; fails the test when it cannot run.
inline std::string Run(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) {
    ADD_FAILURE() << "cannot run " << command;
    return "";
  }
  std::string out;
  std::array<char, 4096> buffer;
  while (std::size_t n = fread(buffer.data(), 1, buffer.size(), pipe.get())) out.append(buffer.data(), n);
  return out;
}

inline bool HaveRpm() { return std::system("rpm --version >/dev/null 2>&1") == 0; }

// The query format the issue names; rpm prints "(none)" for an absent ARCH.
inline constexpr char kQueryFormat[] = "%{NAME} %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH}\\n";

// Lines of `rpm -qa` over the database in `dir` (rpm may create files there, so pass a scratch copy).
inline std::multiset<std::string> RpmQueryAll(const std::filesystem::path& dir,
                                              const std::string& extra = "") {
  const std::string out =
      Run("rpm -qa --dbpath '" + dir.string() + "' " + extra + " --qf '" + kQueryFormat + "' 2>/dev/null");
  std::multiset<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = out.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.insert(out.substr(start, end - start));
  }
  return lines;
}

// The same line for a header we decoded.
inline std::string QueryLine(const RpmHeader& h) {
  return h.name + " " + std::to_string(h.epoch.value_or(0)) + " " + h.version + " " + h.release + " " +
         (h.arch.empty() ? "(none)" : h.arch);
}

// A fresh scratch directory under the test's temp dir.
inline std::filesystem::path ScratchDir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / ("drydock-rpm-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace drydock::rpm_test
