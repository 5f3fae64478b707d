#include "source/archive_index.h"

#include <sys/stat.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include <fmt/core.h>

#include "common/bounded_json.h"
#include "common/json_integer.h"
#include "common/path.h"

namespace drydock {
namespace {

using nlohmann::json;

// Bump when ArchiveIndex or what indexing keeps changes.
constexpr int kArchiveIndexVersion = 1;

}  // namespace

void ForgetMemberBytes(ArchiveIndex& index, const std::vector<std::string>& paths) {
  constexpr int kMaxHops = 8;
  for (const std::string& named : paths) {
    std::string path = NormalizePath(named).value_or(named);
    for (int hop = 0; hop <= kMaxHops; ++hop) {
      index.small.erase(path);
      auto link = index.links.find(path);
      if (link == index.links.end()) break;
      path = link->second;
    }
  }
}

std::string EncodeArchiveIndex(const ArchiveIndex& index) {
  json j;
  j["v"] = kArchiveIndexVersion;
  j["compressed"] = index.compressed;
  j["members"] = index.members;
  json small = json::object();
  for (const auto& [name, bytes] : index.small) small[name] = json::binary(std::vector<std::uint8_t>(bytes.begin(), bytes.end()));
  j["small"] = std::move(small);
  j["links"] = index.links;
  j["diff_ids"] = index.diff_ids;
  std::vector<std::uint8_t> cbor = json::to_cbor(j);
  return std::string(cbor.begin(), cbor.end());
}

Result<ArchiveIndex> DecodeArchiveIndex(std::string_view bytes) {
  try {
    auto parsed = ParseBoundedCbor(bytes, "damaged archive index");
    if (!parsed) return std::unexpected(parsed.error());
    const json& j = *parsed;
    if (RequireJsonInteger<int>(j.at("v")) != kArchiveIndexVersion) return Fail("archive index of another version");
    ArchiveIndex index;
    index.compressed = j.at("compressed").get<bool>();
    for (const auto& [name, size] : j.at("members").items()) index.members.emplace(name, RequireJsonInteger<std::int64_t>(size));
    for (const auto& [name, data] : j.at("small").items()) {
      const auto& binary = data.get_binary();
      index.small.emplace(name, std::string(binary.begin(), binary.end()));
    }
    for (const auto& [name, target] : j.at("links").items()) index.links.emplace(name, target.get<std::string>());
    index.diff_ids = j.at("diff_ids").get<std::vector<std::string>>();
    return index;
  } catch (const json::exception& e) {
    return Fail("damaged archive index: {}", e.what());
  }
}

std::optional<std::string> ArchiveIdentity(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::error_code ec;
  const std::filesystem::path canonical = std::filesystem::canonical(path, ec);
  if (ec) return std::nullopt;
  auto nanos = [](const timespec& t) { return static_cast<long long>(t.tv_sec) * 1'000'000'000LL + t.tv_nsec; };
  return fmt::format("archive@{}|{}|{}:{}:{}:{}:{}", kArchiveIndexVersion, canonical.string(),
                     static_cast<unsigned long long>(st.st_dev), static_cast<unsigned long long>(st.st_ino),
                     static_cast<long long>(st.st_size), nanos(st.st_mtim), nanos(st.st_ctim));
}

}  // namespace drydock
