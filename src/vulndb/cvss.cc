#include "vulndb/cvss.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace drydock {
namespace {

struct Metric {
  std::string_view name;
  std::string_view values;  // the letters this metric allows, e.g. "NALP"
};

constexpr Metric kBaseMetrics[] = {{"AV", "NALP"}, {"AC", "LH"}, {"PR", "NLH"}, {"UI", "NR"},
                                   {"S", "UC"},    {"C", "HLN"}, {"I", "HLN"},  {"A", "HLN"}};
constexpr std::size_t kBaseMetricCount = std::size(kBaseMetrics);

// Section 7.4 weights, indexed like Metric::values.
constexpr double kAttackVector[] = {0.85, 0.62, 0.55, 0.2};
constexpr double kAttackComplexity[] = {0.77, 0.44};
constexpr double kPrivilegesUnchanged[] = {0.85, 0.62, 0.27};
constexpr double kPrivilegesChanged[] = {0.85, 0.68, 0.5};
constexpr double kUserInteraction[] = {0.85, 0.62};
constexpr double kImpact[] = {0.56, 0.22, 0.0};

// Appendix A "Roundup": the smallest one-decimal number >= input, robust to floating-point noise.
double Roundup(double input) {
  const auto int_input = static_cast<std::int64_t>(std::llround(input * 100000));
  if (int_input % 10000 == 0) return static_cast<double>(int_input) / 100000.0;
  return static_cast<double>(int_input / 10000 + 1) / 10.0;
}

std::string Upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c); });
  return out;
}

}  // namespace

std::optional<double> CvssV3BaseScore(std::string_view vector) {
  if (!vector.starts_with("CVSS:3.0/") && !vector.starts_with("CVSS:3.1/")) return std::nullopt;
  vector.remove_prefix(9);
  int chosen[kBaseMetricCount];
  std::fill(std::begin(chosen), std::end(chosen), -1);
  for (bool more = true; more;) {
    const std::size_t slash = vector.find('/');
    const std::string_view part = vector.substr(0, slash);
    more = slash != std::string_view::npos;
    if (more) vector.remove_prefix(slash + 1);
    const std::size_t colon = part.find(':');
    if (colon == std::string_view::npos || part.size() != colon + 2) return std::nullopt;
    const std::string_view name = part.substr(0, colon);
    for (std::size_t m = 0; m < kBaseMetricCount; ++m) {
      if (kBaseMetrics[m].name != name) continue;
      const std::size_t value = kBaseMetrics[m].values.find(part[colon + 1]);
      if (value == std::string_view::npos || chosen[m] != -1) return std::nullopt;
      chosen[m] = static_cast<int>(value);
    }
  }
  if (std::find(std::begin(chosen), std::end(chosen), -1) != std::end(chosen)) return std::nullopt;

  const bool changed = chosen[4] == 1;
  const double privileges = changed ? kPrivilegesChanged[chosen[2]] : kPrivilegesUnchanged[chosen[2]];
  const double iss = 1 - (1 - kImpact[chosen[5]]) * (1 - kImpact[chosen[6]]) * (1 - kImpact[chosen[7]]);
  const double impact = changed ? 7.52 * (iss - 0.029) - 3.25 * std::pow(iss - 0.02, 15) : 6.42 * iss;
  const double exploitability =
      8.22 * kAttackVector[chosen[0]] * kAttackComplexity[chosen[1]] * privileges * kUserInteraction[chosen[3]];
  if (impact <= 0) return 0.0;
  const double raw = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
  return Roundup(std::min(raw, 10.0));
}

std::string CvssRating(double score) {
  if (score >= 9.0) return "CRITICAL";
  if (score >= 7.0) return "HIGH";
  if (score >= 4.0) return "MEDIUM";
  if (score > 0.0) return "LOW";
  return "NONE";
}

std::string NormalizeSeverityWord(std::string_view word) {
  const std::string upper = Upper(word);
  if (upper == "CRITICAL") return "CRITICAL";
  if (upper == "HIGH" || upper == "IMPORTANT") return "HIGH";
  if (upper == "MEDIUM" || upper == "MODERATE") return "MEDIUM";
  if (upper == "LOW" || upper == "NEGLIGIBLE") return "LOW";
  return "UNKNOWN";
}

}  // namespace drydock
