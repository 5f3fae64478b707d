#include "monitor/registry_watch_envelope.h"

#include <array>

#include "common/bounded_json.h"

namespace drydock {
namespace {

constexpr std::array<std::string_view, 6> kManifestMediaTypes = {
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.docker.distribution.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v1+prettyjws",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
};

bool IsDigest(std::string_view text) {
  constexpr std::string_view kPrefix = "sha256:";
  return text.size() == kPrefix.size() + 64 && text.starts_with(kPrefix) &&
         text.find_first_not_of("0123456789abcdef", kPrefix.size()) == std::string_view::npos;
}

// cosign and other tools attach signatures, attestations and SBOMs as manifests under "sha256-<hex>.sig" (.att,
// .sbom) tags: pushes of artifacts about an image, not images to scan.
bool IsArtifactTag(std::string_view tag) {
  return tag.starts_with("sha256-") && (tag.ends_with(".sig") || tag.ends_with(".att") || tag.ends_with(".sbom"));
}

}  // namespace

bool IsManifestMediaType(std::string_view media_type) {
  for (std::string_view known : kManifestMediaTypes) {
    if (media_type == known) return true;
  }
  return false;
}

Result<Envelope> ParseRegistryEnvelope(std::string_view body) {
  auto parsed = ParseBoundedJson(body, "registry notification", kMaxEnvelopeBytes, 16);
  if (!parsed) return FailWith(ErrorCode::kInvalidInput, "{}", parsed.error().message);
  if (!parsed->is_object() || !parsed->contains("events") || !(*parsed)["events"].is_array()) {
    return FailWith(ErrorCode::kInvalidInput, "a registry notification is {{\"events\": [...]}}");
  }
  Envelope out;
  for (const nlohmann::json& event : (*parsed)["events"]) {
    const nlohmann::json empty = nlohmann::json::object();
    const nlohmann::json& target = event.is_object() && event.contains("target") ? event["target"] : empty;
    const nlohmann::json& request = event.is_object() && event.contains("request") ? event["request"] : empty;
    ManifestPush push{.event_id = JsonString(event, "id"),
                      .host = JsonString(request, "host"),
                      .repository = JsonString(target, "repository"),
                      .digest = JsonString(target, "digest"),
                      .tag = JsonString(target, "tag"),
                      .media_type = JsonString(target, "mediaType")};
    const bool wanted = JsonString(event, "action") == "push" && IsManifestMediaType(push.media_type) &&
                        !push.event_id.empty() && push.event_id.size() <= 256 && !push.host.empty() &&
                        push.host.size() <= 256 && !push.repository.empty() && push.repository.size() <= 256 &&
                        IsDigest(push.digest) && push.tag.size() <= 128 && !IsArtifactTag(push.tag);
    if (!wanted) {
      ++out.ignored;
      continue;
    }
    out.pushes.push_back(std::move(push));
  }
  return out;
}

}  // namespace drydock
