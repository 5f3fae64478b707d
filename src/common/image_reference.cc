// The grammar is distribution/reference's (reference.go's comment block), written out by hand.
#include "common/image_reference.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace drydock {
namespace {

constexpr std::size_t kMaxNameLength = 255;  // distribution's NameTotalLengthMax, in characters
constexpr std::size_t kMaxTagLength = 128;
constexpr std::string_view kDigestPrefix = "sha256:";
constexpr std::size_t kSha256HexLength = 64;
// Hosts Docker Hub answers to; a reference naming one of them, or none, goes to kDockerHubRegistry.
constexpr std::array<std::string_view, 3> kDockerHubAliases = {"docker.io", "index.docker.io",
                                                               "registry-1.docker.io"};

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// path-component: [a-z0-9]+ ((\.|_|__|-+) [a-z0-9]+)*
bool IsPathComponent(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    if (!IsLowerAlnum(s[i])) return false;
    while (i < s.size() && IsLowerAlnum(s[i])) ++i;
    if (i == s.size()) return true;
    std::size_t sep = i;
    while (i < s.size() && !IsLowerAlnum(s[i])) ++i;
    std::string_view separator = s.substr(sep, i - sep);
    bool dashes = separator.find_first_not_of('-') == std::string_view::npos;
    if (separator != "." && separator != "_" && separator != "__" && !dashes) return false;
    if (i == s.size()) return false;  // a separator may not end a component
  }
  return !s.empty();
}

// host: DNS labels joined by '.', or a bracketed IPv6 address; then an optional :port.
bool IsHostPort(std::string_view s) {
  std::string_view host = s;
  if (std::size_t colon = s.rfind(':'); colon != std::string_view::npos && s.find(']', colon) == s.npos) {
    std::string_view port = s.substr(colon + 1);
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535) {
      return false;
    }
    host = s.substr(0, colon);
  }
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
    return host.substr(1, host.size() - 2).find_first_not_of("0123456789abcdefABCDEF:") == host.npos;
  }
  for (std::size_t start = 0; start <= host.size();) {
    std::size_t dot = std::min(host.find('.', start), host.size());
    std::string_view label = host.substr(start, dot - start);
    if (label.empty() || label.front() == '-' || label.back() == '-') return false;
    for (char c : label) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
    }
    start = dot + 1;
  }
  return true;
}

// tag: [\w][\w.-]{0,127}
bool IsTag(std::string_view s) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  if (s.empty() || s.size() > kMaxTagLength || !word(s.front())) return false;
  for (char c : s) {
    if (!word(c) && c != '.' && c != '-') return false;
  }
  return true;
}

// Whether `domain` names Docker Hub. Host names are case-insensitive (DNS, TLS and containerd treat
// "DOCKER.IO" as docker.io) and 443 is HTTPS's own port, so neither may make Hub look like another registry.
bool IsDockerHubHost(std::string_view domain) {
  std::string host(domain.substr(0, domain.ends_with(":443") ? domain.size() - 4 : domain.size()));
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kDockerHubAliases.begin(), kDockerHubAliases.end(), host) != kDockerHubAliases.end();
}

bool IsLocalHost(std::string_view host_port) {
  std::string_view host = host_port.substr(0, host_port.starts_with('[') ? host_port.find(']') + 1
                                                                         : host_port.find(':'));
  return host == "localhost" || host.starts_with("127.") || host == "[::1]";
}

}  // namespace

std::string Reference::ToString() const {
  std::string out = (registry == kDockerHubRegistry ? std::string("docker.io") : registry) + "/" + repository;
  if (!tag.empty()) out += ":" + tag;
  if (!digest.empty()) out += "@" + digest;
  return out;
}

Result<Reference> ParseReference(std::string_view text) {
  std::string_view rest = text;
  Reference ref;
  if (std::size_t at = rest.find('@'); at != rest.npos) {
    std::string_view digest = rest.substr(at + 1);
    std::string_view hex = digest.substr(std::min(digest.size(), kDigestPrefix.size()));
    if (!digest.starts_with(kDigestPrefix) || hex.size() != kSha256HexLength ||
        hex.find_first_not_of("0123456789abcdef") != hex.npos) {
      return FailWith(ErrorCode::kInvalidInput, "\"{}\": the digest must be sha256: and 64 lower-case hex digits", text);
    }
    ref.digest = std::string(digest);
    rest = rest.substr(0, at);
  }
  if (std::size_t colon = rest.rfind(':'); colon != rest.npos && rest.find('/', colon) == rest.npos) {
    std::string_view tag = rest.substr(colon + 1);
    if (!IsTag(tag)) return FailWith(ErrorCode::kInvalidInput, "\"{}\": invalid tag \"{}\"", text, tag);
    ref.tag = std::string(tag);
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) return FailWith(ErrorCode::kInvalidInput, "\"{}\": no repository name", text);
  if (rest.size() > kMaxNameLength) return FailWith(ErrorCode::kInvalidInput, "\"{}\": name longer than {} characters", text, kMaxNameLength);
  // As docker does: the first component is a host only when it could not be a repository name.
  std::string_view domain;
  if (std::size_t slash = rest.find('/'); slash != rest.npos) {
    std::string_view first = rest.substr(0, slash);
    if (first.find_first_of(".:") != first.npos || first == "localhost" ||
        first.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != first.npos) {
      if (!IsHostPort(first)) return FailWith(ErrorCode::kInvalidInput, "\"{}\": invalid registry host \"{}\"", text, first);
      domain = first;
      rest = rest.substr(slash + 1);
    }
  }
  for (std::size_t start = 0; start <= rest.size();) {
    std::size_t slash = std::min(rest.find('/', start), rest.size());
    std::string_view component = rest.substr(start, slash - start);
    if (!IsPathComponent(component)) {
      return FailWith(ErrorCode::kInvalidInput, "\"{}\": invalid repository name component \"{}\" (lower-case letters, digits, . _ -)", text,
                  component);
    }
    start = slash + 1;
  }
  bool hub = domain.empty() || IsDockerHubHost(domain);
  ref.registry = hub ? std::string(kDockerHubRegistry) : std::string(domain);
  ref.repository = (hub && rest.find('/') == rest.npos ? "library/" : "") + std::string(rest);
  ref.local = !hub && IsLocalHost(domain);
  if (ref.tag.empty() && ref.digest.empty()) ref.tag = "latest";
  return ref;
}

}  // namespace drydock
