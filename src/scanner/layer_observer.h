// The scanner's FileObserver for one layer: feeds every text file to the secret scanner and records what the
// image checks need (setuid files, package caches). One instance per layer visit, so no locking is needed.
#pragma once

#include <memory>
#include <vector>

#include "checks/checks.h"
#include "drydock/options.h"
#include "layers/layer_walk.h"
#include "secret/secret.h"

namespace drydock {

inline constexpr std::size_t kMaxSecretsPerLayer = 1000;

class LayerObserver {
 public:
  // `scanner` may be null (secret scanning off); it must outlive this object.
  LayerObserver(const ScanOptions& options, const SecretScanner* scanner);
  const FileObserver& hook() const { return hook_; }

  std::vector<SecretFinding> secrets;  // layer_diff_id not yet set
  LayerObservations observations;
  std::vector<ScanError> errors;

 private:
  FileObserver hook_;
  std::unique_ptr<SecretScratch> scratch_;
};

// Secrets in env values and history commands: the rule table, plus NAME=value where NAME is sensitive.
std::vector<SecretFinding> ScanConfigSecrets(const SecretScanner& scanner, const std::vector<std::string>& env,
                                             const std::vector<std::string>& history);

// Marks file secrets whose path a later layer deletes (whiteout or opaque dir). `layers` is base first.
void MarkRemovedSecrets(std::vector<SecretFinding>& secrets, const std::vector<const LayerFiles*>& layers,
                        const std::vector<std::string>& diff_ids);

void SortSecrets(std::vector<SecretFinding>& secrets);

}  // namespace drydock

namespace drydock {

struct Image;

// Fills report.secrets / report.misconfigurations from the per-layer observers (parallel to image.layers; null
// entries when nothing was observed) and the image config, as options.scan_secrets / scan_config ask.
void AddImageAnalyses(const ScanOptions& options, const Image& image, const std::vector<const LayerFiles*>& layers,
                      const std::vector<const LayerObserver*>& observers, const SecretScanner* scanner,
                      ScanReport& report);

// The rootfs form: file secrets from the one observer, and only the checks a directory can answer (package
// caches); the image-config checks (USER, tag, env, history) need a config a directory does not have.
void AddRootfsAnalyses(const ScanOptions& options, const LayerObserver& observer, ScanReport& report);

}  // namespace drydock
