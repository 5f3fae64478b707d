#include "scanner/scan_env.h"

#include <algorithm>
#include <thread>

#include "drydock/scan.h"

namespace drydock {

Result<ScanEnv> ScanEnvFromOptions(const ScanOptions& options) {
  ScanEnv env;
  if (!options.db_path.empty()) {
    auto opened = VulnDb::Open(options.db_path);
    if (!opened) return Rewrap(opened.error(), "vulnerability DB {}", options.db_path);
    env.db = std::move(*opened);
    env.db_path = options.db_path;
  }
  auto policy = LoadPolicy(options);  // a bad ignore or VEX file fails before the artifact is read
  if (!policy) return std::unexpected(policy.error());
  env.policy = std::move(*policy);
  env.threads = options.max_threads != 0 ? options.max_threads : std::max(1u, std::thread::hardware_concurrency());
  return env;
}

namespace {

Result<ScanReport> OneShot(const ScanOptions& options, const auto& scan) {
  auto env = ScanEnvFromOptions(options);
  if (!env) return std::unexpected(env.error());
  return scan(*env);
}

}  // namespace

Result<ScanReport> ScanImage(const ScanOptions& options) {
  return OneShot(options, [&](const ScanEnv& env) { return ScanImageIn(options, env); });
}

Result<ScanReport> ScanRootfs(const ScanOptions& options) {
  return OneShot(options, [&](const ScanEnv& env) { return ScanDirectoryIn(options, env, "rootfs"); });
}

Result<ScanReport> ScanFilesystem(const ScanOptions& options) {
  return OneShot(options, [&](const ScanEnv& env) { return ScanDirectoryIn(options, env, "filesystem"); });
}

Result<ScanReport> ScanSbom(const ScanOptions& options) {
  return OneShot(options, [&](const ScanEnv& env) { return ScanSbomIn(options, "", env); });
}

}  // namespace drydock
