// The admission webhook's judge, served by `drydock server` (POST /admission/v1/validate). It decides from what is
// already known and never scans inside a request: the policy rules on the image's name (registries,
// repositories), the tag resolved to a digest through the registry (cached briefly), cosign signatures of that
// digest (cached by digest and trust policy), and the stored scan of the digest judged by the policy rules
// (vulnerability thresholds, base images, secrets, root, signatures). An image with no stored scan is denied or
// warned about per `unknown_images`, and a scan job is queued so the next deploy has an answer.
//
// Every review is answered within the policy's deadline, well below the API server's timeoutSeconds: the
// decision runs on its own thread, and when the deadline passes first the review is denied (warned, in warn
// mode) with a message saying so; the late decision still fills the caches for the next attempt.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "admission/admission_policy.h"
#include "admission/decision.h"
#include "admission/review.h"
#include "drydock/options.h"
#include "drydock/policy.h"
#include "drydock/scanner.h"
#include "jobs/worker_pool.h"
#include "server/ttl_cache.h"
#include "store/store.h"

namespace drydock {

inline constexpr std::size_t kMaxAdmissionsInFlight = 64;  // decisions still running; beyond this, deny at once

struct AdmissionStats {
  std::uint64_t reviews = 0, allowed = 0, denied = 0, timed_out = 0, scans_queued = 0;
};

class AdmissionService {
 public:
  // Loads what the policy names: the rules file, public keys, trusted root. `store`, `scanner` and `workers`
  // (null when this process runs none) must outlive the service.
  static Result<std::unique_ptr<AdmissionService>> Create(admission::AdmissionPolicy policy, Store& store,
                                                          const Scanner& scanner, WorkerPool* workers,
                                                          RegistryOptions registry);
  ~AdmissionService();  // waits for decisions still running past their deadline
  AdmissionService(const AdmissionService&) = delete;
  AdmissionService& operator=(const AdmissionService&) = delete;

  // Thread-safe. Returns within the policy's deadline (plus scheduling noise).
  admission::AdmissionDecision Review(const admission::AdmissionRequest& request);

  const admission::AdmissionPolicy& policy() const;
  AdmissionStats Stats() const;

 private:
  struct State;
  explicit AdmissionService(std::shared_ptr<State> state) : state_(std::move(state)) {}
  std::shared_ptr<State> state_;
};

}  // namespace drydock
