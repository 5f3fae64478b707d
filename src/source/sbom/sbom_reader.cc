// CycloneDX and SPDX JSON documents -> packages, by purl. drydock's own CycloneDX properties
// (drydock:source_name, module, layer_diff_id, path, os_family/os_version) are read back when present, so a round
// trip loses nothing matching needs; other tools' SBOMs are matched from the purl alone.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "catalog/catalog.h"
#include "common/bounded_json.h"
#include "common/file.h"
#include "common/package_name.h"
#include "source/sbom/sbom.h"
#include "source/sbom/sbom_internal.h"

namespace drydock {
namespace {

using Json = nlohmann::json;

// Trivy's names for the source package of an OS package and an rpm's module, read as drydock's own.
constexpr std::pair<std::string_view, std::string_view> kForeignProperties[] = {
    {"aquasecurity:trivy:SrcName", "source_name"},
    {"aquasecurity:trivy:SrcVersion", "source_version"},
    {"aquasecurity:trivy:SrcRelease", "source_release"},
    {"aquasecurity:trivy:SrcEpoch", "source_epoch"},
    {"aquasecurity:trivy:Modularitylabel", "module"}};

std::map<std::string, std::string> DrydockProperties(const Json& component) {
  std::map<std::string, std::string> out;
  auto properties = component.find("properties");
  if (properties == component.end() || !properties->is_array()) return out;
  for (const Json& p : *properties) {
    std::string name = JsonString(p, "name");
    if (name.starts_with("drydock:")) out.emplace(name.substr(8), JsonString(p, "value"));
    for (const auto& [foreign, ours] : kForeignProperties) {
      if (name == foreign) out.emplace(ours, JsonString(p, "value"));
    }
  }
  // The component's own name and version, for drydock's components (marked by their ecosystem property).
  if (out.contains("ecosystem")) {
    out.emplace("name", JsonString(component, "name"));
    out.emplace("version", JsonString(component, "version"));
  }
  return out;
}

}  // namespace

// One purl into the contents; a purl drydock cannot use is listed in `skipped`, never silently dropped.
void AddPurl(const std::string& where, const std::string& purl_text, SbomContents& out,
             const std::map<std::string, std::string>& properties) {
  auto purl = ParsePurl(purl_text);
  if (!purl) {
    out.skipped.push_back(fmt::format("{}: {}", where, purl.error().message));
    return;
  }
  auto package = PackageFromPurl(*purl, &out.distro);
  if (!package) {
    out.skipped.push_back(fmt::format("{}: {}", where, package.error().message));
    return;
  }
  package->purl = purl_text;
  auto take = [&](const char* key, std::string& field) {
    if (auto found = properties.find(key); found != properties.end() && !found->second.empty())
      field = found->second;
  };
  take("source_name", package->source_name);
  take("source_version", package->source_version);
  // Trivy splits an OS package's source version into SrcEpoch, SrcVersion and SrcRelease; matching by source
  // package needs all three ("1:1.0.2k-16.el7"), or every fix of the same upstream version looks newer.
  if (!package->source_version.empty() && package->source_version.find(':') == std::string::npos) {
    if (auto release = properties.find("source_release"); release != properties.end() && !release->second.empty())
      package->source_version += "-" + release->second;
    if (auto epoch = properties.find("source_epoch"); epoch != properties.end() && !epoch->second.empty() &&
                                                      epoch->second.find_first_not_of('0') != std::string::npos)
      package->source_version = epoch->second + ":" + package->source_version;
  }
  // drydock writes "name:stream", Trivy the whole MODULARITYLABEL; either wins over the purl's rpmmod.
  if (auto module = properties.find("module"); module != properties.end() && package->ecosystem == "rpm") {
    if (std::string stream = RpmModuleStream(module->second); !stream.empty()) package->module = stream;
  }
  // A PyPI purl's name is folded ("jinja2"); the document's own name for it ("Jinja2") is how the package spells
  // itself, and reports keep that spelling (PackageId folds it again, so ids do not change).
  if (auto written = properties.find("written_name"); written != properties.end() && package->ecosystem == "pypi" &&
                                                      NormalizePypiName(written->second) == NormalizePypiName(package->name)) {
    package->name = written->second;
  }
  take("layer_diff_id", package->layer_diff_id);
  take("path", package->path);
  // drydock's own components say exactly what the scan saw, whatever the purl's spelling of the name
  // (namespace, group, percent-encoded slashes): the package, and so its id and matches, come back unchanged.
  if (properties.contains("ecosystem")) {
    take("ecosystem", package->ecosystem);
    take("name", package->name);
    take("version", package->version);
    take("arch", package->arch);
    package->id = PackageId(*package);
  }
  out.packages.push_back(std::move(*package));
}

namespace {

// Components nest (components[].components[]); walked with an explicit stack so depth cannot exhaust ours.
Status ReadCycloneDx(const Json& doc, std::string_view file, SbomContents& out) {
  const Json metadata = doc.value("metadata", Json::object());
  const Json root = metadata.is_object() ? metadata.value("component", Json::object()) : Json::object();
  out.name = JsonString(root, "name");
  auto root_properties = root.is_object() ? DrydockProperties(root) : std::map<std::string, std::string>{};
  if (root_properties.contains("os_family")) {
    out.distro.family = root_properties["os_family"];
    out.distro.version = root_properties["os_version"];
  }
  // A KBOM's root is the cluster itself ("pkg:k8s/k8s.io%2Fkubernetes@1.27.0"): its version is judged too.
  if (std::string root_purl = JsonString(root, "purl"); root_purl.starts_with("pkg:k8s/")) {
    AddPurl(fmt::format("{}: metadata.component", file), root_purl, out, {});
  }
  auto components = doc.find("components");
  if (components == doc.end()) return {};
  if (!components->is_array()) return Fail("{}: `components` is not a list", file);
  std::vector<std::pair<std::string, const Json*>> stack;
  for (std::size_t i = components->size(); i-- > 0;)
    stack.emplace_back(fmt::format("components[{}]", i), &(*components)[i]);
  std::size_t seen = 0;
  while (!stack.empty()) {
    auto [where, component] = stack.back();
    stack.pop_back();
    if (++seen > kMaxSbomComponents) return Fail("{}: more than {} components", file, kMaxSbomComponents);
    if (!component->is_object()) return Fail("{}: {} is not an object", file, where);
    auto purl = component->find("purl");
    if (purl != component->end() && !purl->is_string())
      return Fail("{}: {}.purl is not a string", file, where);
    if (purl == component->end() || purl->get<std::string>().empty()) {
      if (JsonString(*component, "type") != "operating-system") {
        out.skipped.push_back(
            fmt::format("{}: {} ({}) has no purl", file, where, JsonString(*component, "name")));
      }
    } else {
      auto properties = DrydockProperties(*component);
      properties.emplace("written_name", JsonString(*component, "name"));
      AddPurl(fmt::format("{}: {}", file, where), purl->get<std::string>(), out, properties);
    }
    if (auto nested = component->find("components"); nested != component->end() && nested->is_array()) {
      for (std::size_t i = nested->size(); i-- > 0;)
        stack.emplace_back(fmt::format("{}.components[{}]", where, i), &(*nested)[i]);
    }
  }
  return {};
}

Status ReadSpdx(const Json& doc, std::string_view file, SbomContents& out) {
  out.name = JsonString(doc, "name");
  auto packages = doc.find("packages");
  if (packages == doc.end()) return {};
  if (!packages->is_array()) return Fail("{}: `packages` is not a list", file);
  if (packages->size() > kMaxSbomComponents)
    return Fail("{}: more than {} packages", file, kMaxSbomComponents);
  for (std::size_t i = 0; i < packages->size(); ++i) {
    const Json& p = (*packages)[i];
    std::string where = fmt::format("{}: packages[{}]", file, i);
    if (!p.is_object()) return Fail("{} is not an object", where);
    std::string purl;
    if (auto refs = p.find("externalRefs"); refs != p.end()) {
      if (!refs->is_array()) return Fail("{}.externalRefs is not a list", where);
      for (const Json& ref : *refs) {
        if (JsonString(ref, "referenceType") == "purl") purl = JsonString(ref, "referenceLocator");
      }
    }
    if (purl.empty()) {
      // The described artifact itself (an image or directory) has no purl; anything else is worth a note.
      if (!IsArtifactOrOs(JsonString(p, "primaryPackagePurpose"), JsonString(p, "SPDXID"))) {
        out.skipped.push_back(fmt::format("{} ({}) has no purl", where, JsonString(p, "name")));
      }
      continue;
    }
    AddPurl(where, purl, out, {{"written_name", JsonString(p, "name")}});
  }
  return {};
}


// One parsed JSON document: CycloneDX, SPDX, or an attestation wrapping one (DSSE envelope or in-toto
// Statement), merged into `out`.
Status ReadJsonDocument(const Json& doc, std::string_view file, SbomContents& out) {
  if (!doc.is_object()) return Fail("{}:1: an SBOM must be a JSON object", file);
  if (IsAttestation(doc)) {
    auto predicate = AttestedSbom(doc, file);
    if (!predicate) return std::unexpected(predicate.error());
    if (IsAttestation(*predicate)) return Fail("{}: an attestation inside an attestation", file);
    return ReadJsonDocument(*predicate, file, out);
  }
  SbomContents one;
  Status read;
  if (JsonString(doc, "bomFormat") == "CycloneDX") {
    one.format = "cyclonedx";
    read = ReadCycloneDx(doc, file, one);
  } else if (JsonString(doc, "spdxVersion").starts_with("SPDX-2.")) {
    one.format = "spdx";
    read = ReadSpdx(doc, file, one);
  } else {
    return Fail("{}: neither CycloneDX (bomFormat) nor SPDX 2.x (spdxVersion) JSON", file);
  }
  if (!read) return std::unexpected(read.error());
  MergeSbom(std::move(one), out);
  return {};
}

}  // namespace

bool IsArtifactOrOs(std::string_view purpose, std::string_view spdx_id) {
  return purpose == "CONTAINER" || purpose == "OPERATING-SYSTEM" || spdx_id.starts_with("SPDXRef-ContainerImage") ||
         spdx_id.starts_with("SPDXRef-OperatingSystem");
}

void MergeSbom(SbomContents from, SbomContents& into) {
  if (into.format.empty()) into.format = from.format;
  if (into.name.empty()) into.name = std::move(from.name);
  if (into.distro.empty()) into.distro = from.distro;
  if (into.packages.size() + from.packages.size() > kMaxSbomComponents) from.packages.resize(0);
  for (Package& p : from.packages) into.packages.push_back(std::move(p));
  for (std::string& s : from.skipped) into.skipped.push_back(std::move(s));
}

Result<SbomContents> ReadSbom(std::string_view text, std::string_view file) {
  if (text.size() > kMaxSbomBytes)
    return Fail("{}: {} bytes is over the {}-byte limit", file, text.size(), kMaxSbomBytes);
  if (IsSpdxTagValue(text)) return ReadSpdxTagValue(text, file);
  SbomContents out;
  // JSON Lines (one attestation per line, as `cosign download attestation` writes them), or one document.
  std::vector<std::pair<std::size_t, std::string_view>> documents;  // (first line, text)
  if (file.ends_with(".jsonl")) {
    std::size_t line = 0;
    for (std::size_t start = 0; start < text.size();) {
      std::size_t end = std::min(text.find('\n', start), text.size());
      ++line;
      std::string_view one = text.substr(start, end - start);
      if (one.find_first_not_of(" \t\r") != std::string_view::npos) documents.emplace_back(line, one);
      start = end + 1;
    }
    if (documents.empty()) return Fail("{}: no JSON document in the file", file);
  } else {
    documents.emplace_back(1, text);
  }
  for (const auto& [first_line, one] : documents) {
    if (JsonTooDeep(one, kMaxJsonNestingDepth)) {
      return Fail("{}:{}: JSON nested deeper than {} levels", file, first_line, kMaxJsonNestingDepth);
    }
    try {
      Json doc = Json::parse(one);
      Status read = ReadJsonDocument(doc, file, out);
      if (!read) return std::unexpected(read.error());
    } catch (const Json::parse_error& e) {
      return Fail("{}:{}: invalid JSON: {}", file, first_line - 1 + LineAtOffset(one, e.byte == 0 ? 0 : e.byte - 1),
                  e.what());
    } catch (const Json::exception& e) {
      return Fail("{}: {}", file, e.what());
    }
  }
  return out;
}

}  // namespace drydock
