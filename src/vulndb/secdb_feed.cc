// ReadSecdbFeed: one secdb file -> one feed. Every id becomes an Advisory (merged across the file's packages)
// with, per package, the range introduced "0", fixed FIXEDVER.
#include <algorithm>
#include <deque>
#include <tuple>
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

// Ids are kept in order of first appearance so the first CVE of "CVE-a XSA-b" names the advisory and the
// rest of that string become its aliases; a string with only non-CVE ids ("XSA-207") names one by itself.
bool NamesAdvisory(const std::vector<std::string>& ids, const std::string& id) {
  auto cve = std::find_if(ids.begin(), ids.end(), [](const std::string& each) { return each.starts_with("CVE-"); });
  const std::string& primary = cve == ids.end() ? ids.front() : *cve;
  return id.starts_with("CVE-") || id == primary;
}

using Id = AdvisoryTable::Id;

// The file's fixes as they are read, in compact form, made into advisory rows once the whole file is read
// (the ecosystem and repository may come after the packages). One CVE fixed in 300k packages is 300k Fix
// records of 16 bytes, where an Affected entry each cost about 380.
class SecdbAdvisories {
 public:
  explicit SecdbAdvisories(AdvisoryTable& table) : table_(table) {}

  void AddFix(const std::string& package, const SecdbFix& fix) {
    const Id package_id = table_.Intern(package);
    const Id fixed = table_.Intern(fix.fixed_version);
    for (const std::string& entry : fix.ids) {
      const std::vector<std::string> ids = SplitSecdbIds(entry);
      if (ids.empty()) continue;
      for (const std::string& id : ids) {
        if (!NamesAdvisory(ids, id)) continue;  // an alias: recorded on the advisories below
        auto [at, added] = advisory_of_.try_emplace(table_.Intern(id), static_cast<std::uint32_t>(advisories_.size()));
        if (added) advisories_.push_back(Pending{at->first, {}});
        std::vector<Id>& aliases = advisories_[at->second].aliases;
        for (const std::string& alias : ids) {
          if (alias == id || alias.starts_with("CVE-")) continue;
          const Id alias_id = table_.Intern(alias);
          if (std::find(aliases.begin(), aliases.end(), alias_id) == aliases.end()) aliases.push_back(alias_id);
        }
        fixes_.push_back(Fix{at->second, package_id, fixed, static_cast<std::uint32_t>(fixes_.size())});
      }
    }
  }

