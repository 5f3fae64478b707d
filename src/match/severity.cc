// ResolveSeverity: every rating a finding could take, in one list tagged by where it came from, then the
// first one the precedence (default or --severity-source) accepts. See severity.h for the order and why the
// vendor comes first: a distro's rating is for its own build (backports, configure flags), which NVD's is not.
#include "match/severity.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <tuple>

namespace drydock {
namespace {

// Rating sources that are a distro vendor's, by the name --severity-source uses for them.
struct VendorSources {
  std::string_view name;
  std::string_view sources[2];  // a feed's severity_source, "osv:<ecosystem>" for the vendor's OSV records
};
constexpr VendorSources kVendors[] = {
    {"debian", {"debian-tracker", "osv:Debian"}}, {"ubuntu", {"osv:Ubuntu", ""}},
    {"redhat", {"redhat-csaf-vex", "osv:Red Hat"}}, {"alpine", {"alpine-secdb", "osv:Alpine"}},
    {"almalinux", {"osv:AlmaLinux", ""}},         {"rocky", {"osv:Rocky Linux", ""}},
    {"suse", {"osv:SUSE", "osv:openSUSE"}},       {"photon", {"osv:Photon OS", ""}},
    {"wolfi", {"osv:Wolfi", ""}},                 {"chainguard", {"osv:Chainguard", ""}},
    {"oracle", {"osv:Oracle Linux", ""}},         {"amazon", {"osv:Amazon Linux", ""}},
    {"azure", {"osv:Azure Linux", ""}},           {"minimos", {"osv:MinimOS", ""}},
};
constexpr std::string_view kTokens[] = {"auto", "vendor", "ghsa", "osv", "nvd", "cna", "cisa-adp"};

// Where a rating came from, in the default precedence's order.
enum class Step { kOwnEntry, kOwnRecord, kAlias, kNvd, kCna, kAdp, kOtherVendor };

struct Rated {
  SeverityRating rating;
  Step step;
  bool own_vendor = false;  // the package's own distro rated it (a matched OS record)
};

Step StepOfRelated(std::string_view source) {
  if (source == "nvd") return Step::kNvd;
  if (source == "cna") return Step::kCna;
  if (source == "cisa-adp" || source.starts_with("adp:")) return Step::kAdp;
  if (!VendorOfSource(source).empty()) return Step::kOtherVendor;
  return Step::kAlias;
}

bool Rates(const std::string& severity) { return !severity.empty() && severity != "UNKNOWN"; }

// Who rated an entry: an OSV record spanning ecosystems (Debian and Photon in one CVE record) was rated per
// entry by each ecosystem's vendor, so the entry's ecosystem names the source, not the record's first one.
std::string EntrySource(const Advisory& advisory, const Affected& affected) {
  if (advisory.id.starts_with("GHSA-")) return "ghsa";
  if (advisory.data_source != "osv") {
    return advisory.severity_source.empty() ? advisory.data_source : advisory.severity_source;
  }
  return "osv:" + affected.ecosystem.substr(0, affected.ecosystem.find(':'));
}

// Every rating, in the default precedence's order (stable within a step: primary record first, then GHSA
// before other records, then by source and record).
std::vector<Rated> Collect(std::span<const MatchedRecord> records) {
  std::vector<Rated> out;
  for (const MatchedRecord& r : records) {
    const Advisory& a = *r.advisory;
    if (r.affected && Rates(r.affected->severity)) {
      // An entry's word is not derived from the record's vector, so it carries none.
      out.push_back({{EntrySource(a, *r.affected), r.affected->severity, "", a.id}, Step::kOwnEntry, r.os_vendor});
    }
    if (Rates(a.severity)) out.push_back({{a.severity_source, a.severity, a.cvss, a.id}, Step::kOwnRecord, r.os_vendor});
  }
  std::vector<Rated> related;
  for (const MatchedRecord& r : records) {
    for (const SeverityRating& rating : r.advisory->related) {
      const bool matched = std::any_of(records.begin(), records.end(), [&](const MatchedRecord& m) {
        return m.advisory->id == rating.record && m.advisory->severity_source == rating.source;
      });
      if (matched || !Rates(rating.severity)) continue;  // a merged record's rating is already an own one
      if (std::none_of(related.begin(), related.end(), [&](const Rated& x) { return x.rating == rating; })) {
        related.push_back({rating, StepOfRelated(rating.source)});
      }
    }
  }
  auto key = [](const Rated& x) {
    return std::make_tuple(x.step, x.rating.source != "ghsa", std::cref(x.rating.source), std::cref(x.rating.record));
  };
  std::stable_sort(related.begin(), related.end(), [&](const Rated& x, const Rated& y) { return key(x) < key(y); });
  out.insert(out.end(), related.begin(), related.end());
  // Within a step, GitHub's reviewed rating first (two merged records, GHSA and PYSEC, may both rate).
  std::stable_sort(out.begin(), out.end(), [](const Rated& x, const Rated& y) {
    return std::make_tuple(x.step, x.rating.source != "ghsa") < std::make_tuple(y.step, y.rating.source != "ghsa");
  });
  return out;
}

// Whether `token` of --severity-source accepts `rated`.
bool Accepts(std::string_view token, const Rated& rated) {
  const std::string_view source = rated.rating.source;
  if (token == "vendor") return rated.own_vendor;
  if (token == "ghsa") return source == "ghsa";
  if (token == "osv") return source.starts_with("osv:") && VendorOfSource(source).empty();
  if (token == "cisa-adp") return rated.step == Step::kAdp;
  if (token == "nvd" || token == "cna") return source == token;
  return VendorOfSource(source) == token;
}

}  // namespace

std::string_view VendorOfSource(std::string_view source) {
  for (const VendorSources& vendor : kVendors) {
    for (std::string_view known : vendor.sources) {
      if (!known.empty() && known == source) return vendor.name;
    }
  }
  return {};
}

ResolvedSeverity ResolveSeverity(std::span<const MatchedRecord> records, std::span<const std::string> order) {
  const std::vector<Rated> ratings = Collect(records);
  ResolvedSeverity out;
  for (const Rated& rated : ratings) {
    if (!rated.rating.cvss.empty()) {
      out.cvss = rated.rating.cvss;
      break;
    }
  }
  const Rated* chosen = nullptr;
  const bool automatic = order.empty();
  for (std::size_t i = 0; !chosen && i < (automatic ? 1 : order.size()); ++i) {
    const std::string_view token = automatic ? "auto" : std::string_view(order[i]);
    for (const Rated& rated : ratings) {
      if (token == "auto" || Accepts(token, rated)) {
        chosen = &rated;
        break;
      }
    }
  }
  if (!chosen) return out;
  out.severity = chosen->rating.severity;
  out.source = chosen->rating.source;
  if (!chosen->rating.cvss.empty()) out.cvss = chosen->rating.cvss;
  return out;
}

Result<std::vector<std::string>> ParseSeveritySources(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view token = list.substr(0, comma);
    list.remove_prefix(comma == std::string_view::npos ? list.size() : comma + 1);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    const bool known = std::find(std::begin(kTokens), std::end(kTokens), token) != std::end(kTokens) ||
                       std::any_of(std::begin(kVendors), std::end(kVendors),
                                   [&](const VendorSources& v) { return v.name == token; });
    if (!known) {
      std::string valid;
      for (std::string_view t : kTokens) valid += fmt::format("{}{}", valid.empty() ? "" : ", ", t);
      for (const VendorSources& v : kVendors) valid += fmt::format(", {}", v.name);
      return Fail("--severity-source: unknown source \"{}\" (valid: {})", token, valid);
    }
    out.emplace_back(token);
  }
  if (out.empty()) return Fail("--severity-source: no source given");
  return out;
}

}  // namespace drydock
