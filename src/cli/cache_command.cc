// drydock cache clean [--cache-dir DIR]
#include <fmt/core.h>

#include <memory>

#include "cli/commands.h"
#include "drydock/cache.h"

namespace drydock {

CommandRunner AddCacheCleanCommand(CLI::App& app) {
  auto dir = std::make_shared<std::string>();
  app.add_option("--cache-dir", *dir, "Layer cache directory (default: $XDG_CACHE_HOME/drydock, ~/.cache/drydock)");
  return [dir] {
    std::string path = dir->empty() ? DefaultCacheDir() : *dir;
    if (auto cleaned = CleanLayerCache(path); !cleaned) {
      fmt::print(stderr, "drydock: {}\n", cleaned.error().message);
      return kExitError;
    }
    fmt::print(stderr, "drydock: layer cache in {} removed\n", path);
    return kExitOk;
  };
}

}  // namespace drydock
