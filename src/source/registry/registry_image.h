// An image in a registry, as the rest of the source stage sees any image: a BlobStore and a plan.
#pragma once

#include <memory>

#include "drydock/options.h"
#include "drydock/registry.h"
#include "source/image_plan.h"
#include "source/registry/reference.h"
#include "source/registry/registry_client.h"

namespace drydock {

struct RegistryImage {
  std::unique_ptr<BlobStore> store;  // blobs by "blobs/sha256/<hex>", each streamed by its own GET
  ImagePlan plan;
};

// Fetches the manifest `ref` names (through an index, by options.platform), then the config. Layers are
// fetched later, when the walk visits them.
Result<RegistryImage> OpenRegistryImage(const Reference& ref, const RegistryOptions& options);

// Options with credentials for `registry`: the flags' when given, else docker's config.json or helper.
Result<RegistryOptions> WithStoredCredentials(const RegistryOptions& options, const std::string& registry);
// A connected client for `ref`'s registry (credentials as WithStoredCredentials finds them) and the manifest `ref`
// names, as the registry serves it: a pinned digest is checked, an index stays an index. For callers that need
// the digest and then more of the registry (signatures, attestations, admission), not an image to scan.
struct ResolvedReference {
  std::unique_ptr<RegistryClient> client;
  FetchedManifest manifest;
};
Result<ResolvedReference> ResolveReference(const Reference& ref, const RegistryOptions& options);

// "http://mirror:5000/" -> "mirror:5000": a mirror serves the same repository paths as the origin.
std::string MirrorHost(std::string_view mirror);

// LoginRegistry (login.cc) is declared in drydock/registry.h.

}  // namespace drydock
