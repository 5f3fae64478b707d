// ReadDebianTrackerFeed: the Debian security tracker's JSON (https://security-tracker.debian.org/tracker/data/json)
// -> one feed. The file is {source package: {CVE: {description, releases: {codename: {status, fixed_version,
// urgency, nodsa, nodsa_reason, repositories}}}}}.
//
// One advisory per (CVE, release), filed under "Debian:<N>" with data_source "debian-tracker <codename>", as
// Grype's vunnel does: a CVE's urgency differs between releases, and the advisory's severity is the highest
// urgency among that release's packages.
//
// Per release entry:
//   resolved, fixed_version "0"       -> nothing (the release was never affected)
//   resolved, fixed_version V         -> range [0, V), status "fixed"
//   open (<unfixed>)                  -> range [0, ...), status "affected"
//   open, nodsa (<no-dsa>)            -> "affected": no DSA, but a point release may still fix it
//   open, nodsa_reason "ignored"      -> "will_not_fix"
//   open, nodsa_reason "postponed"    -> "fix_deferred"
//   open, urgency "end-of-life"       -> "end_of_life"
//   undetermined                      -> nothing (Grype drops it too: the tracker has not decided)
// Urgency -> severity: unimportant and low -> LOW, medium -> MEDIUM, high -> HIGH; "**" (an urgency the
// tracker took from NVD) is stripped; "not yet assigned" and "end-of-life" -> UNKNOWN.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>
#include <functional>
#include <tuple>
#include <utility>

#include "common/bounded_json.h"
#include "common/file.h"
#include "common/severity.h"
#include "vulndb/feeds.h"

