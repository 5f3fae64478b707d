// Alpine: secdb.alpinelinux.org lists its releases (v3.2/ ... v3.22/, edge/) in an index page, and each
// release its repositories' secdb files (main.json, community.json). Reading the listings picks up a new
// release on the day it is published. A local copy (--source-url alpine=/srv/secdb) is listed by directory.
#include "feeds/source.h"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <regex>

#include "common/file.h"
#include "update/fetch.h"

namespace drydock {
namespace {

constexpr std::size_t kMaxListingBytes = 1 << 20;

bool IsRelease(const std::string& link) {
  static const std::regex kRelease(R"((v[0-9]+\.[0-9]+|edge)/)");
  return std::regex_match(link, kRelease);
}
bool IsSecdbJson(const std::string& link) {
  return link.ends_with(".json") && link.find('/') == std::string::npos && !link.starts_with(".");
}

// Entries of a listing (as hrefs: directories end in '/'); nullopt when it could not be had (then missing).
std::optional<std::vector<std::string>> List(SourceContext& context, const std::string& id, const std::string& url,
                                             const std::string& file, const std::vector<std::string>& covers) {
  if (!IsHttpLocation(url)) {
    std::string dir = url.starts_with("file://") ? url.substr(7) : url;
    std::vector<std::string> entries;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      entries.push_back(entry.path().filename().string() + (entry.is_directory() ? "/" : ""));
    }
    if (ec) {
      AddMissing(context, id, covers, fmt::format("{}: {}", dir, ec.message()));
      return std::nullopt;
    }
    std::sort(entries.begin(), entries.end());
    return entries;
  }
  auto part = FetchPart(context, id, url, file, covers);
  if (!part) return std::nullopt;
  auto html = ReadFileBounded(part->download.path, kMaxListingBytes);
  if (!html) {
    RejectPart(context, *part, covers, html.error().message);
    return std::nullopt;
  }
  KeepPart(context, *part);
  UncountPart(context, *part);  // a listing is not data
  return ListingLinks(*html);
}

}  // namespace

void FetchAlpine(SourceContext& context) {
  auto index = List(context, "alpine/index", JoinLocation(context.base_url, ""), "index.html", {"Alpine:*"});
  if (!index) return;
  std::vector<std::string> releases;
  for (const std::string& link : *index) {
    if (!IsRelease(link)) continue;
    const std::string release = link.substr(0, link.size() - 1);
    const auto& wanted = context.selected;
    if (wanted.empty() || std::find(wanted.begin(), wanted.end(), release) != wanted.end()) releases.push_back(release);
  }
  for (const std::string& wanted : context.selected) {
    if (std::find(releases.begin(), releases.end(), wanted) == releases.end()) {
      AddMissing(context, "alpine/" + wanted, {"Alpine:" + wanted}, "the index lists no such release");
    }
  }
  if (releases.empty() && context.selected.empty()) {
    AddMissing(context, "alpine/index", {"Alpine:*"}, "the index lists no release");
  }
  for (const std::string& release : releases) {
    const std::vector<std::string> covers = {"Alpine:" + release};
    const std::string dir_url = JoinLocation(context.base_url, release + "/");
    auto files = List(context, "alpine/" + release + "/index", dir_url, release + "/index.html", covers);
    if (!files) continue;
    std::size_t repos = 0;
    for (const std::string& name : *files) {
      if (!IsSecdbJson(name)) continue;
      ++repos;
      const std::string repo = name.substr(0, name.size() - 5);
      auto part = FetchPart(context, "alpine/" + release + "/" + repo, JoinLocation(dir_url, name),
                            release + "/" + name, covers);
      if (!part) continue;
      auto feed = ReadSecdbFeed(part->download.path);
      if (!feed) {
        RejectPart(context, *part, covers, feed.error().message);
        continue;
      }
      KeepPart(context, *part);
      AddFeed(context, std::move(*feed), part->url, &*part);
    }
    if (repos == 0) AddMissing(context, "alpine/" + release, covers, "the release lists no secdb JSON file");
  }
}

}  // namespace drydock
