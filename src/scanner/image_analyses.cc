// Secrets and configuration checks for an image, after the single layer pass.
#include <algorithm>

#include "scanner/layer_observer.h"
#include "source/image.h"

namespace drydock {

void AddImageAnalyses(const ScanOptions& options, const Image& image, const std::vector<const LayerFiles*>& layers,
                      const std::vector<const LayerObserver*>& observers, const SecretScanner* scanner,
                      ScanReport& report) {
  std::vector<std::string> diff_ids;
  for (const ImageLayer& layer : image.layers) diff_ids.push_back(layer.diff_id);
  ImageCheckInput input{.name = image.name, .config = image.config, .env = image.env, .history = image.history};
  for (std::size_t i = 0; i < observers.size(); ++i) {
    if (observers[i] == nullptr) continue;
    for (SecretFinding s : observers[i]->secrets) {
      s.layer_diff_id = diff_ids[i];
      report.secrets.push_back(std::move(s));
    }
    report.errors.insert(report.errors.end(), observers[i]->errors.begin(), observers[i]->errors.end());
    LayerObservations seen = observers[i]->observations;
    seen.diff_id = diff_ids[i];
    input.layers.push_back(std::move(seen));
  }
  if (options.scan_secrets && scanner != nullptr) {
    auto config_secrets = ScanConfigSecrets(*scanner, image.env, image.history);
    report.secrets.insert(report.secrets.end(), config_secrets.begin(), config_secrets.end());
    MarkRemovedSecrets(report.secrets, layers, diff_ids);
    SortSecrets(report.secrets);
  }
  if (options.scan_config) report.misconfigurations = CheckImage(input);
}

void AddRootfsAnalyses(const ScanOptions& options, const LayerObserver& observer, ScanReport& report) {
  report.errors.insert(report.errors.end(), observer.errors.begin(), observer.errors.end());
  if (options.scan_secrets) {
    report.secrets = observer.secrets;
    SortSecrets(report.secrets);
  }
  if (!options.scan_config) return;
  LayerObservations seen = observer.observations;
  // readdir order is the filesystem's; the "first cache file" a finding names must not be.
  std::sort(seen.package_cache_files.begin(), seen.package_cache_files.end());
  std::sort(seen.setuid_files.begin(), seen.setuid_files.end());
  ImageCheckInput input{.name = report.artifact.name, .layers = {std::move(seen)}};
  for (Misconfiguration& m : CheckImage(input)) {
    if (!m.path.empty()) report.misconfigurations.push_back(std::move(m));  // the file-based checks only
  }
}

}  // namespace drydock