namespace drydock {
namespace {

using nlohmann::json;

// Release codename -> number. sid and experimental have no number and no DB key (DistroEcosystem gives
// them none either), so their entries are dropped.
constexpr std::pair<std::string_view, std::string_view> kDebianReleases[] = {
    {"wheezy", "7"},    {"jessie", "8"},  {"stretch", "9"}, {"buster", "10"}, {"bullseye", "11"},
    {"bookworm", "12"}, {"trixie", "13"}, {"forky", "14"},  {"duke", "15"},
};

std::string_view ReleaseNumber(std::string_view codename) {
  for (const auto& [name, number] : kDebianReleases) {
    if (name == codename) return number;
  }
  return {};
}

std::string Text(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (!it->is_string()) throw json::type_error::create(302, std::string(key) + " is not a string", nullptr);
  return it->get<std::string>();
}

std::string SeverityOfUrgency(std::string urgency) {
  while (!urgency.empty() && urgency.back() == '*') urgency.pop_back();
  if (urgency == "unimportant" || urgency == "low") return "LOW";
  if (urgency == "medium") return "MEDIUM";
  if (urgency == "high") return "HIGH";
  return "UNKNOWN";
}

std::string OpenStatus(const json& release) {
  const std::string reason = Text(release, "nodsa_reason");
  if (reason == "ignored") return "will_not_fix";
  if (reason == "postponed") return "fix_deferred";
  if (Text(release, "urgency") == "end-of-life") return "end_of_life";
  return "affected";
}

using Id = AdvisoryTable::Id;

// One release's verdict on one package for one CVE, interned: 32 bytes, where a full Advisory with its Affected
// entry cost 850-1,000. Read before anything is added so a broken record adds nothing.
struct ReleaseEntry {
  Id codename = 0;
  Id cve = 0;
  Id description = 0;
  Id package = 0;
  Id fixed = 0;     // "" while open
  Id status = 0;
  Id severity = 0;  // from the urgency
  std::uint32_t seq = 0;  // order read: the first record of a (release, CVE) gives the advisory's description
};

std::vector<ReleaseEntry> ReadCve(Id package, Id cve, const json& record, AdvisoryTable& table) {
  if (!record.is_object()) throw json::type_error::create(302, "record is not an object", nullptr);
  std::vector<ReleaseEntry> entries;
  auto releases = record.find("releases");
  if (releases == record.end() || !releases->is_object()) return entries;  // "releases": [] says nothing
  for (const auto& [codename, release] : releases->items()) {
    if (ReleaseNumber(codename).empty()) continue;
    if (!release.is_object()) throw json::type_error::create(302, codename + " is not an object", nullptr);
    const std::string status = Text(release, "status");
    ReleaseEntry entry{table.Intern(codename), cve, 0, package};
    if (status == "resolved") {
      const std::string fixed = Text(release, "fixed_version");
      if (fixed == "0") continue;
      if (fixed.empty()) throw json::type_error::create(302, codename + ": resolved without fixed_version", nullptr);
      entry.fixed = table.Intern(fixed);
      entry.status = table.Intern("fixed");
    } else if (status == "open") {
      entry.status = table.Intern(OpenStatus(release));
    } else if (status == "undetermined") {
      continue;
    } else {
      throw json::type_error::create(302, codename + ": unknown status \"" + status + "\"", nullptr);
    }
    entry.severity = table.Intern(SeverityOfUrgency(Text(release, "urgency")));
    entries.push_back(entry);
  }
  const std::string description = Text(record, "description");
  if (!entries.empty()) {
    const Id description_id = table.Intern(description);
    for (ReleaseEntry& entry : entries) entry.description = description_id;
  }
  return entries;
}

// One advisory per (release, CVE), sorted by (codename, CVE) byte-wise for reproducible DB bytes; its entries
// in the order read. The advisory's severity is the worst urgency among its packages; each entry keeps its own
// urgency unless that is UNKNOWN.
void MakeRows(std::deque<ReleaseEntry>& read, AdvisoryTable& table) {
  // Strings are compared once, to rank the ids; the entries are then sorted by integers.
  std::vector<std::uint32_t> rank;  // by id
  {
    std::vector<Id> keys;
    for (const ReleaseEntry& entry : read) {
      keys.push_back(entry.codename);
      keys.push_back(entry.cve);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::sort(keys.begin(), keys.end(), [&](Id a, Id b) { return table.Text(a) < table.Text(b); });
    const Id most = keys.empty() ? 0 : *std::max_element(keys.begin(), keys.end());
    rank.assign(keys.empty() ? 0 : most + 1, 0);
    for (std::uint32_t i = 0; i < keys.size(); ++i) rank[keys[i]] = i;
  }
  std::sort(read.begin(), read.end(), [&](const ReleaseEntry& a, const ReleaseEntry& b) {
    return std::tuple(rank[a.codename], rank[a.cve], a.seq) < std::tuple(rank[b.codename], rank[b.cve], b.seq);
  });
  std::vector<std::uint32_t>().swap(rank);
  const Id zero = table.Intern("0"), unknown = table.Intern("UNKNOWN"), source = table.Intern("debian-tracker");
  std::size_t rows = 0;
  for (std::size_t i = 0; i < read.size(); ++i) {
    rows += i == 0 || read[i].codename != read[i - 1].codename || read[i].cve != read[i - 1].cve;
  }
  table.Reserve(rows, read.size(), read.size());
  std::vector<Id> ecosystem_of, data_source_of;  // by codename id, made once per release
  std::vector<AdvisoryTable::Entry> entries;
  // The entries read are freed as rows are made: the two never both hold everything.
  while (!read.empty()) {
    const ReleaseEntry first = read.front();
    if (first.codename >= ecosystem_of.size()) {
      ecosystem_of.resize(first.codename + 1, 0);
      data_source_of.resize(first.codename + 1, 0);
    }
    if (ecosystem_of[first.codename] == 0) {
      const std::string_view codename = table.Text(first.codename);
      ecosystem_of[first.codename] = table.Intern(fmt::format("Debian:{}", ReleaseNumber(codename)));
      data_source_of[first.codename] = table.Intern(fmt::format("debian-tracker {}", codename));
    }
    Id severity = unknown;
    entries.clear();
    std::size_t end = 0;
    for (; end < read.size() && read[end].codename == first.codename && read[end].cve == first.cve; ++end) {
      const ReleaseEntry& entry = read[end];
      if (SeverityRank(table.Text(entry.severity)) < SeverityRank(table.Text(severity))) severity = entry.severity;
      // The package's own urgency in this release wins over the release-wide worst one.
      const AdvisoryTable::Range range{zero, entry.fixed, 0, 0, {}};
      entries.push_back(AdvisoryTable::Entry{ecosystem_of[first.codename], entry.package, entry.status,
                                             entry.severity == unknown ? 0 : entry.severity,
                                             table.AddRanges({&range, 1}), {}});
    }
    table.AddRow(AdvisoryTable::Row{first.cve, first.description, severity, source, 0, data_source_of[first.codename],
                                    {}, table.AddEntries(entries)});
    read.erase(read.begin(), read.begin() + static_cast<std::ptrdiff_t>(end));
  }
  std::deque<ReleaseEntry>().swap(read);
}

}  // namespace

namespace {

using ReadMembers = std::function<Status(const std::function<void(const std::string&, json&)>& each)>;

// `read_members` hands over one source package at a time: the whole file as one tree cost 13x its size
// (500 MB -> 6.4 GB).
Result<FeedData> ReadTracker(const ReadMembers& read_members, const std::string& source) {
  FeedData feed;
  feed.info = FeedInfo{"debian-tracker", source, "", 0, 0};
  AdvisoryTable& table = feed.compact;
  std::deque<ReleaseEntry> read;  // a deque: no doubling slack, no copy while it grows
  Status status = read_members([&](const std::string& package, json& cves) {
    if (!cves.is_object()) {
      feed.warnings.push_back(fmt::format("{}: {}: not an object", source, package));
      ++feed.info.skipped;
      return;
    }
    const Id package_id = table.Intern(package);
    for (const auto& [cve, record] : cves.items()) {
      if (!cve.starts_with("CVE-")) continue;  // TEMP-* ids are renamed once a CVE is assigned
      try {
        for (ReleaseEntry& entry : ReadCve(package_id, table.Intern(cve), record, table)) {
          entry.seq = static_cast<std::uint32_t>(read.size());
          read.push_back(entry);
        }
      } catch (const json::exception& e) {
        feed.warnings.push_back(fmt::format("{}: {} {}: {}", source, package, cve, e.what()));
        ++feed.info.skipped;
      }
    }
  });
  if (!status) {
    if (status.error().message.ends_with("the top level is not a JSON object")) {
      return Fail("not a Debian security tracker file: top level is not an object");
    }
    return std::unexpected(status.error());
  }
  MakeRows(read, table);
  feed.info.advisories = table.size();
  return feed;
}

}  // namespace

Result<FeedData> ParseDebianTracker(std::string_view text, const std::string& source) {
  return ReadTracker([&](const auto& each) {
    return ForEachJsonMember(text, "document", kMaxDebianTrackerBytes, kMaxJsonDepth, each);
  }, source);
}

Result<FeedData> ReadDebianTrackerFeed(const std::string& file) {
  // Parsed as it is read: the file's bytes are never held whole. Errors name the file already.
  auto feed = ReadTracker([&](const auto& each) {
    return ForEachJsonMemberInFile(file, file, kMaxDebianTrackerBytes, kMaxJsonDepth, each);
  }, file);
  if (!feed && feed.error().message.starts_with("not a Debian")) return Rewrap(feed.error(), "{}", file);
  return feed;
}

}  // namespace drydock
