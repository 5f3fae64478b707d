// SBOM attestations: in-toto Statements, usually inside a DSSE envelope (cosign attest, docker buildx's
// attestations, Trivy's --format attest). Signatures are not checked here: the scan reads what the SBOM says,
// as with a plain SBOM file; verifying who attested it is `drydock verify`'s job.
#include <openssl/evp.h>

#include <vector>

#include "common/bounded_json.h"
#include "source/sbom/sbom_internal.h"

namespace drydock {
namespace {

using Json = nlohmann::json;

// Standard base64 (DSSE payloads); URL-safe characters are mapped first, since some producers use them.
Result<std::string> DecodeBase64(std::string encoded) {
  for (char& c : encoded) {
    if (c == '-') c = '+';
    else if (c == '_') c = '/';
  }
  while (encoded.size() % 4 != 0) encoded += '=';
  std::vector<unsigned char> decoded(encoded.size() / 4 * 3 + 3);
  const int length = EVP_DecodeBlock(decoded.data(), reinterpret_cast<const unsigned char*>(encoded.data()),
                                     static_cast<int>(encoded.size()));
  if (length < 0) return Fail("payload is not base64");
  std::size_t size = static_cast<std::size_t>(length);
  // EVP_DecodeBlock counts '=' padding as output bytes; drop them.
  for (std::size_t i = encoded.size(); i > 0 && encoded[i - 1] == '=' && size > 0; --i) --size;
  return std::string(reinterpret_cast<const char*>(decoded.data()), size);
}

bool IsStatement(const Json& doc) {
  return doc.is_object() && JsonString(doc, "_type").starts_with("https://in-toto.io/Statement") &&
         doc.contains("predicate");
}

}  // namespace

bool IsAttestation(const Json& doc) {
  return doc.is_object() && ((doc.contains("payloadType") && doc.contains("payload")) || IsStatement(doc));
}

Result<Json> AttestedSbom(const Json& doc, std::string_view file) {
  Json statement = doc;
  if (!IsStatement(doc)) {
    const std::string type = JsonString(doc, "payloadType");
    if (type != "application/vnd.in-toto+json") return Fail("{}: DSSE payload type \"{}\" is not in-toto", file, type);
    const std::string payload = JsonString(doc, "payload");
    if (payload.size() / 4 * 3 > kMaxSbomBytes) return Fail("{}: DSSE payload over {} bytes", file, kMaxSbomBytes);
    auto decoded = DecodeBase64(payload);
    if (!decoded) return Rewrap(decoded.error(), "{}: DSSE envelope", file);
    auto parsed = ParseBoundedJson(*decoded, fmt::format("{}: DSSE payload", file), kMaxSbomBytes);
    if (!parsed) return std::unexpected(parsed.error());
    statement = std::move(*parsed);
    if (!IsStatement(statement)) return Fail("{}: the DSSE payload is not an in-toto Statement", file);
  }
  const std::string predicate_type = JsonString(statement, "predicateType");
  Json predicate = statement["predicate"];
  // cosign's generic attestation wraps the document as a string in {"Data": "..."}.
  if (predicate.is_object() && predicate.contains("Data")) {
    const Json& data = predicate["Data"];
    if (data.is_string()) {
      auto parsed = ParseBoundedJson(data.get<std::string>(), fmt::format("{}: attestation Data", file), kMaxSbomBytes);
      if (!parsed) return std::unexpected(parsed.error());
      predicate = std::move(*parsed);
    } else {
      predicate = data;
    }
  }
  const bool cyclonedx = predicate_type.starts_with("https://cyclonedx.org/") || predicate.contains("bomFormat");
  const bool spdx = predicate_type.starts_with("https://spdx.dev/") || predicate.contains("spdxVersion");
  if (!predicate.is_object() || (!cyclonedx && !spdx)) {
    return Fail("{}: the attestation's predicate ({}) is not a CycloneDX or SPDX SBOM", file,
                predicate_type.empty() ? "no predicateType" : predicate_type);
  }
  return predicate;
}

}  // namespace drydock
