// The rule table. Patterns are anchored on each provider's documented token prefix, so they are precise enough
// to run over every text file; the generic assignment rule also needs an entropy check on the value.
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "secret/secret.h"

namespace drydock {
namespace {

constexpr SecretRule kRules[] = {
    {"aws-access-key-id", "AWS", "CRITICAL", "AWS access key ID", R"(\b(AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b)"},
    {"aws-secret-access-key", "AWS", "CRITICAL", "AWS secret access key",
     R"((?i)aws_?secret_?access_?key["']?\s*[=:]\s*["']?[A-Za-z0-9/+=]{40})"},
    {"private-key", "PrivateKey", "HIGH", "Private key (PEM or OpenSSH)",
     R"(-----BEGIN[ A-Z0-9]{0,20} PRIVATE KEY( BLOCK)?-----)"},
    {"github-token", "GitHub", "CRITICAL", "GitHub token", R"(\b(ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b)"},
    {"github-fine-grained-pat", "GitHub", "CRITICAL", "GitHub fine-grained personal access token",
     R"(\bgithub_pat_[A-Za-z0-9_]{82}\b)"},
    {"gitlab-token", "GitLab", "CRITICAL", "GitLab personal access token", R"(\bglpat-[A-Za-z0-9_\-]{20}\b)"},
    {"slack-token", "Slack", "HIGH", "Slack token", R"(\bxox[baprs]-[0-9A-Za-z\-]{10,})"},
    {"slack-webhook", "Slack", "MEDIUM", "Slack incoming webhook",
     R"(https://hooks\.slack\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24})"},
    {"stripe-secret-key", "Stripe", "CRITICAL", "Stripe secret or restricted key",
     R"(\b(sk|rk)_live_[0-9A-Za-z]{24,})"},
    {"google-api-key", "Google", "HIGH", "Google API key", R"(\bAIza[0-9A-Za-z_\-]{35}\b)"},
    {"jwt", "JWT", "MEDIUM", "JSON Web Token",
     R"(\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,})"},
    // Generic rules need a string literal or an env-file line: `password = self.password` in code is not a secret.
    {"generic-password", "Generic", "HIGH", "Password or secret assigned in plain text",
     R"((?i)(password|passwd|pwd|secret|api_?key|access_?token|auth_?token)["']?\s{0,4}[=:]\s{0,4}["'][^\s"'$%{}<>()\\]{8,}["'])",
     3.0},
    {"generic-env-secret", "Generic", "HIGH", "Secret in an env-file style assignment",
     R"(^\s*(export\s+)?[A-Z0-9_]*(PASSWORD|PASSWD|SECRET|TOKEN|API_KEY)[A-Z0-9_]*=[^\s"'$]{8,})", 3.0},
};

}  // namespace

std::span<const SecretRule> SecretRules() { return kRules; }

double ShannonEntropy(std::string_view text) {
  if (text.empty()) return 0;
  std::array<std::size_t, 256> counts{};
  for (unsigned char c : text) ++counts[c];
  double bits = 0;
  for (std::size_t n : counts) {
    if (n == 0) continue;
    double p = static_cast<double>(n) / static_cast<double>(text.size());
    bits -= p * std::log2(p);
  }
  return bits;
}

std::string MaskSecret(std::string_view match) {
  std::size_t start = match.find_first_of("=:");
  if (start != std::string_view::npos && !match.starts_with("-----") && !match.starts_with("https://")) {
    start = match.find_first_not_of(" \t\"'=:", start);
    if (start == std::string_view::npos) start = match.size();
  } else {
    start = std::min<std::size_t>(4, match.size() / 4);
    if (match.starts_with("-----")) start = match.size();  // a PEM header names the key type, not the key
  }
  std::string out(match.substr(0, start));
  out.append(match.size() - start, '*');
  return out;
}

bool IsNoisySecretPath(std::string_view path) {
  constexpr std::string_view kPrefixes[] = {"usr/share/doc/",        "usr/share/man/",  "usr/share/info/",
                                            "usr/share/locale/",     "usr/share/i18n/", "usr/share/zoneinfo/",
                                            "usr/share/ca-certificates/", "etc/ssl/certs/", "usr/include/",
                                            "var/lib/dpkg/info/",    "usr/share/perl/", "usr/lib/x86_64-linux-gnu/perl"};
  constexpr std::string_view kParts[] = {"/test/", "/tests/", "/testdata/", "/__tests__/", "/fixtures/"};
  constexpr std::string_view kSuffixes[] = {".md5sums", ".pyc", ".mo", ".md", ".html", ".map", ".d.ts"};
  for (auto p : kPrefixes) {
    if (path.starts_with(p)) return true;
  }
  for (auto p : kParts) {
    if (path.find(p) != std::string_view::npos) return true;
  }
  for (auto s : kSuffixes) {
    if (path.ends_with(s)) return true;
  }
  return false;
}

bool IsSensitiveName(std::string_view name) {
  std::string upper(name);
  std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char c) { return std::toupper(c); });
  constexpr std::string_view kWords[] = {"PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY",
                                         "ACCESS_KEY", "CREDENTIAL"};
  return std::any_of(std::begin(kWords), std::end(kWords),
                     [&](std::string_view w) { return upper.find(w) != std::string::npos; });
}

bool LooksBinary(std::string_view bytes) {
  return bytes.substr(0, kBinarySniffBytes).find('\0') != std::string_view::npos;
}

}  // namespace drydock
