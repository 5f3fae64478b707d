// BuildKit's attestations: an image index lists, beside each platform's manifest, an "attestation manifest"
// (platform unknown/unknown, annotations vnd.docker.reference.type = attestation-manifest and
// vnd.docker.reference.digest = the image manifest it describes) whose layers are in-toto statements
// (application/vnd.in-toto+json, annotated in-toto.io/predicate-type). We read the SLSA provenance ones: they
// name the base images the build pulled.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"

namespace drydock {

inline constexpr std::size_t kMaxAttestationStatements = 16;
inline constexpr std::size_t kMaxStatementBytes = 4 << 20;

// The digest of the attestation manifest `index_json` lists for image manifest `manifest_digest`; none when the
// index has none (most images) or is not JSON we can read (the platform choice already reported that).
std::optional<std::string> AttestationManifestFor(std::string_view index_json, const std::string& manifest_digest);

// A blob by digest, whole, at most `max_bytes`; the caller of ReadProvenanceStatements checks the digest.
using FetchBlob = std::function<Result<std::string>(const std::string& digest, std::size_t max_bytes)>;

// The SLSA provenance statements of an attestation manifest (JSON), each fetched and checked against its digest.
Result<std::vector<std::string>> ReadProvenanceStatements(std::string_view attestation_manifest_json,
                                                          const FetchBlob& fetch);

}  // namespace drydock