  // One row per advisory, sorted by id (reproducible DB bytes); per package one entry, in order of first
  // appearance, with the range introduced "0", fixed FIXEDVER for each distinct fix. The same id fixed twice in
  // one package (a regression or a fuller fix) keeps both: a version below the later fix stays flagged, which
  // errs towards reporting.
  void MakeRows(std::string_view ecosystem, std::string_view data_source) {
    const Id ecosystem_id = table_.Intern(ecosystem), data_source_id = table_.Intern(data_source);
    const Id zero = table_.Intern("0"), fixed_status = table_.Intern("fixed"), unknown = table_.Intern("UNKNOWN");
    std::vector<std::uint32_t> rank(advisories_.size());
    {
      std::vector<std::uint32_t> by_id(advisories_.size());
      for (std::uint32_t i = 0; i < by_id.size(); ++i) by_id[i] = i;
      std::sort(by_id.begin(), by_id.end(), [&](std::uint32_t a, std::uint32_t b) {
        return table_.Text(advisories_[a].id) < table_.Text(advisories_[b].id);
      });
      for (std::uint32_t i = 0; i < by_id.size(); ++i) rank[by_id[i]] = i;
    }
    std::sort(fixes_.begin(), fixes_.end(), [&](const Fix& a, const Fix& b) {
      return std::tie(rank[a.advisory], a.package, a.seq) < std::tie(rank[b.advisory], b.package, b.seq);
    });
    table_.Reserve(advisories_.size(), fixes_.size(), fixes_.size());
    std::vector<std::pair<std::uint32_t, std::uint32_t>> packages;  // (first seq, first fix) of one advisory
    std::vector<AdvisoryTable::Range> ranges;
    for (std::size_t begin = 0, end = 0; begin < fixes_.size(); begin = end) {
      packages.clear();
      for (end = begin; end < fixes_.size() && fixes_[end].advisory == fixes_[begin].advisory; ++end) {
        if (end == begin || fixes_[end].package != fixes_[end - 1].package) {
          packages.emplace_back(fixes_[end].seq, static_cast<std::uint32_t>(end));
        }
      }
      std::sort(packages.begin(), packages.end());
      // Added straight to the table: a copy of one CVE's 300k entries was a tenth of the peak.
      const AdvisoryTable::Span entries{static_cast<std::uint32_t>(table_.entries().size()),
                                        static_cast<std::uint32_t>(packages.size())};
      for (const auto& [seq, first] : packages) {
        ranges.clear();
        for (std::size_t i = first; i < end && fixes_[i].package == fixes_[first].package; ++i) {
          const AdvisoryTable::Range range{zero, fixes_[i].fixed, 0, 0, {}};
          auto same = [&](const AdvisoryTable::Range& r) { return r.fixed == range.fixed; };
          if (std::find_if(ranges.begin(), ranges.end(), same) == ranges.end()) ranges.push_back(range);
        }
        table_.AddEntry(AdvisoryTable::Entry{ecosystem_id, fixes_[first].package, fixed_status, 0,
                                             table_.AddRanges(ranges), {}});
      }
      const Pending& advisory = advisories_[fixes_[begin].advisory];
      table_.AddRow(AdvisoryTable::Row{advisory.id, 0, unknown, 0, 0, data_source_id, table_.AddList(advisory.aliases),
                                       entries});
    }
    std::deque<Fix>().swap(fixes_);
  }

 private:
  struct Pending {
    Id id;
    std::vector<Id> aliases;
  };
  struct Fix {
    std::uint32_t advisory;  // index into advisories_
    Id package;
    Id fixed;
    std::uint32_t seq;  // order read
  };

  AdvisoryTable& table_;
  std::vector<Pending> advisories_;  // in order of first appearance
  std::unordered_map<Id, std::uint32_t> advisory_of_;
  std::deque<Fix> fixes_;  // a deque: no doubling slack, no copy while it grows
};

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
  FeedData feed;
  SecdbAdvisories advisories(feed.compact);
  std::size_t skipped = 0;
  // Each package is made into fixes as soon as it is read, so the parsed packages are never held together.
  auto add_package = [&](SecdbPackage&& package) {
    for (SecdbFix& fix : package.fixes) {
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
        ++skipped;
        return true;
      });
      advisories.AddFix(package.name, fix);
    }
  };
  Result<SecdbDocument> doc = SecdbDocument{};
  {  // the file's bytes are freed before the advisories are made
    auto text = ReadFileBounded(file, kMaxSecdbBytes);
    if (!text) return std::unexpected(text.error());
    doc = ParseSecdb(*text, add_package);
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

  // The parser's warnings (packages it skipped) come first, as they are first in the file's order of checks.
  std::vector<std::string> warnings;
  for (const std::string& warning : doc->warnings) warnings.push_back(file + ": " + warning);
  warnings.insert(warnings.end(), std::make_move_iterator(feed.warnings.begin()),
                  std::make_move_iterator(feed.warnings.end()));
  feed.warnings = std::move(warnings);
  feed.info = FeedInfo{family + "-secdb", file, "", 0, doc->warnings.size() + skipped};
  advisories.MakeRows(ecosystem, data_source);
  feed.info.advisories = feed.compact.size();
  return feed;
}

Result<FeedData> ReadSecdbFeed(const std::string& file) { return ReadSecdbFeedAs(file, ""); }

}  // namespace drydock
