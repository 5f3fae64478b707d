#include "baseimage/identify.h"

#include <fmt/core.h>

#include "baseimage/chain_id.h"
#include "baseimage/provenance.h"

namespace drydock::baseimage {
namespace {

constexpr const char* kBaseName = "org.opencontainers.image.base.name";
constexpr const char* kBaseDigest = "org.opencontainers.image.base.digest";

std::string Lookup(const ImageFacts& image, const char* key) {
  if (auto it = image.annotations.find(key); it != image.annotations.end()) return it->second;
  if (auto it = image.labels.find(key); it != image.labels.end()) return it->second;
  return "";
}

// "docker.io/library/debian:12@sha256:..." -> name "docker.io/library/debian", tag "12". A colon after the last
// slash starts the tag, so "host:5000/repo" keeps its port.
void SplitName(std::string reference, BaseImageInfo& base) {
  if (auto at = reference.find('@'); at != std::string::npos) {
    if (base.digest.empty()) base.digest = reference.substr(at + 1);
    reference.resize(at);
  }
  const std::size_t slash = reference.rfind('/');
  const std::size_t colon = reference.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) {
    base.tag = reference.substr(colon + 1);
    reference.resize(colon);
  }
  base.name = reference;
}

BaseImageCandidate CandidateOf(const IndexEntry& e) {
  return {e.repository, e.tag, e.digest, e.created, e.current};
}

// A base named by digest (annotation, provenance): its layer count, creation time and size from the index, when it
// knows that digest.
Status FillFromIndex(const BaseIndex* index, BaseImageInfo& base) {
  if (index == nullptr || base.digest.empty()) return {};
  auto known = index->FindDigest(base.digest);
  if (!known) return std::unexpected(known.error());
  if (!known->empty()) {
    base.layers = known->front().layers;
    base.created = known->front().created;
    base.size_bytes = known->front().size_bytes;
  }
  return {};
}

Result<std::optional<BaseImageInfo>> FromAnnotations(const ImageFacts& image, const BaseIndex* index) {
  const std::string name = Lookup(image, kBaseName);
  const std::string digest = Lookup(image, kBaseDigest);
  if (name.empty() && digest.empty()) return std::nullopt;
  BaseImageInfo base{.digest = digest, .source = "annotation"};
  SplitName(name, base);
  if (auto filled = FillFromIndex(index, base); !filled) return std::unexpected(filled.error());
  if (base.layers == 0) base.layers = HistoryBaseLayers(image);
  if (base.layers > image.diff_ids.size()) base.layers = 0;  // the annotation names something we cannot be on
  base.reason = fmt::format("the image's {} annotation (unsigned) names it", name.empty() ? kBaseDigest : kBaseName);
  return base;
}

Result<std::optional<BaseImageInfo>> FromIndex(const ImageFacts& image, const BaseIndex& index) {
  auto chain = ChainIds(image.diff_ids);
  if (!chain) return std::unexpected(chain.error());
  for (std::size_t n = chain->size(); n > 0; --n) {
    auto found = index.Find((*chain)[n - 1]);
    if (!found) return std::unexpected(found.error());
    if (found->empty()) continue;
    const IndexEntry& best = found->front();  // current first, then newest
    BaseImageInfo base{.name = best.repository, .tag = best.tag, .digest = best.digest, .source = "index",
                       .layers = n, .created = best.created, .size_bytes = best.size_bytes};
    base.reason = fmt::format("the base-image index holds the chain ID of the image's first {} of {} layers ({} "
                              "indexed tag{})", n, chain->size(), found->size(), found->size() == 1 ? "" : "s");
    for (const IndexEntry& e : *found) base.candidates.push_back(CandidateOf(e));
    return base;
  }
  return std::nullopt;
}

// `statements` are (statement JSON, signer); the signer is "" for unsigned ones.
Result<std::optional<BaseImageInfo>> FromProvenance(const ImageFacts& image, const BaseIndex* index,
                                                    const std::vector<std::pair<std::string, std::string>>& statements) {
  std::vector<ProvenanceImage> materials;
  std::vector<std::string> signers;  // parallel to materials
  for (const auto& [statement, signer] : statements) {
    auto found = ProvenanceImages(statement);
    if (!found) return Rewrap(found.error(), "provenance attestation");
    materials.insert(materials.end(), found->begin(), found->end());
    signers.resize(materials.size(), signer);
  }
  if (materials.empty()) return std::nullopt;
  std::optional<BaseImageInfo> indexed;
  if (index != nullptr) {
    auto by_chain = FromIndex(image, *index);
    if (!by_chain) return std::unexpected(by_chain.error());
    indexed = std::move(*by_chain);
  }
  // The material the index places under the image's layers, else the last one pulled.
  const ProvenanceImage* chosen = &materials.back();
  if (indexed) {
    for (const ProvenanceImage& m : materials) {
      bool known = m.digest == indexed->digest;
      for (const BaseImageCandidate& c : indexed->candidates) known = known || m.digest == c.digest || m.name == c.name;
      if (known) chosen = &m;
    }
  }
  const std::string& signer = signers[static_cast<std::size_t>(chosen - materials.data())];
  BaseImageInfo base{.name = chosen->name, .tag = chosen->tag, .digest = chosen->digest,
                     .source = signer.empty() ? "provenance" : "signed-provenance"};
  base.reason = signer.empty()
                    ? "an unsigned SLSA provenance attestation names it among the build's materials"
                    : fmt::format("a SLSA provenance attestation signed by {} names it among the build's materials", signer);
  if (indexed && indexed->digest != base.digest) {
    base.reason += fmt::format("; layer matching alone would have said {}:{}", indexed->name, indexed->tag);
  }
  for (const ProvenanceImage& m : materials) base.candidates.push_back({m.name, m.tag, m.digest, "", true});
  if (auto filled = FillFromIndex(index, base); !filled) return std::unexpected(filled.error());
  if (base.layers == 0 && indexed) base.layers = indexed->layers;
  if (base.layers == 0) base.layers = HistoryBaseLayers(image);
  if (base.layers > image.diff_ids.size()) base.layers = 0;
  return base;
}

}  // namespace

Result<std::optional<BaseImageInfo>> Identify(const ImageFacts& image, const BaseIndex* index) {
  std::vector<std::pair<std::string, std::string>> signed_statements, unsigned_statements;
  for (const ImageFacts::SignedStatement& s : image.signed_attestations) {
    signed_statements.emplace_back(s.statement, s.signer.empty() ? "a trusted key" : s.signer);
  }
  for (const std::string& s : image.attestations) unsigned_statements.emplace_back(s, "");
  auto signed_base = FromProvenance(image, index, signed_statements);
  if (!signed_base || *signed_base) return signed_base;
  auto annotated = FromAnnotations(image, index);
  if (!annotated || *annotated) return annotated;
  auto attested = FromProvenance(image, index, unsigned_statements);
  if (!attested || *attested) return attested;
  if (index != nullptr) {
    auto indexed = FromIndex(image, *index);
    if (!indexed || *indexed) return indexed;
  }
  if (std::size_t layers = HistoryBaseLayers(image); layers > 0) {
    return BaseImageInfo{.source = "history", .reason = fmt::format("nothing names the base; the image's history "
                                                                    "ends the base at its first CMD, after {} layer{}",
                                                                    layers, layers == 1 ? "" : "s"),
                         .layers = layers};
  }
  return std::nullopt;
}

}  // namespace drydock::baseimage
