// Pieces the SBOM readers share (private to source/sbom).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "source/sbom/sbom.h"

namespace drydock {

// Adds the package `purl_text` names (with drydock's or Trivy's `properties`) to `out`, or a `skipped` line
// starting with `where` when the purl is unusable.
void AddPurl(const std::string& where, const std::string& purl_text, SbomContents& out,
             const std::map<std::string, std::string>& properties);

// Appends `from`'s packages and notes to `into`; name, format and distro are kept from the first document.
void MergeSbom(SbomContents from, SbomContents& into);

// True for an SPDX package that describes the scanned artifact or its operating system rather than a package
// (primaryPackagePurpose CONTAINER / OPERATING-SYSTEM, or Trivy's SPDXRef-ContainerImage-* and
// SPDXRef-OperatingSystem-* ids): such a package has no purl, and that is no loss.
bool IsArtifactOrOs(std::string_view purpose, std::string_view spdx_id);

// SPDX 2.x tag-value: the document starts (after comments) with "SPDXVersion: SPDX-2.".
bool IsSpdxTagValue(std::string_view text);
Result<SbomContents> ReadSpdxTagValue(std::string_view text, std::string_view file);

// A DSSE envelope ({"payloadType", "payload"}) or an in-toto Statement ({"_type", "predicateType",
// "predicate"}).
bool IsAttestation(const nlohmann::json& doc);
// The SBOM an attestation carries: the envelope's base64 payload decoded to a Statement, whose predicate is a
// CycloneDX or SPDX document (predicate types https://cyclonedx.org/bom, https://spdx.dev/Document, or cosign's
// {"Data": ...} wrapper). Error for any other predicate or payload type, naming it.
Result<nlohmann::json> AttestedSbom(const nlohmann::json& doc, std::string_view file);

}  // namespace drydock
