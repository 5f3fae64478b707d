// Where the CLI keeps things by default. Only the CLI reads the environment for these; the library is told.
#include <fmt/core.h>

#include <cstdlib>
#include <string>

#include "cli/commands.h"

namespace drydock {
namespace {

std::string Home() {
  const char* home = std::getenv("HOME");
  return home != nullptr && *home != '\0' ? home : ".";
}

}  // namespace

std::string DefaultDbPath() {
  if (const char* env = std::getenv("DRYDOCK_DB"); env != nullptr && *env != '\0') return env;
  return fmt::format("{}/.cache/drydock/drydock.db", Home());
}

std::string DefaultCacheDir() {
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/drydock";
  }
  return Home() + "/.cache/drydock";
}

std::string DefaultBaseIndex(const std::string& cache_dir) { return cache_dir + "/base-index.db"; }

std::string DockerConfigPath() {
  if (const char* dir = std::getenv("DOCKER_CONFIG"); dir != nullptr && *dir != '\0') {
    return std::string(dir) + "/config.json";
  }
  return Home() + "/.docker/config.json";
}

std::optional<std::int64_t> SourceDateEpoch() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (epoch == nullptr || *epoch == '\0') return std::nullopt;
  char* end = nullptr;
  long long value = std::strtoll(epoch, &end, 10);
  if (end == nullptr || *end != '\0' || value < 0) return std::nullopt;
  return value;
}

}  // namespace drydock
