#include "scanner/layer_observer.h"
#include "common/severity.h"

#include <algorithm>
#include <fmt/core.h>

namespace drydock {
namespace {

bool IsPackageCache(std::string_view path) {
  if (path.starts_with("var/lib/apt/lists/")) {
    return path != "var/lib/apt/lists/lock" && !path.starts_with("var/lib/apt/lists/partial/");
  }
  return path.starts_with("var/cache/apk/") || (path.starts_with("var/cache/apt/archives/") && path.ends_with(".deb"));
}

SecretFinding FromMatch(const SecretMatch& m, std::string source, std::string path) {
  return SecretFinding{.rule_id = std::string(m.rule->id),
                       .category = std::string(m.rule->category),
                       .severity = std::string(m.rule->severity),
                       .title = std::string(m.rule->title),
                       .source = std::move(source),
                       .path = std::move(path),
                       .line = m.line,
                       .match = m.masked};
}

}  // namespace

LayerObserver::LayerObserver(const ScanOptions& options, const SecretScanner* scanner) {
  if (scanner != nullptr) {
    auto scratch = scanner->NewScratch();
    if (scratch) {
      scratch_ = std::make_unique<SecretScratch>(std::move(*scratch));
    } else {
      errors.push_back({"secret", "", scratch.error().message});
      scanner = nullptr;
    }
  }
  bool config = options.scan_config;
  hook_.wants = [this, scanner, config](const ObservedEntry& entry) {
    if (config) {
      if ((entry.mode & 06000) != 0) observations.setuid_files.emplace_back(entry.path);
      if (IsPackageCache(entry.path)) observations.package_cache_files.emplace_back(entry.path);
    }
    return scanner != nullptr && entry.size > 0 && !IsNoisySecretPath(entry.path);
  };
  hook_.see = [this, scanner](const ObservedEntry& entry, std::string_view bytes) {
    auto found = scanner->Scan(bytes, *scratch_);
    if (!found) {
      errors.push_back({"secret", std::string(entry.path), found.error().message});
      return;
    }
    for (const SecretMatch& m : *found) {
      if (secrets.size() >= kMaxSecretsPerLayer) return;
      secrets.push_back(FromMatch(m, "file", "/" + std::string(entry.path)));
    }
  };
}

std::vector<SecretFinding> ScanConfigSecrets(const SecretScanner& scanner, const std::vector<std::string>& env,
                                             const std::vector<std::string>& history) {
  std::vector<SecretFinding> out;
  auto scratch = scanner.NewScratch();
  if (!scratch) return out;
  for (const std::string& entry : env) {
    std::string name = entry.substr(0, entry.find('='));
    auto found = scanner.Scan(entry, *scratch);
    if (found && !found->empty()) {
      for (const SecretMatch& m : *found) out.push_back(FromMatch(m, "env", name));
    } else if (entry.size() > name.size() + 1 && IsSensitiveName(name)) {
      out.push_back({.rule_id = "sensitive-env", .category = "Generic", .severity = "HIGH",
                     .title = "Value of a variable whose name marks it as a secret", .source = "env", .path = name,
                     .match = MaskSecret(entry)});
    }
  }
  for (std::size_t i = 0; i < history.size(); ++i) {
    auto found = scanner.Scan(history[i], *scratch);
    if (found) {
      for (const SecretMatch& m : *found) out.push_back(FromMatch(m, "history", fmt::format("history[{}]", i)));
    }
  }
  return out;
}

void MarkRemovedSecrets(std::vector<SecretFinding>& secrets, const std::vector<const LayerFiles*>& layers,
                        const std::vector<std::string>& diff_ids) {
  auto covers = [](std::string_view dir, std::string_view path) {
    return path == dir || (path.starts_with(dir) && path.size() > dir.size() && path[dir.size()] == '/');
  };
  for (SecretFinding& s : secrets) {
    if (s.source != "file") continue;
    auto at = std::find(diff_ids.begin(), diff_ids.end(), s.layer_diff_id);
    std::string_view path = std::string_view(s.path).substr(1);
    for (auto j = at == diff_ids.end() ? diff_ids.size() : static_cast<std::size_t>(at - diff_ids.begin()) + 1;
         j < layers.size() && s.removed_in_layer.empty(); ++j) {
      for (const std::string& w : layers[j]->whiteouts) {
        if (covers(w, path)) s.removed_in_layer = diff_ids[j];
      }
      for (const std::string& d : layers[j]->opaque_dirs) {
        if (covers(d, path) && !d.empty()) s.removed_in_layer = diff_ids[j];
      }
    }
  }
}

void SortSecrets(std::vector<SecretFinding>& secrets) {
  std::stable_sort(secrets.begin(), secrets.end(), [](const SecretFinding& a, const SecretFinding& b) {
    int ra = SeverityRank(a.severity), rb = SeverityRank(b.severity);
    if (ra != rb) return ra < rb;
    if (a.path != b.path) return a.path < b.path;
    return a.line < b.line;
  });
}

}  // namespace drydock
