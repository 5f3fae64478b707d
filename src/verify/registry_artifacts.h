// Reading what signers attach to an image in a registry, shared by signatures (image_signatures.cc) and
// attestations (image_attestations.cc): the referrers index, blobs named by descriptors, a referrer's one layer.
// Everything read is bounded and checked against its digest before a verifier sees it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

#include "drydock/error.h"
#include "source/registry/registry_client.h"

namespace drydock::verify {

// A Sigstore bundle's artifact type: the v0.3 media type or any version of the older parameterised one.
bool IsBundleType(std::string_view artifact_type);

// The descriptors ("manifests") of `digest`'s OCI referrers index; empty when the registry has none. An index
// that is not an image index is an error ("not an image index").
Result<nlohmann::json> ReferrerDescriptors(RegistryClient& client, const std::string& digest);

// The blob `descriptor` names, at most `max_bytes`, checked against its sha256 digest.
Result<std::string> FetchDescribedBlob(RegistryClient& client, const nlohmann::json& descriptor,
                                       std::size_t max_bytes);

// The first layer of referrer manifest `manifest_digest` (a Sigstore bundle's manifest holds it in its one
// layer), at most `max_bytes`, checked against its digest.
Result<std::string> FetchReferrerLayer(RegistryClient& client, const std::string& manifest_digest,
                                       std::size_t max_bytes);

}  // namespace drydock::verify
