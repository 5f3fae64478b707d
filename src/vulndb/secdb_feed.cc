// ReadSecdbFeed: one secdb file -> one feed. Every id becomes an Advisory (merged across the file's packages)
// with, per package, the range introduced "0", fixed FIXEDVER.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "common/file.h"
#include "common/utf8.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

// Rolling apk distros have no distroversion; their urlprefix host says who publishes the feed.
struct RollingDistro {
  std::string_view host_suffix;
  std::string_view ecosystem;
};
constexpr RollingDistro kRollingDistros[] = {
    {"packages.wolfi.dev", "Wolfi"},
    {"cgr.dev", "Chainguard"},  // packages.cgr.dev, libraries.cgr.dev
    {"packages.mini.dev", "MinimOS"},
};

std::string_view UrlHost(std::string_view url) {
  if (auto scheme = url.find("://"); scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  return url.substr(0, url.find_first_of("/:"));
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

// "v3.10/main" for Alpine, "os" for a rolling distro's single repository.
std::string RepoLabel(const SecdbDocument& doc) {
  if (doc.distroversion.empty()) return doc.reponame;
  return doc.reponame.empty() ? doc.distroversion : doc.distroversion + "/" + doc.reponame;
}

// Where each (id, package) pair's Affected entry sits in its advisory: one CVE fixed in 300k packages used
// to be found by a linear search per package (110 s); with this index it is linear overall.
using AffectedIndex = std::unordered_map<std::string, std::size_t>;

// Ids are kept in order of first appearance so the first CVE of "CVE-a XSA-b" names the advisory and the
// rest of that string become its aliases; a string with only non-CVE ids ("XSA-207") names one by itself.
bool NamesAdvisory(const std::vector<std::string>& ids, const std::string& id) {
  auto cve = std::find_if(ids.begin(), ids.end(), [](const std::string& each) { return each.starts_with("CVE-"); });
  const std::string& primary = cve == ids.end() ? ids.front() : *cve;
  return id.starts_with("CVE-") || id == primary;
}

// How many packages' fixes name each advisory id (an upper bound of its affected entries), so each advisory's
// entries are sized once: one CVE fixed in 300k packages grew its vector by doubling, holding 1.5x of them.
using EntryCounts = std::unordered_map<std::string, std::size_t>;
EntryCounts CountEntries(const std::vector<SecdbPackage>& packages) {
  EntryCounts counts;
  for (const SecdbPackage& package : packages) {
    for (const SecdbFix& fix : package.fixes) {
      for (const std::string& entry : fix.ids) {
        const std::vector<std::string> ids = SplitSecdbIds(entry);
        for (const std::string& id : ids) {
          if (NamesAdvisory(ids, id)) ++counts[id];
        }
      }
    }
  }
  return counts;
}

void AddFix(const std::string& package, const SecdbFix& fix, std::map<std::string, Advisory>& by_id,
            AffectedIndex& affected_at, const EntryCounts& counts, const std::string& ecosystem,
            const std::string& data_source) {
  for (const std::string& entry : fix.ids) {
    const std::vector<std::string> ids = SplitSecdbIds(entry);
    if (ids.empty()) continue;
    for (const std::string& id : ids) {
      if (!NamesAdvisory(ids, id)) continue;  // an alias: recorded on the advisories below
      Advisory& advisory = by_id[id];
      if (advisory.id.empty()) {
        advisory = Advisory{id, {}, "", "UNKNOWN", "", "", data_source, {}};
        if (auto count = counts.find(id); count != counts.end()) advisory.affected.reserve(count->second);
      }
      for (const std::string& alias : ids) {
        const bool other = alias != id && !alias.starts_with("CVE-");
        if (other && std::find(advisory.aliases.begin(), advisory.aliases.end(), alias) == advisory.aliases.end()) {
          advisory.aliases.push_back(alias);
        }
      }
      auto [at, added] = affected_at.try_emplace(id + '\0' + package, advisory.affected.size());
      if (added) advisory.affected.push_back(Affected{ecosystem, package, {}, {}, "fixed"});
      Affected* affected = &advisory.affected[at->second];
      // The same id fixed twice in one package (a regression or a fuller fix): keep both; a version below
      // the later fix stays flagged, which errs towards reporting.
      const AffectedRange range{"0", fix.fixed_version, ""};
      if (std::find(affected->ranges.begin(), affected->ranges.end(), range) == affected->ranges.end()) {
        affected->ranges.push_back(range);
      }
    }
  }
}

}  // namespace

Result<std::string> DetectSecdbEcosystem(const SecdbDocument& doc) {
  if (!doc.distroversion.empty()) return "Alpine:" + doc.distroversion;
  const std::string host = Lower(UrlHost(doc.urlprefix));
  for (const RollingDistro& distro : kRollingDistros) {
    const std::string_view suffix = distro.host_suffix;
    const bool subdomain = host.size() > suffix.size() && host[host.size() - suffix.size() - 1] == '.';
    if (host.ends_with(suffix) && (host.size() == suffix.size() || subdomain)) {
      return std::string(distro.ecosystem);
    }
  }
  return Fail("no distroversion and urlprefix \"{}\" names no known distro (Wolfi, Chainguard, MinimOS)",
              doc.urlprefix);
}

Result<FeedData> ReadSecdbFeedAs(const std::string& file, std::string_view ecosystem_override) {
  Result<SecdbDocument> doc = SecdbDocument{};
  {  // the file's bytes are freed before the advisories are made
    auto text = ReadFileBounded(file, kMaxSecdbBytes);
    if (!text) return std::unexpected(text.error());
    doc = ParseSecdb(*text);
  }
  if (!doc) return Rewrap(doc.error(), "{}", file);
  std::string ecosystem(ecosystem_override);
  if (ecosystem.empty()) {
    auto detected = DetectSecdbEcosystem(*doc);
    if (!detected) return Rewrap(detected.error(), "{}", file);
    ecosystem = std::move(*detected);
  }
  const std::string family = Lower(ecosystem.substr(0, ecosystem.find(':')));
  const std::string data_source = fmt::format("{}-secdb {}", family, RepoLabel(*doc));

  FeedData feed;
  feed.info = FeedInfo{family + "-secdb", file, "", 0, doc->warnings.size()};
  for (const std::string& warning : doc->warnings) feed.warnings.push_back(file + ": " + warning);
  std::map<std::string, Advisory> by_id;  // sorted: reproducible DB bytes
  AffectedIndex affected_at;
  const EntryCounts counts = CountEntries(doc->packages);
  for (SecdbPackage& package : doc->packages) {
    for (SecdbFix fix : package.fixes) {
      // "0" is how secdb says "this package was never affected" (e.g. a CVE in another distro's build).
      if (fix.fixed_version == "0" || fix.fixed_version.empty()) continue;
      // yaml-cpp passes any bytes through; an id that is not UTF-8 cannot be an id, and dropping it without a
      // word would hide a fix. It is counted and named (hex-escaped: the warning must stay printable).
      std::erase_if(fix.ids, [&](const std::string& entry) {
        if (IsValidUtf8(entry)) return false;
        std::string shown;
        for (unsigned char c : entry) {
          shown += c >= 0x20 && c < 0x7f ? std::string(1, static_cast<char>(c)) : fmt::format("\\x{:02x}", c);
        }
        feed.warnings.push_back(fmt::format("{}: {} {}: id \"{}\" is not valid UTF-8; skipped", file, package.name,
                                            fix.fixed_version, shown));
        ++feed.info.skipped;
        return true;
      });
      AddFix(package.name, fix, by_id, affected_at, counts, ecosystem, data_source);
    }
    // Freed as it is used: its small blocks are reused by the index entries made for the next packages.
    std::vector<SecdbFix>().swap(package.fixes);
  }
  std::vector<SecdbPackage>().swap(doc->packages);
  AffectedIndex().swap(affected_at);
  feed.advisories.reserve(by_id.size());
  while (!by_id.empty()) feed.advisories.push_back(std::move(by_id.extract(by_id.begin()).mapped()));
  feed.info.advisories = feed.advisories.size();
  return feed;
}

Result<FeedData> ReadSecdbFeed(const std::string& file) { return ReadSecdbFeedAs(file, ""); }

}  // namespace drydock
