// One image of an admission review, judged from what is known, cheapest first: the policy's registry and
// repository rules on the name alone, then the digest (pinned, or the tag resolved through the registry), the
// signature check, and last the stored scan of each manifest a node may pull (every linux entry of an index),
// judged by every rule once it is known to be a complete scan of the image.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "admission/index_manifests.h"
#include "admission/stored_scan.h"
#include "report/report.h"
#include "server/admission_state.h"
#include "server/scan_job.h"
#include "source/image_plan.h"
#include "source/registry/registry_client.h"
#include "source/registry/registry_image.h"
#include "verify/image_signatures.h"

namespace drydock {
namespace {

using admission::ImageVerdict;

constexpr std::size_t kEvidenceLines = 3;  // per failed rule, in a message kubectl prints

std::chrono::milliseconds Ms(std::chrono::seconds s) { return std::chrono::duration_cast<std::chrono::milliseconds>(s); }

// "GHSA-... CRITICAL lodash 4.17.15 (...)" -> "GHSA-... (CVE-2021-23337) CRITICAL ...": a threshold denial
// names the CVE people search for, whichever feed's id the finding carries.
std::string NameTheCve(std::string line, const ScanReport& report) {
  for (const Finding& f : report.vulnerabilities) {
    if (f.id.starts_with("CVE-") || !line.starts_with(f.id + " ")) continue;
    auto cve = std::find_if(f.aliases.begin(), f.aliases.end(), [](const std::string& a) { return a.starts_with("CVE-"); });
    if (cve != f.aliases.end()) line.insert(f.id.size(), " (" + *cve + ")");
    break;
  }
  return line;
}

// The failed rules of a verdict as one ImageVerdict: denied (naming the deny rules that failed) when any did,
// else a warning naming the warn rules that failed.
ImageVerdict FromPolicy(const PolicyVerdict& verdict, const ScanReport* report) {
  bool deny = false;
  for (const PolicyRuleResult& rule : verdict.rules) deny = deny || (!rule.passed && rule.action != "warn");
  std::vector<std::string> ids, reasons;
  for (const PolicyRuleResult& rule : verdict.rules) {
    if (rule.passed || (rule.action == "warn") == deny) continue;
    std::vector<std::string> evidence;
    for (std::size_t i = 0; i < rule.evidence.size() && i < kEvidenceLines; ++i) {
      evidence.push_back(report != nullptr ? NameTheCve(rule.evidence[i], *report) : rule.evidence[i]);
    }
    if (rule.evidence.size() > kEvidenceLines) evidence.push_back(fmt::format("{} more", rule.evidence.size() - kEvidenceLines));
    ids.push_back(rule.id);
    reasons.push_back(fmt::format("{} ({})", rule.message, fmt::join(evidence, "; ")));
  }
  if (ids.empty()) return {};
  return {.allowed = false, .warn_only = !deny, .rule = fmt::format("{}", fmt::join(ids, ", ")),
          .reason = fmt::format("{}", fmt::join(reasons, " | "))};
}

ImageVerdict Deny(std::string rule, std::string reason) {
  return {.allowed = false, .warn_only = false, .rule = std::move(rule), .reason = std::move(reason)};
}

}  // namespace

ImageAnswer AdmissionService::State::Judge(const admission::ContainerImage& image, bool dry_run) {
  if (auto hit = verdicts.Get(image.image)) return *hit;
  ImageAnswer answer = JudgeUncached(image, dry_run);
  if (!answer.unknown) {
    const bool clean = answer.verdict.allowed;
    verdicts.Put(image.image, answer, Ms(clean ? policy.cache_ttl : policy.negative_cache_ttl));
  }
  return answer;
}

ImageAnswer AdmissionService::State::JudgeUncached(const admission::ContainerImage& image, bool dry_run) {
  const auto now = std::chrono::system_clock::now();
  auto ref = ParseReference(image.image);
  if (!ref) return {.verdict = Deny("image_reference", ref.error().message)};
  // 1. Registries and repositories: the name alone decides, no registry is asked.
  if (name_rules != nullptr && !name_rules->rules.empty()) {
    ScanReport named;
    named.artifact.name = image.image;
    named.artifact.type = "container_image";
    ImageVerdict by_name = FromPolicy(JudgePolicy(*name_rules, named, now, true), nullptr);
    if (!by_name.allowed && !by_name.warn_only) return {.verdict = by_name};
  }
  // 2. The digest. A pinned digest with a stored scan of the image needs no registry at all (and the scan, read
  // here, is the one judged below).
  ResolvedImage digest;
  const std::optional<ScanReport> pinned = ref->digest.empty() ? std::nullopt : StoredImageScan(ref->digest);
  if (pinned) digest = {ref->digest, {{.digest = ref->digest}}};
  if (digest.digest.empty()) {
    auto found = Resolve(*ref);
    if (!found) return {.verdict = Deny("registry", fmt::format("cannot resolve {}: {}", image.image, found.error().message))};
    digest = *found;
  }
  ImageAnswer answer{.digest = digest.digest};
  // 3. Signatures over the digest the reference names (cosign signs the index of a multi-platform image).
  SignatureEvidence evidence;
  if (policy.RequiresSignature()) {
    auto checked = Signatures(*ref, digest.digest);
    if (!checked) {
      answer.verdict = Deny("signatures", fmt::format("signature check of {} failed: {}", digest.digest, checked.error().message));
      return answer;
    }
    evidence = {.checked = true, .verified = checked->verified, .lines = checked->lines};
    if (!checked->verified) {
      std::string why = checked->lines.empty() ? "no signature found" : checked->lines.front();
      if (checked->lines.size() > 1) why += fmt::format(" (and {} more)", checked->lines.size() - 1);
      answer.verdict = Deny("signatures", fmt::format("no valid signature for {} under the configured keys: {}",
                                                      digest.digest, why));
      return answer;
    }
  }
  // 4. The stored scan of every manifest a node may pull, each judged by every rule.
  std::vector<admission::ManifestVerdict> verdicts;
  for (const admission::PlatformManifest& manifest : digest.manifests) {
    const bool read_already = pinned && manifest.digest == ref->digest;
    verdicts.push_back(JudgeManifest(*ref, manifest, now, evidence, dry_run, read_already ? &*pinned : nullptr));
  }
  admission::CombinedVerdict combined = admission::CombineManifestVerdicts(verdicts);
  answer.verdict = std::move(combined.verdict);
  answer.unknown = combined.unknown;
  return answer;
}

// One manifest's stored scan: unknown when there is none or it is not a scan of the image (an SBOM stored under
// its digest), denied when it is incomplete, else judged by the rules.
admission::ManifestVerdict AdmissionService::State::JudgeManifest(const Reference& ref,
                                                                  const admission::PlatformManifest& manifest,
                                                                  std::chrono::system_clock::time_point now,
                                                                  const SignatureEvidence& evidence, bool dry_run,
                                                                  const ScanReport* pinned) {
  admission::ManifestVerdict out{.platform = manifest.platform};
  std::optional<ScanReport> read_here;
  if (pinned == nullptr) {
    auto stored = store->ImageReport(manifest.digest);
    if (!stored) {
      out.verdict = Deny("store", stored.error().message);
      return out;
    }
    if (*stored) {
      auto read = ReadJsonReport(**stored);
      if (!read) {
        out.verdict = Deny("store", fmt::format("stored report of {} is unreadable: {}", manifest.digest, read.error().message));
        return out;
      }
      read_here = std::move(*read);
    }
  }
  const ScanReport* report = pinned != nullptr ? pinned : read_here ? &*read_here : nullptr;
  if (report == nullptr || !admission::IsImageScan(*report)) {
    std::string what = report ? fmt::format("{} holds no scan of the image, only a stored {} report", manifest.digest,
                                            report->artifact.type)
                              : fmt::format("{} has not been scanned yet", manifest.digest);
    out.unknown = true;
    out.verdict = {.allowed = false, .warn_only = policy.unknown_warn, .rule = "unknown_images",
                   .reason = fmt::format("{}; {}", what, QueueScan(ref, manifest.digest, manifest.platform, dry_run))};
    return out;
  }
  if (auto incomplete = admission::IncompleteScanVerdict(*report, manifest.digest)) {
    out.verdict = std::move(*incomplete);
    return out;
  }
  if (rules == nullptr) return out;
  const bool matched = !scanner->Db().built_at.empty();
  out.verdict = FromPolicy(JudgePolicy(*rules, *report, now, matched, evidence), report);
  return out;
}

// The stored report of `digest` when it is a scan of the image (not an SBOM stored under its digest).
std::optional<ScanReport> AdmissionService::State::StoredImageScan(const std::string& digest) {
  auto stored = store->ImageReport(digest);
  if (!stored || !*stored) return std::nullopt;
  auto report = ReadJsonReport(**stored);
  if (!report || !admission::IsImageScan(*report)) return std::nullopt;
  return std::move(*report);
}

Result<ResolvedImage> AdmissionService::State::Resolve(const Reference& ref) {
  const std::string key = ref.ToString();
  if (auto hit = resolved.Get(key)) return *hit;
  auto fetched = ResolveReference(ref, registry);
  if (!fetched) return std::unexpected(fetched.error());
  const FetchedManifest& manifest = fetched->manifest;
  ResolvedImage out{.digest = manifest.digest, .manifests = {{.digest = manifest.digest}}};
  if (IsIndexMediaType(manifest.media_type)) {
    auto linux_manifests = admission::LinuxManifests(manifest.bytes);
    if (!linux_manifests) return std::unexpected(linux_manifests.error());
    out.manifests = std::move(*linux_manifests);
  }
  resolved.Put(key, out, Ms(policy.cache_ttl));
  return out;
}

Result<SignatureAnswer> AdmissionService::State::Signatures(const Reference& ref, const std::string& digest) {
  const std::string key = digest + "|" + trust_id;
  if (auto hit = signatures.Get(key)) return *hit;
  Reference pinned = ref;
  pinned.digest = digest;
  auto checked = verify::VerifyImageSignatures(pinned, registry, trust);
  if (!checked) return std::unexpected(checked.error());
  SignatureAnswer out{.verified = checked->Verified(), .lines = {}};
  for (const verify::SignatureCheck& c : checked->checks) {
    out.lines.push_back(fmt::format("{} {}: {}", c.valid ? "VALID" : "INVALID", c.source, c.detail));
  }
  signatures.Put(key, out, Ms(out.verified ? policy.cache_ttl : policy.negative_cache_ttl));
  return out;
}

// `platform` is the index entry's ("linux/arm64"): the scanner refuses a manifest of another platform than the
// job's. "" = the server's own (--platform), for a single-platform image.
std::string AdmissionService::State::QueueScan(const Reference& ref, const std::string& digest,
                                               const std::string& platform, bool dry_run) {
  if (dry_run) return "no scan queued for a dry run";
  Reference pinned = ref;
  pinned.digest = digest;
  auto job = MakeScanJob(pinned.ToString(), platform.empty() ? registry.platform : platform);
  if (!job) return fmt::format("no scan could be queued: {}", job.error().message);
  auto queued = store->Enqueue(*job, NowMs());
  if (!queued) return fmt::format("no scan could be queued: {}", queued.error().message);
  if (queued->created) ++scans_queued;
  if (workers != nullptr) workers->Nudge();
  return fmt::format("scan job {} is queued", queued->id);
}

}  // namespace drydock
