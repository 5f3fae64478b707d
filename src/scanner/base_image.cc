#include "scanner/base_image.h"

#include <algorithm>
#include <set>

#include "baseimage/identify.h"

namespace drydock {

void MarkBaseImage(const ScanOptions& options, const Image& image, ScanReport& report) {
  baseimage::ImageFacts facts{
      .history = image.history, .labels = image.config.labels, .annotations = image.annotations};
  for (const ImageLayer& layer : image.layers) {
    facts.diff_ids.push_back(layer.diff_id);
    facts.layer_created_by.push_back(layer.created_by);
  }
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
  for (Package& p : report.packages) p.base = base_layers.contains(p.layer_diff_id);
  for (Finding& f : report.vulnerabilities) f.base = base_layers.contains(f.layer_diff_id);
  for (SuppressedFinding& s : report.suppressed) s.finding.base = base_layers.contains(s.finding.layer_diff_id);
  if (options.exclude_base) std::erase_if(report.vulnerabilities, [](const Finding& f) { return f.base; });
}

}  // namespace drydock
