#include "baseimage/provenance.h"

#include <nlohmann/json.hpp>

namespace drydock::baseimage {
namespace {

using Json = nlohmann::json;

constexpr std::string_view kDockerPurl = "pkg:docker/";

// %2F -> '/', %3A -> ':' and the like; a broken escape is an error.
Result<std::string> PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (i + 2 >= text.size() || hex(text[i + 1]) < 0 || hex(text[i + 2]) < 0) {
      return Fail("bad percent escape in \"{}\"", text);
    }
    out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
    i += 2;
  }
  return out;
}

}  // namespace

Result<ProvenanceImage> ParseDockerPurl(std::string_view purl) {
  if (!purl.starts_with(kDockerPurl)) return Fail("\"{}\" is not a pkg:docker purl", purl);
  std::string_view rest = purl.substr(kDockerPurl.size());
  std::string_view qualifiers;
  if (auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  if (auto q = rest.find('?'); q != std::string_view::npos) {
    qualifiers = rest.substr(q + 1);
    rest = rest.substr(0, q);
  }
  ProvenanceImage image;
  std::string_view path = rest;
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    auto version = PercentDecode(rest.substr(at + 1));
    if (!version) return std::unexpected(version.error());
    (version->starts_with("sha256:") ? image.digest : image.tag) = *version;
    path = rest.substr(0, at);
  }
  auto name = PercentDecode(path);
  if (!name) return std::unexpected(name.error());
  if (name->empty() || name->front() == '/' || name->back() == '/') return Fail("\"{}\": no image name", purl);
  const std::size_t slash = name->find('/');
  const std::string first = name->substr(0, slash);
  const bool has_registry = slash != std::string::npos &&
                            (first.find_first_of(".:") != std::string::npos || first == "localhost");
  if (!has_registry) *name = "docker.io/" + (slash == std::string::npos ? "library/" + *name : *name);
  image.name = std::move(*name);
  for (std::size_t at = 0; at < qualifiers.size();) {
    std::size_t end = std::min(qualifiers.find('&', at), qualifiers.size());
    std::string_view pair = qualifiers.substr(at, end - at);
    if (pair.starts_with("platform=")) {
      auto platform = PercentDecode(pair.substr(9));
      if (!platform) return std::unexpected(platform.error());
      image.platform = std::move(*platform);
    }
    at = end + 1;
  }
  return image;
}

Result<std::vector<ProvenanceImage>> ProvenanceImages(std::string_view statement_json) {
  Json statement = Json::parse(statement_json, nullptr, /*allow_exceptions=*/false);
  if (!statement.is_object() || !statement.value("predicateType", Json()).is_string()) {
    return Fail("not an in-toto statement (no predicateType)");
  }
  const std::string type = statement["predicateType"].get<std::string>();
  const Json predicate = statement.value("predicate", Json::object());
  if (!predicate.is_object()) return Fail("in-toto statement: predicate is not an object");
  Json materials;
  if (type == "https://slsa.dev/provenance/v0.2") {
    materials = predicate.value("materials", Json::array());
  } else if (type == "https://slsa.dev/provenance/v1") {
    const Json definition = predicate.value("buildDefinition", Json::object());
    materials = definition.is_object() ? definition.value("resolvedDependencies", Json::array()) : Json();
  } else {
    return std::vector<ProvenanceImage>();
  }
  if (!materials.is_array()) return Fail("{} provenance: materials are not a list", type);
  if (materials.size() > kMaxMaterials) return Fail("{} provenance: more than {} materials", type, kMaxMaterials);
  std::vector<ProvenanceImage> images;
  for (const Json& m : materials) {
    if (!m.is_object() || !m.value("uri", Json()).is_string()) return Fail("{} provenance: a material has no uri", type);
    const std::string uri = m["uri"].get<std::string>();
    if (!uri.starts_with(kDockerPurl)) continue;  // git sources, HTTP downloads
    auto image = ParseDockerPurl(uri);
    if (!image) return Rewrap(image.error(), "{} provenance", type);
    const Json digest = m.value("digest", Json::object());
    if (digest.is_object() && digest.value("sha256", Json()).is_string()) {
      image->digest = "sha256:" + digest["sha256"].get<std::string>();
    }
    images.push_back(std::move(*image));
  }
  return images;
}

}  // namespace drydock::baseimage
