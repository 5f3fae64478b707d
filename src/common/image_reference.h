// Image references as `docker pull` reads them: [host[:port]/]path[:tag][@sha256:hex]. The one parser: the
// registry client pulls by it and policy rules judge image names by it.
#pragma once

#include <string>
#include <string_view>

#include "drydock/error.h"

namespace drydock {

inline constexpr std::string_view kDockerHubRegistry = "registry-1.docker.io";

struct Reference {
  std::string registry;    // host[:port] to contact: "registry-1.docker.io", "127.0.0.1:5000"
  std::string repository;  // "library/alpine", "drydock-test/debian12-app"
  std::string tag;         // "latest" when the reference names neither tag nor digest
  std::string digest;      // "sha256:<hex>" when pinned; then it, not the tag, selects the manifest
  bool local = false;      // localhost or a loopback address: plain HTTP is allowed without --insecure

  // What /v2/<repository>/manifests/<...> is asked for: the digest when pinned, else the tag.
  const std::string& ManifestId() const { return digest.empty() ? tag : digest; }
  // Canonical form, e.g. "docker.io/library/alpine:3.19".
  std::string ToString() const;
};

// Accepts the forms users type: "alpine", "alpine:3.19", "library/alpine", "host:port/repo/name:tag",
// "name@sha256:...", "name:tag@sha256:...". Docker Hub names get the "library/" prefix when they have one
// path component; Hub is recognised under any of its host names in any case, with or without ":443". Other
// hosts keep the case and port they were written with (the policy folds them for matching). Rejects anything the distribution reference grammar does not allow (upper case in the
// path, empty components, a scheme, a malformed tag or digest).
Result<Reference> ParseReference(std::string_view text);

}  // namespace drydock
