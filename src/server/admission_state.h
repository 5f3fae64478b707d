// AdmissionService's insides, shared by admission_service.cc (reviews, deadline, records) and
// admission_judge.cc (one image: name rules, digest, signatures, stored scan).
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "admission/index_manifests.h"
#include "common/image_reference.h"
#include "policy/policy_file.h"
#include "server/admission_service.h"
#include "verify/trust_policy.h"

namespace drydock {

// One image's judgement as cached: the verdict, and the digest it was about (for deployment records).
struct ImageAnswer {
  admission::ImageVerdict verdict;
  std::string digest;    // the manifest digest the reference resolved to; "" when it could not be resolved
  bool unknown = false;  // no stored scan yet: not cached, so the finished scan counts at once
};

struct ResolvedImage {
  std::string digest;  // what the reference names (an index, for a multi-platform image)
  // What a node may pull, each judged on its own scan: the image's one manifest, or every linux entry of an
  // index (a kubelet picks its own node's platform, so any of them may run).
  std::vector<admission::PlatformManifest> manifests;
};

struct SignatureAnswer {
  bool verified = false;
  std::vector<std::string> lines;  // one per signature looked at, as `drydock verify` prints them
};

struct AdmissionService::State {
  admission::AdmissionPolicy policy;
  Store* store = nullptr;
  const Scanner* scanner = nullptr;
  WorkerPool* workers = nullptr;
  RegistryOptions registry;
  PolicyRules rules;                        // null: no rules file
  std::shared_ptr<const PolicyFile> name_rules;  // the rules judged on the reference alone (registries, repositories)
  verify::TrustPolicy trust;
  std::string trust_id;  // fingerprint of the trust policy: part of the signature cache key

  TtlCache<ImageAnswer> verdicts;
  TtlCache<ResolvedImage> resolved;
  TtlCache<SignatureAnswer> signatures;

  std::mutex mutex;
  std::condition_variable idle;
  std::size_t in_flight = 0;
  std::atomic<std::uint64_t> reviews{0}, allowed{0}, denied{0}, timed_out{0}, scans_queued{0};

  // admission_judge.cc
  ImageAnswer Judge(const admission::ContainerImage& image, bool dry_run);

 private:
  ImageAnswer JudgeUncached(const admission::ContainerImage& image, bool dry_run);
  // `pinned`: the manifest's stored scan when the caller has read it already (a pinned digest), else null.
  admission::ManifestVerdict JudgeManifest(const Reference& ref, const admission::PlatformManifest& manifest,
                                           std::chrono::system_clock::time_point now,
                                           const SignatureEvidence& evidence, bool dry_run, const ScanReport* pinned);
  std::optional<ScanReport> StoredImageScan(const std::string& digest);
  Result<ResolvedImage> Resolve(const Reference& ref);
  Result<SignatureAnswer> Signatures(const Reference& ref, const std::string& digest);
  std::string QueueScan(const Reference& ref, const std::string& digest, const std::string& platform, bool dry_run);
};

}  // namespace drydock
