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

#include <functional>
#include <map>
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

using AdvisoryKey = std::pair<std::string, std::string>;  // (codename, CVE)

// One release's verdict on one package, read before anything is added so a broken record adds nothing.
struct ReleaseEntry {
  std::string codename;
  Affected affected;
  std::string severity;
};

std::vector<ReleaseEntry> ReadCve(const std::string& package, const json& record) {
  if (!record.is_object()) throw json::type_error::create(302, "record is not an object", nullptr);
  std::vector<ReleaseEntry> entries;
  auto releases = record.find("releases");
  if (releases == record.end() || !releases->is_object()) return entries;  // "releases": [] says nothing
  for (const auto& [codename, release] : releases->items()) {
    const std::string_view number = ReleaseNumber(codename);
    if (number.empty()) continue;
    if (!release.is_object()) throw json::type_error::create(302, codename + " is not an object", nullptr);
    const std::string status = Text(release, "status");
    Affected affected{fmt::format("Debian:{}", number), package, {}, {}, ""};
    if (status == "resolved") {
      const std::string fixed = Text(release, "fixed_version");
      if (fixed == "0") continue;
      if (fixed.empty()) throw json::type_error::create(302, codename + ": resolved without fixed_version", nullptr);
      affected.ranges.push_back(AffectedRange{"0", fixed, ""});
      affected.status = "fixed";
    } else if (status == "open") {
      affected.ranges.push_back(AffectedRange{"0", "", ""});
      affected.status = OpenStatus(release);
    } else if (status == "undetermined") {
      continue;
    } else {
      throw json::type_error::create(302, codename + ": unknown status \"" + status + "\"", nullptr);
    }
    entries.push_back(ReleaseEntry{codename, std::move(affected), SeverityOfUrgency(Text(release, "urgency"))});
  }
  return entries;
}

void AddEntries(const std::string& cve, const std::string& description, std::vector<ReleaseEntry> entries,
                std::map<AdvisoryKey, Advisory>& out) {
  for (ReleaseEntry& entry : entries) {
    Advisory& advisory = out[{entry.codename, cve}];
    if (advisory.id.empty()) {
      advisory = Advisory{cve, {}, description, "UNKNOWN", "debian-tracker", "", "debian-tracker " + entry.codename, {}};
    }
    if (SeverityRank(entry.severity) < SeverityRank(advisory.severity)) advisory.severity = entry.severity;
    // The package's own urgency in this release wins over the release-wide worst one.
    if (entry.severity != "UNKNOWN") entry.affected.severity = entry.severity;
    advisory.affected.push_back(std::move(entry.affected));
  }
}

}  // namespace

namespace {

using ReadMembers = std::function<Status(const std::function<void(const std::string&, json&)>& each)>;

// `read_members` hands over one source package at a time: the whole file as one tree cost 13x its size
// (500 MB -> 6.4 GB).
Result<FeedData> ReadTracker(const ReadMembers& read_members, const std::string& source) {
  FeedData feed;
  feed.info = FeedInfo{"debian-tracker", source, "", 0, 0};
  std::map<AdvisoryKey, Advisory> by_key;  // sorted: reproducible DB bytes
  Status read = read_members([&](const std::string& package, json& cves) {
    if (!cves.is_object()) {
      feed.warnings.push_back(fmt::format("{}: {}: not an object", source, package));
      ++feed.info.skipped;
      return;
    }
    for (const auto& [cve, record] : cves.items()) {
      if (!cve.starts_with("CVE-")) continue;  // TEMP-* ids are renamed once a CVE is assigned
      try {
        std::vector<ReleaseEntry> entries = ReadCve(package, record);
        AddEntries(cve, Text(record, "description"), std::move(entries), by_key);
      } catch (const json::exception& e) {
        feed.warnings.push_back(fmt::format("{}: {} {}: {}", source, package, cve, e.what()));
        ++feed.info.skipped;
      }
    }
  });
  if (!read) {
    if (read.error().message.ends_with("the top level is not a JSON object")) {
      return Fail("not a Debian security tracker file: top level is not an object");
    }
    return std::unexpected(read.error());
  }
  // Moved out node by node, each node freed as it goes: the map and the vector never both hold everything.
  feed.advisories.reserve(by_key.size());
  while (!by_key.empty()) feed.advisories.push_back(std::move(by_key.extract(by_key.begin()).mapped()));
  feed.info.advisories = feed.advisories.size();
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
