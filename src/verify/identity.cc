// Matching a Fulcio certificate's identity against what the user expects.
#include <regex>

#include "verify/trust_policy.h"

namespace drydock::verify {
namespace {

inline constexpr std::size_t kMaxRegexBytes = 1 << 10;

Result<bool> Matches(const std::string& pattern, bool regex, const std::string& value) {
  if (!regex) return pattern == value;
  if (pattern.size() > kMaxRegexBytes) return Fail("regular expression longer than {} bytes", kMaxRegexBytes);
  try {
    return std::regex_search(value, std::regex(pattern, std::regex::ECMAScript));
  } catch (const std::regex_error& e) {
    return Fail("bad regular expression \"{}\": {}", pattern, e.what());
  }
}

}  // namespace

std::string Identity::Describe() const {
  return fmt::format("identity {}\"{}\" issuer {}\"{}\"", subject_regex ? "~" : "", subject, issuer_regex ? "~" : "",
                     issuer);
}

Status MatchIdentity(const Identity& identity, const std::vector<std::string>& subjects, const std::string& issuer) {
  auto issuer_ok = Matches(identity.issuer, identity.issuer_regex, issuer);
  if (!issuer_ok) return std::unexpected(issuer_ok.error());
  if (!*issuer_ok) return Fail("OIDC issuer \"{}\" is not {}", issuer, identity.Describe());
  for (const auto& subject : subjects) {
    auto ok = Matches(identity.subject, identity.subject_regex, subject);
    if (!ok) return std::unexpected(ok.error());
    if (*ok) return {};
  }
  return Fail("certificate identity {} does not match {}",
              subjects.empty() ? std::string("(none)") : fmt::format("\"{}\"", fmt::join(subjects, "\", \"")),
              identity.Describe());
}

}  // namespace drydock::verify
