// Reviews: each decided on its own thread under the policy's deadline; admitted workloads recorded as deployed.
#include "server/admission_service.h"

#include <fmt/format.h>

#include <map>
#include <thread>

#include "common/file.h"
#include "common/sha256.h"
#include "server/admission_state.h"
#include "verify/image_signatures.h"
#include "verify/public_key.h"
#include "verify/trusted_root.h"

namespace drydock {
namespace {

constexpr std::string_view kNameRuleKinds[] = {"allowed_registries", "denied_registries", "allowed_repositories",
                                               "denied_repositories"};

Result<verify::TrustPolicy> LoadTrust(const admission::AdmissionPolicy& policy, std::string& fingerprint) {
  verify::TrustPolicy trust;
  std::string material;
  for (const std::string& path : policy.signature_keys) {
    auto pem = ReadFileBounded(path, verify::kMaxKeyFileBytes);
    if (!pem) return Rewrap(pem.error(), "signatures.keys {}", path);
    auto key = verify::PublicKey::FromPem(*pem);
    if (!key) return Rewrap(key.error(), "signatures.keys {}", path);
    material += key->Der();
    trust.keys.push_back(std::move(*key));
  }
  for (const admission::KeylessSigner& s : policy.keyless) {
    trust.identities.push_back({.subject = s.identity, .subject_regex = s.identity_regexp, .issuer = s.issuer,
                                .issuer_regex = s.issuer_regexp});
    material += fmt::format("|{}{}|{}{}", s.identity_regexp, s.identity, s.issuer_regexp, s.issuer);
  }
  if (!policy.trusted_root.empty()) {
    auto text = ReadFileBounded(policy.trusted_root, verify::kMaxTrustedRootBytes);
    if (!text) return Rewrap(text.error(), "signatures.trusted_root {}", policy.trusted_root);
    auto root = verify::ParseTrustedRoot(*text);
    if (!root) return Rewrap(root.error(), "signatures.trusted_root {}", policy.trusted_root);
    material += *text;
    trust.root = std::move(*root);
  }
  fingerprint = Sha256::HexOf(material).substr(0, 16);
  return trust;
}

}  // namespace

Result<std::unique_ptr<AdmissionService>> AdmissionService::Create(admission::AdmissionPolicy policy, Store& store,
                                                                   const Scanner& scanner, WorkerPool* workers,
                                                                   RegistryOptions registry) {
  auto state = std::make_shared<State>();
  if (!policy.rules_file.empty()) {
    auto file = LoadPolicyFile(policy.rules_file);
    if (!file) return FailWith(ErrorCode::kInvalidInput, "{}: policy: {}", policy.file, file.error().message);
    auto names = std::make_shared<PolicyFile>(PolicyFile{.file = file->file, .rules = {}});
    for (const PolicyRule& rule : file->rules) {
      if (std::find(std::begin(kNameRuleKinds), std::end(kNameRuleKinds), rule.kind) != std::end(kNameRuleKinds)) {
        names->rules.push_back(rule);
      }
    }
    state->name_rules = std::move(names);
    state->rules = std::make_shared<const PolicyFile>(std::move(*file));
  }
  auto trust = LoadTrust(policy, state->trust_id);
  if (!trust) return FailWith(ErrorCode::kInvalidInput, "{}: {}", policy.file, trust.error().message);
  state->trust = std::move(*trust);
  state->policy = std::move(policy);
  state->store = &store;
  state->scanner = &scanner;
  state->workers = workers;
  state->registry = std::move(registry);
  return std::unique_ptr<AdmissionService>(new AdmissionService(std::move(state)));
}

AdmissionService::~AdmissionService() {
  std::unique_lock lock(state_->mutex);
  state_->idle.wait(lock, [&] { return state_->in_flight == 0; });
}

const admission::AdmissionPolicy& AdmissionService::policy() const { return state_->policy; }

AdmissionStats AdmissionService::Stats() const {
  return {state_->reviews, state_->allowed, state_->denied, state_->timed_out, state_->scans_queued};
}

admission::AdmissionDecision AdmissionService::Review(const admission::AdmissionRequest& request) {
  State& s = *state_;
  ++s.reviews;
  const admission::AdmissionSettings settings{.excluded_namespaces = s.policy.exclude_namespaces,
                                              .warn_mode = s.policy.warn_mode};
  // What each decision hands back to the waiting request, if it still waits.
  struct Pending {
    std::mutex mutex;
    std::condition_variable done_cv;
    bool done = false;
    admission::AdmissionDecision decision;
  };
  auto pending = std::make_shared<Pending>();
  {
    std::lock_guard lock(s.mutex);
    if (s.in_flight >= kMaxAdmissionsInFlight) {
      ++s.timed_out;
      admission::AdmissionDecision busy{.allowed = s.policy.warn_mode, .message = {}, .warnings = {}};
      std::string why = fmt::format("drydock is still deciding {} earlier reviews (registry or signature checks "
                                    "slow); try again shortly", kMaxAdmissionsInFlight);
      if (busy.allowed) busy.warnings.push_back(why); else busy.message = why;
      return busy;
    }
    ++s.in_flight;
  }
  // The state is shared with the thread: a decision that outlives its request still finishes safely, and the
  // service's destructor waits for it.
  std::thread([state = state_, request, settings, pending] {
    std::map<std::string, std::string> digests;  // image -> digest, for the deployment records
    auto judge = [&](const admission::ContainerImage& image) {
      ImageAnswer answer = state->Judge(image, request.dry_run);
      if (!answer.digest.empty()) digests[image.image] = answer.digest;
      return answer.verdict;
    };
    admission::AdmissionDecision decision = admission::Decide(request, judge, settings);
    // What a controller makes (a Deployment's pods, a CronJob's Jobs) was recorded when the controller's own
    // object was admitted; recording each generated pod too would bury the workload under its replicas.
    const bool runs = !request.dry_run && !request.controlled &&
                      (request.operation == "CREATE" || request.operation == "UPDATE");
    if (decision.allowed && runs && !digests.empty()) {
      std::vector<Deployment> rows;
      for (const auto& [image, digest] : digests) {
        rows.push_back({.digest = digest, .cluster = state->policy.cluster, .namespace_name = request.namespace_name,
                        .kind = request.kind, .name = request.name, .image = image, .source = "admission"});
      }
      (void)state->store->RecordDeployments(rows, NowMs());  // best effort: never fails an admission
    }
    {
      std::lock_guard lock(pending->mutex);
      pending->decision = std::move(decision);
      pending->done = true;
    }
    pending->done_cv.notify_all();
    std::lock_guard lock(state->mutex);
    --state->in_flight;
    state->idle.notify_all();
  }).detach();

  std::unique_lock lock(pending->mutex);
  if (pending->done_cv.wait_for(lock, s.policy.deadline, [&] { return pending->done; })) {
    ++(pending->decision.allowed ? s.allowed : s.denied);
    return pending->decision;
  }
  ++s.timed_out;
  const std::string why = fmt::format("drydock could not decide within {} ms (a registry or signature check is still "
                                      "running; its answer is cached for the next attempt)", s.policy.deadline.count());
  admission::AdmissionDecision late;
  late.allowed = s.policy.warn_mode;
  if (late.allowed) {
    late.warnings.push_back(why);
  } else {
    late.message = fmt::format("drydock denied {} {}/{}: {}", request.kind, request.namespace_name, request.name, why);
  }
  return late;
}

}  // namespace drydock
