#include "scanner/base_image.h"

#include <algorithm>
#include <set>

#include "baseimage/advice.h"
#include "baseimage/identify.h"
#include "common/today.h"
#include "match/end_of_life.h"

namespace drydock {

baseimage::BaseFindings BaseFindingsOf(const ScanReport& report, bool base_only, std::string_view today) {
  baseimage::BaseFindings out;
  for (const Finding& f : report.vulnerabilities) {
    if (base_only && !f.base) continue;
    out.findings.emplace(std::pair{f.id, f.package_name}, f.severity);
  }
  const Distro& os = report.artifact.os;
  if (!os.empty()) {
    out.os = os.family + (os.version.empty() ? "" : " " + os.version);
    out.end_of_life_date = std::string(EndOfLifeDate(os));
    out.end_of_life = IsEndOfLife(os, today);
  }
  return out;
}

namespace {

// A candidate base, scanned as the image was (same DB, policy, cache, registry settings) but for nothing else.
void Advise(const ScanOptions& options, const ScanEnv& env, const Image& image, const baseimage::BaseIndex& index,
            ScanReport& report) {
  BaseImageInfo& base = *report.artifact.base_image;
  base.advised = true;
  auto repository = index.CurrentTags(base.name);
  if (!repository) {
    report.errors.push_back({"base_image", options.base_index, repository.error().message});
    return;
  }
  const std::string today = DateUtc(env.now);
  baseimage::AdviceInput input{.base = &base, .current = BaseFindingsOf(report, true, today),
                               .platform = image.os.empty() ? "" : image.os + "/" + image.architecture,
                               .repository = std::move(*repository)};
  // A variant ("linux/arm64/v8") is part of the platform the index records; compare os/arch only.
  for (baseimage::IndexEntry& e : input.repository) {
    if (std::count(e.platform.begin(), e.platform.end(), '/') > 1) e.platform.resize(e.platform.rfind('/'));
  }
  auto scan = [&](const baseimage::IndexEntry& entry) -> Result<baseimage::BaseFindings> {
    ScanOptions candidate = options;
    candidate.target = entry.repository + "@" + entry.digest;
    candidate.base_advice = candidate.exclude_base = false;
    candidate.base_index.clear();
    candidate.signed_attestations.clear();
    candidate.scan_secrets = candidate.scan_config = false;
    candidate.on_progress = nullptr;
    auto scanned = ScanImageIn(candidate, env);
    if (!scanned) return Rewrap(scanned.error(), "scanning {}:{}", entry.repository, entry.tag);
    return BaseFindingsOf(*scanned, false, today);
  };
  base.advice = baseimage::Advise(input, scan);
}

}  // namespace

void MarkBaseImage(const ScanOptions& options, const ScanEnv& env, const Image& image, ScanReport& report) {
  baseimage::ImageFacts facts{.history = image.history, .labels = image.config.labels,
                              .annotations = image.annotations, .attestations = image.attestations};
  for (const ScanOptions::SignedStatement& s : options.signed_attestations) {
    facts.signed_attestations.push_back({s.statement, s.signer});
  }
  for (const ImageLayer& layer : image.layers) {
    facts.diff_ids.push_back(layer.diff_id);
    facts.layer_created_by.push_back(layer.created_by);
  }
  if (!image.attestation_error.empty()) report.errors.push_back({"base_image", "attestations", image.attestation_error});
  std::unique_ptr<baseimage::BaseIndex> index;
  if (!options.base_index.empty()) {
    auto opened = baseimage::BaseIndex::Open(options.base_index);
    if (!opened) {
      report.errors.push_back({"base_image", options.base_index, opened.error().message});
    } else {
      index = std::move(*opened);
    }
  }
  auto base = baseimage::Identify(facts, index.get());
  if (!base) {
    report.errors.push_back({"base_image", options.base_index, base.error().message});
    return;
  }
  if (!*base) return;
  report.artifact.base_image = std::move(**base);
  const std::size_t layers = std::min(report.artifact.base_image->layers, facts.diff_ids.size());
  const std::set<std::string> base_layers(facts.diff_ids.begin(), facts.diff_ids.begin() + layers);
  // A diff_id the app layers repeat (an identical layer built twice) counts as the base's: it was there first.
  for (std::size_t row = 0; row < report.packages.size(); ++row) {
    report.packages.SetBase(row, base_layers.contains(report.packages[row].layer_diff_id));
  }
  for (Finding& f : report.vulnerabilities) f.base = base_layers.contains(f.layer_diff_id);
  for (SuppressedFinding& s : report.suppressed) s.finding.base = base_layers.contains(s.finding.layer_diff_id);
  if (options.base_advice && index != nullptr) Advise(options, env, image, *index, report);
  if (options.base_advice && options.base_index.empty()) {
    report.errors.push_back({"base_image", "", "--base-advice needs a base index (drydock base index add)"});
  }
  if (options.exclude_base) std::erase_if(report.vulnerabilities, [](const Finding& f) { return f.base; });
}

}  // namespace drydock
