// The "scan" job: pull an image named by the API, scan it with the Scanner, store the report and its indexes.
#pragma once

#include <stop_token>
#include <string>

#include "drydock/options.h"
#include "common/image_reference.h"
#include "drydock/scanner.h"
#include "store/store.h"

namespace drydock {

inline constexpr std::string_view kScanJobKind = "scan";
inline constexpr int kApiPriority = 100;  // requests made through the API go before scheduled work
inline constexpr int kPushPriority = 50;  // pushes and moved tags (registry notifications, watches)

// The job a POST /scans makes: its payload, and the dedupe key (the same image and platform queued once).
// Errors: `image` is not a registry reference (kInvalidInput).
Result<NewJob> MakeScanJob(std::string_view image, std::string_view platform);

// "registry/repository" as the store keys images: Docker Hub's canonical host, not the one the client dials.
std::string RepositoryOf(const Reference& ref);

// Runs a scan job's payload; returns the image digest. `registry` is the server's own pull configuration;
// with a `base_index` (ServerOptions::base_index) the scan identifies the image's base and the store keeps it
// (Store::SetImageBase) for the base refresh to advise.
// The stored report and its image.scanned event are one transaction: a crash before the commit re-runs the job
// (it is not complete yet), a crash after it has both.
Result<std::string> RunScanJob(const Job& job, std::stop_token stop, const Scanner& scanner, Store& store,
                               const RegistryOptions& registry, const std::string& base_index = "");

// Stores a finished report as an image: its JSON (the CLI's schema) and its packages and findings. With a
// `trigger` ("api", "registry", ...), the image.scanned event for the webhooks goes in the same transaction.
Status StoreReport(Store& store, const ScanReport& report, const std::string& digest, const std::string& repository,
                   const std::string& tag, const std::string& platform, const std::string& db_built_at,
                   const std::string& trigger = "");

}  // namespace drydock
