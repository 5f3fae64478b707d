// The registry's own push notifications: the Docker distribution notification envelope
// ({"events": [...]}, media types application/vnd.docker.distribution.events.v1+json and v2+json), read down to
// the manifest pushes worth a scan. Pure: the HTTP route (server/registry_hook_routes.cc) and the tests call it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "drydock/error.h"

namespace drydock {

inline constexpr std::size_t kMaxEnvelopeBytes = 4 << 20;

// One manifest pushed to the registry.
struct ManifestPush {
  std::string event_id;    // the registry's event id: the dedupe key
  std::string host;        // the registry as the pusher addressed it (request.host): "127.0.0.1:5000"
  std::string repository;  // "team/app"
  std::string digest;      // "sha256:<64 hex>"
  std::string tag;         // "" when pushed by digest (the platform manifests of a multi-arch push)
  std::string media_type;
};

struct Envelope {
  std::vector<ManifestPush> pushes;
  int ignored = 0;  // pulls, blob pushes, deletes, mounts, signature tags, events missing what a scan needs
};

// True for the media types a registry files a manifest or index under (Docker v2 schema 1 and 2, OCI).
bool IsManifestMediaType(std::string_view media_type);

// kInvalidInput when the body is not JSON, not an object with an "events" array, or over kMaxEnvelopeBytes.
// Events that are not manifest pushes, or lack an id, host, repository or a well-formed digest, are counted in
// `ignored`, never an error: the registry would otherwise re-send the whole envelope forever.
Result<Envelope> ParseRegistryEnvelope(std::string_view body);

}  // namespace drydock
