// BuildKit SLSA provenance as a base-image source: the container images a build pulled are its "materials"
// (SLSA provenance v0.2, `predicate.materials`) or "resolvedDependencies" (v1,
// `predicate.buildDefinition.resolvedDependencies`), each `{uri: "pkg:docker/...@TAG?platform=...",
// digest: {sha256: HEX}}`. Pure: statement JSON text in, image references out.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"

namespace drydock::baseimage {

inline constexpr std::size_t kMaxMaterials = 1000;

struct ProvenanceImage {
  std::string name;      // "docker.io/library/debian", "127.0.0.1:5000/bases/debian"
  std::string tag;       // "" when pulled by digest only
  std::string digest;    // "sha256:<hex>" as resolved at build time
  std::string platform;  // "linux/amd64", from the purl's platform qualifier
};

// The pkg:docker materials of one in-toto statement, in statement order. A statement of another predicate type
// has none (not an error); JSON that is not an in-toto statement, or a material shaped wrongly, is an error.
Result<std::vector<ProvenanceImage>> ProvenanceImages(std::string_view statement_json);

// "pkg:docker/library/debian@12?platform=linux%2Famd64" -> docker.io/library/debian, tag 12. BuildKit writes
// the familiar name: "debian" is docker.io/library/debian; a first segment with a dot or colon is a registry.
Result<ProvenanceImage> ParseDockerPurl(std::string_view purl);

}  // namespace drydock::baseimage
