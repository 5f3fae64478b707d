// Vulnerability evaluators: thresholds per severity, a CVSS ceiling, advisories that always fail. Each looks
// at the findings left after the ignore file and VEX, minus the rule's own live exceptions.
#include <algorithm>
#include <charconv>
#include <map>
#include <optional>

#include "policy/evaluate.h"
#include "vulndb/cvss.h"

namespace drydock {
namespace {

bool Names(std::string_view id, const Finding& f) {
  return id == f.id || std::find(f.aliases.begin(), f.aliases.end(), id) != f.aliases.end();
}

std::string Describe(const Finding& f) {
  std::string signals = f.kev ? ", KEV" : "";
  if (f.epss) signals += fmt::format(", EPSS {:.3f}", *f.epss);
  return fmt::format("{} {} {} {} ({}{})", f.id, f.severity, f.package_name, f.installed_version,
                     f.fixed_version.empty() ? "no fix" : "fixed in " + f.fixed_version, signals);
}

// The findings a vulnerability rule counts, plus evidence about what it could not see or chose not to count.
struct Counted {
  std::vector<const Finding*> findings;
  std::vector<std::string> notes;
  bool complete = true;  // false: no vulnerabilities were matched at all
};

Counted CountedFindings(const PolicyRule& rule, const ScanReport& report, const PolicyContext& context) {
  Counted out;
  if (!context.vulnerabilities_matched) {
    out.complete = false;
    out.notes.push_back("vulnerabilities were not matched (no DB, --skip-db): the rule cannot pass");
    return out;
  }
  // A DB without this distro's feed still matched language packages; say what was left out.
  for (const ScanError& e : report.errors) {
    if (e.stage == "match") out.notes.push_back("incomplete: " + e.message);
  }
  if (rule.only_kev) out.notes.push_back("counting only findings in CISA's KEV catalog");
  if (rule.min_epss) {
    const auto unscored = std::count_if(report.vulnerabilities.begin(), report.vulnerabilities.end(),
                                        [](const Finding& f) { return !f.epss; });
    out.notes.push_back(fmt::format("counting only findings with EPSS >= {}{}", *rule.min_epss,
                                    unscored ? fmt::format(" ({} have no EPSS score)", unscored) : ""));
  }
  for (const PolicyException& e : rule.exceptions) {
    if (!e.expires.empty() && e.expires < context.today) {
      out.notes.push_back(fmt::format("exception for {} expired on {} ({})", e.id, e.expires, e.where));
    }
  }
  for (const Finding& f : report.vulnerabilities) {
    if (rule.only_with_fix && f.fixed_version.empty()) continue;
    if (rule.only_kev && !f.kev) continue;
    // A finding without an EPSS score is not counted by an EPSS threshold; the evidence says how many.
    if (rule.min_epss && (!f.epss || *f.epss < *rule.min_epss)) continue;
    auto live = std::find_if(rule.exceptions.begin(), rule.exceptions.end(), [&](const PolicyException& e) {
      return Names(e.id, f) && (e.expires.empty() || e.expires >= context.today);
    });
    if (live != rule.exceptions.end()) continue;
    out.findings.push_back(&f);
  }
  return out;
}

// The finding's CVSS base score: a number as some feeds write it, else computed from a v3 vector.
std::optional<double> Score(const Finding& f) {
  double score = 0;
  auto [end, error] = std::from_chars(f.cvss.data(), f.cvss.data() + f.cvss.size(), score);
  if (error == std::errc() && end == f.cvss.data() + f.cvss.size() && !f.cvss.empty()) return score;
  return CvssV3BaseScore(f.cvss);
}

// Evidence reads: what broke (one summary line each), what the rule could not see or stopped excusing, then
// the findings themselves, so the verdict's cap on evidence lines never hides a summary or a note.
RuleOutcome Finish(Counted counted, std::vector<std::string> summaries, std::vector<std::string> details,
                   std::string pass_note) {
  RuleOutcome out{counted.complete && summaries.empty(), {}};
  if (out.passed) summaries = {std::move(pass_note)};
  out.evidence = std::move(summaries);
  out.evidence.insert(out.evidence.end(), counted.notes.begin(), counted.notes.end());
  out.evidence.insert(out.evidence.end(), details.begin(), details.end());
  return out;
}

}  // namespace

RuleOutcome EvaluateMaxVulnerabilities(const PolicyRule& rule, const ScanReport& report,
                                       const PolicyContext& context) {
  Counted counted = CountedFindings(rule, report, context);
  std::map<std::string, std::vector<const Finding*>> by_severity;
  for (const Finding* f : counted.findings) by_severity[f->severity].push_back(f);
  std::vector<std::string> summaries, details;
  std::string within;
  for (const auto& [severity, limit] : rule.counts) {
    const auto& found = by_severity[severity];
    within += fmt::format("{}{} {}/{}", within.empty() ? "" : ", ", severity, found.size(), limit);
    if (static_cast<long long>(found.size()) <= limit) continue;
    summaries.push_back(fmt::format("{} {} finding(s), limit {}", found.size(), severity, limit));
    for (const Finding* f : found) details.push_back(Describe(*f));
  }
  return Finish(std::move(counted), std::move(summaries), std::move(details), "within limits: " + within);
}

RuleOutcome EvaluateMaxCvss(const PolicyRule& rule, const ScanReport& report, const PolicyContext& context) {
  Counted counted = CountedFindings(rule, report, context);
  std::vector<std::string> summaries, details;
  std::size_t unscored = 0;
  for (const Finding* f : counted.findings) {
    auto score = Score(*f);
    if (!score) {
      ++unscored;
    } else if (*score > rule.score) {
      details.push_back(fmt::format("{} CVSS {:.1f} > {:.1f}", Describe(*f), *score, rule.score));
    }
  }
  if (!details.empty())
    summaries.push_back(fmt::format("{} finding(s) score above {:.1f}", details.size(), rule.score));
  if (unscored > 0) counted.notes.push_back(fmt::format("{} finding(s) have no CVSS score", unscored));
  return Finish(std::move(counted), std::move(summaries), std::move(details),
                fmt::format("no finding scores above {:.1f}", rule.score));
}

RuleOutcome EvaluateDeniedAdvisories(const PolicyRule& rule, const ScanReport& report,
                                     const PolicyContext& context) {
  Counted counted = CountedFindings(rule, report, context);
  std::vector<std::string> summaries, details;
  for (const Finding* f : counted.findings) {
    for (const std::string& id : rule.items) {
      if (Names(id, *f)) details.push_back(Describe(*f));
    }
  }
  if (!details.empty())
    summaries.push_back(fmt::format("{} finding(s) of denied advisories", details.size()));
  return Finish(std::move(counted), std::move(summaries), std::move(details),
                fmt::format("none of {} denied advisories found", rule.items.size()));
}

}  // namespace drydock
