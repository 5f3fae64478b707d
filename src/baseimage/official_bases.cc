#include "baseimage/official_bases.h"

#include <array>

namespace drydock::baseimage {
namespace {

// Current releases only, and only the tag spellings people put in FROM lines: every matched tag costs a manifest
// read per platform, and Docker Hub rate-limits anonymous manifest reads. Patch tags are kept where images are
// commonly pinned to them (Debian point releases, Alpine), so older builds of a release are still recognised.
constexpr std::array kOfficialBases = {
    OfficialBase{"docker.io/library/debian", R"((11|12|13)(\.[0-9]+)?(-slim)?|(bullseye|bookworm|trixie)(-slim)?)"},
    OfficialBase{"docker.io/library/ubuntu", R"(22\.04|24\.04|26\.04|jammy|noble|resolute)"},
    OfficialBase{"docker.io/library/alpine", R"(3\.(1[89]|2[0-9])(\.[0-9]+)?)"},
    OfficialBase{"docker.io/library/busybox", R"((1\.3[67](\.[0-9]+)?|stable|latest)(-(glibc|musl|uclibc))?)"},
    OfficialBase{"registry.access.redhat.com/ubi9/ubi", R"(9\.[0-9]+|latest)"},
    OfficialBase{"registry.access.redhat.com/ubi9/ubi-minimal", R"(9\.[0-9]+|latest)"},
    OfficialBase{"gcr.io/distroless/static-debian12", R"(latest|nonroot|debug|debug-nonroot)"},
    OfficialBase{"gcr.io/distroless/base-debian12", R"(latest|nonroot|debug|debug-nonroot)"},
    OfficialBase{"docker.io/library/node", R"((22|24|26)-(bookworm-|trixie-)?slim)"},
    OfficialBase{"docker.io/library/python", R"(3\.1[2-5]-slim(-bookworm|-trixie)?)"},
    OfficialBase{"docker.io/library/golang", R"(1\.(2[4-7])-(bookworm|trixie|alpine))"},
};

bool LooksLikeHost(std::string_view component) {
  return component.find_first_of(".:") != std::string_view::npos || component == "localhost";
}

}  // namespace

std::span<const OfficialBase> OfficialBases() { return kOfficialBases; }

Result<std::string> RehostRepository(std::string_view repository, std::string_view from) {
  while (from.ends_with('/')) from.remove_suffix(1);
  if (from.find("://") != std::string_view::npos) {
    return FailWith(ErrorCode::kInvalidInput, "--from {}: give HOST[/PREFIX] without a scheme", from);
  }
  if (from.find_first_of("@ \t") != std::string_view::npos) {
    return FailWith(ErrorCode::kInvalidInput, "--from {}: give HOST[/PREFIX] without a digest or spaces", from);
  }
  const std::string_view host = from.substr(0, from.find('/'));
  if (!LooksLikeHost(host)) {
    return FailWith(ErrorCode::kInvalidInput, "--from {}: must start with a registry host (a dot, a port or localhost)",
                    from);
  }
  if (from.find(':', host.size()) != std::string_view::npos) {
    return FailWith(ErrorCode::kInvalidInput, "--from {}: a prefix takes no tag", from);
  }
  const std::size_t slash = repository.find('/');
  if (slash == std::string_view::npos || slash + 1 == repository.size()) {
    return FailWith(ErrorCode::kInvalidInput, "{}: not HOST/PATH", repository);
  }
  return std::string(from) + std::string(repository.substr(slash));
}

Result<std::vector<OfficialOutcome>> AddOfficialBases(BaseIndex& index, std::string_view from,
                                                      const RegistryOptions& options) {
  std::vector<OfficialOutcome> outcomes;
  for (const OfficialBase& base : OfficialBases()) {
    std::string repository(base.repository);
    if (!from.empty()) {
      auto rehosted = RehostRepository(repository, from);
      if (!rehosted) return std::unexpected(rehosted.error());  // the same for every entry: stop at once
      repository = std::move(*rehosted);
    }
    auto added = AddRepository(index, repository, std::string(base.tags_regex), options);
    outcomes.push_back({std::move(repository), std::move(added)});
  }
  return outcomes;
}

}  // namespace drydock::baseimage
