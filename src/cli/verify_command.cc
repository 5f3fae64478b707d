// drydock verify IMAGE | drydock verify blob FILE|sha256:HEX: signature checks with cosign's flags. Exit 0 only
// when a signature verifies; 1 when none does (each one found is listed with why); 2 usage; 3 error.
#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <memory>

#include "cli/commands.h"
#include "cli/scan_flags.h"
#include "common/file.h"
#include "common/sha256.h"
#include "drydock/options.h"
#include "drydock/policy.h"
#include "source/registry/reference.h"
#include "verify/bundle.h"
#include "verify/bundle_verify.h"
#include "verify/image_signatures.h"
#include "verify/notation_trust.h"
#include "verify/trust_loader.h"

namespace drydock {
namespace {

constexpr int kExitNotVerified = 1;
constexpr std::size_t kMaxBlobInMemoryBytes = 64 << 20;  // larger blobs are hashed only (ECDSA/RSA verify digests)

struct TrustFlags {
  std::vector<std::string> keys;
  std::string identity, identity_regex, issuer, issuer_regex, trusted_root;
  std::string notation_trust_store, notation_trust_policy;
  std::vector<std::string> notation_identities;
  std::vector<KeylessSigner> keyless;  // keyless signers from a policy's `signatures:` rule
  bool insecure_ignore_sct = false;
};

struct VerifyFlags {
  TrustFlags trust;
  std::string image;
  RegistryOptions registry;
  std::string format = "text";
  std::string bundle, artifact;
};

void AddTrustFlags(CLI::App& app, TrustFlags& trust) {
  app.add_option("--key", trust.keys, "PEM public key (ECDSA P-256/384/521, Ed25519, RSA); may repeat")
      ->allow_extra_args(false);  // one file per --key, so `verify --key k.pub IMAGE` reads as cosign users type it
  app.add_option("--certificate-identity", trust.identity, "Keyless: the signer's identity (SAN email or URI)");
  app.add_option("--certificate-identity-regexp", trust.identity_regex, "Keyless: regex the identity must match");
  app.add_option("--certificate-oidc-issuer", trust.issuer, "Keyless: the OIDC issuer in the certificate");
  app.add_option("--certificate-oidc-issuer-regexp", trust.issuer_regex, "Keyless: regex the issuer must match");
  app.add_option("--trusted-root", trust.trusted_root, "Sigstore trusted_root.json (Fulcio CAs, Rekor keys, TSAs)");
  app.add_flag("--insecure-ignore-sct", trust.insecure_ignore_sct,
               "Keyless: accept a certificate without a valid SCT from the root's CT logs (as cosign's flag)");
}

void AddNotationFlags(CLI::App& app, TrustFlags& trust) {
  app.add_option("--notation-trust-store", trust.notation_trust_store,
                 "Notation: trust store DIR (x509/ca/NAME/*.pem, or a directory of CA certificates)");
  app.add_option("--notation-trust-policy", trust.notation_trust_policy,
                 "Notation: trustpolicy.oci.json (scopes, trust stores, identities, level)");
  app.add_option("--notation-identity", trust.notation_identities,
                 "Notation: trusted signer, 'x509.subject: C=..,ST=..,O=..' or '*' (may repeat; without a policy file)")
      ->allow_extra_args(false);
}

// The flags as a trust spec (what a policy's `signatures:` rule also gives), read by verify::LoadTrustPolicy.
Result<verify::TrustPolicy> BuildPolicy(const TrustFlags& flags) {
  bool has_identity = !flags.identity.empty() || !flags.identity_regex.empty();
  bool has_issuer = !flags.issuer.empty() || !flags.issuer_regex.empty();
  if (has_identity != has_issuer) {
    return Fail("keyless verification needs both --certificate-identity[-regexp] and --certificate-oidc-issuer[-regexp]");
  }
  SignatureTrustSpec spec{.keys = flags.keys, .keyless = flags.keyless, .trusted_root = flags.trusted_root,
                          .notation_trust_store = flags.notation_trust_store,
                          .notation_trust_policy = flags.notation_trust_policy,
                          .notation_identities = flags.notation_identities};
  if (has_identity) {
    spec.keyless.push_back(KeylessSigner{.identity = flags.identity.empty() ? flags.identity_regex : flags.identity,
                                         .identity_regex = flags.identity.empty(),
                                         .issuer = flags.issuer.empty() ? flags.issuer_regex : flags.issuer,
                                         .issuer_regex = flags.issuer.empty()});
  }
  if (spec.keys.empty() && spec.keyless.empty() && spec.notation_trust_store.empty()) {
    return Fail("say whom to trust: --key FILE, --certificate-identity and --certificate-oidc-issuer, or "
                "--notation-trust-store DIR");
  }
  auto policy = verify::LoadTrustPolicy(spec);
  if (policy) policy->require_sct = !flags.insecure_ignore_sct;
  return policy;
}

// FILE (hashed while read; kept in memory when small) or "sha256:HEX".
Result<verify::Artifact> LoadArtifact(const std::string& arg) {
  if (arg.starts_with("sha256:")) {
    std::string hex = arg.substr(7);
    if (hex.size() != 64 || hex.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return Fail("{}: not sha256: and 64 lower-case hex digits", arg);
    }
    return verify::Artifact{.sha256_hex = hex, .bytes = std::nullopt};
  }
  std::ifstream in(arg, std::ios::binary);
  if (!in) return Fail("{}: cannot open", arg);
  Sha256 hash;
  std::string bytes;
  bool keep = true;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    hash.Update(buffer, static_cast<std::size_t>(in.gcount()));
    if (keep) bytes.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (bytes.size() > kMaxBlobInMemoryBytes) keep = false, bytes.clear();
  }
  if (in.bad()) return Fail("{}: read error", arg);
  verify::Artifact artifact{.sha256_hex = hash.FinishHex(), .bytes = std::nullopt};
  if (keep) artifact.bytes = std::move(bytes);
  return artifact;
}

int RunBlob(const VerifyFlags& flags) {
  auto policy = BuildPolicy(flags.trust);
  if (!policy) return fmt::print(stderr, "drydock: {}\n", policy.error().message), kExitUsage;
  auto text = ReadFileBounded(flags.bundle, verify::kMaxBundleBytes);
  if (!text) return fmt::print(stderr, "drydock: --bundle {}: {}\n", flags.bundle, text.error().message), kExitError;
  auto bundle = verify::ParseBundle(*text);
  if (!bundle) return fmt::print(stderr, "drydock: --bundle {}: {}\n", flags.bundle, bundle.error().message), kExitError;
  auto artifact = LoadArtifact(flags.artifact);
  if (!artifact) return fmt::print(stderr, "drydock: {}\n", artifact.error().message), kExitError;
  auto verified = verify::VerifyBundle(*bundle, *artifact, *policy);
  if (!verified) {
    fmt::print(stderr, "drydock: {}: bundle {} does not verify: {}\n", flags.artifact, flags.bundle,
               verified.error().message);
    return kExitNotVerified;
  }
  fmt::print("Verified OK: {} signed by {}{}\n", flags.artifact, verified->signer,
             !verified->signed_at ? ""
             : verified->timestamped ? fmt::format(", timestamped at {} (RFC 3161)", verified->signed_at)
                                     : fmt::format(", logged at {}", verified->signed_at));
  return kExitOk;
}

int RunImage(const VerifyFlags& flags) {
  auto policy = BuildPolicy(flags.trust);
  if (!policy) return fmt::print(stderr, "drydock: {}\n", policy.error().message), kExitUsage;
  auto ref = ParseReference(flags.image);
  if (!ref) return fmt::print(stderr, "drydock: {}: {}\n", flags.image, ref.error().message), kExitUsage;
  RegistryOptions registry = flags.registry;
  if (registry.docker_config.empty()) registry.docker_config = DockerConfigPath();
  auto result = verify::VerifyImageSignatures(*ref, registry, *policy);
  if (!result) return fmt::print(stderr, "drydock: {}\n", result.error().message), kExitError;
  if (flags.format == "json") {
    nlohmann::json doc = {{"reference", result->reference}, {"digest", result->digest},
                          {"verified", result->Verified()}, {"signatures", nlohmann::json::array()}};
    for (const auto& check : result->checks) {
      doc["signatures"].push_back({{"source", check.source}, {"valid", check.valid}, {"detail", check.detail}});
    }
    fmt::print("{}\n", doc.dump(2));
  } else {
    fmt::print("{} ({})\n", result->reference, result->digest);
    if (result->checks.empty()) fmt::print("  no signatures found (referrers, {}.sig)\n", "sha256-<hex>");
    for (const auto& check : result->checks) {
      fmt::print("  {} {}: {}\n", check.valid ? "VALID  " : "INVALID", check.source, check.detail);
    }
  }
  if (!result->Verified()) {
    fmt::print(stderr, "drydock: {}: no valid signature\n", flags.image);
    return kExitNotVerified;
  }
  return kExitOk;
}

}  // namespace

Result<std::optional<verify::TrustPolicy>> ScanTrust(const ScanFlags& flags) {
  std::optional<SignatureTrustSpec> spec;
  if (!flags.policy.empty()) {
    if (auto rules = LoadPolicyRules(flags.policy); rules) spec = NeedsOf(**rules).signature_trust;
  }
  if (flags.verify_keys.empty() && !spec) return std::optional<verify::TrustPolicy>();
  TrustFlags trust;
  trust.keys = flags.verify_keys;
  if (spec) {
    trust.keys.insert(trust.keys.end(), spec->keys.begin(), spec->keys.end());
    trust.keyless = spec->keyless;
    trust.trusted_root = spec->trusted_root;
    trust.notation_trust_store = spec->notation_trust_store;
    trust.notation_trust_policy = spec->notation_trust_policy;
    trust.notation_identities = spec->notation_identities;
  }
  auto policy = BuildPolicy(trust);
  if (!policy) return std::unexpected(policy.error());
  return std::optional<verify::TrustPolicy>(std::move(*policy));
}

std::optional<int> CheckSignaturesBeforeScan(ScanFlags& flags) {
  auto trust = ScanTrust(flags);
  if (!trust) return fmt::print(stderr, "drydock: signature trust: {}\n", trust.error().message), kExitUsage;
  if (!*trust) return std::nullopt;
  // Archives and layouts carry no signatures: a policy's rule then reports that nothing was checked.
  const std::string& target = flags.options.target;
  std::error_code ec;
  if (flags.verify_keys.empty() && (target.starts_with("oci:") || std::filesystem::exists(target, ec))) {
    return std::nullopt;
  }
  auto ref = ParseReference(target);
  if (!ref) {
    fmt::print(stderr, "drydock: verifying signatures needs a registry image: {}: {}\n", flags.options.target,
               ref.error().message);
    return kExitUsage;
  }
  RegistryOptions registry = flags.options.registry;
  if (registry.docker_config.empty()) registry.docker_config = DockerConfigPath();
  auto result = verify::VerifyImageSignatures(*ref, registry, **trust);
  if (!result) return fmt::print(stderr, "drydock: verifying signatures: {}\n", result.error().message), kExitError;
  // The scan and the attestation lookup read flags.options.target: pinned, they read the digest whose signatures
  // were just checked, not whatever a mirror or a re-pushed tag answers next.
  Reference pinned = *ref;
  pinned.digest = result->digest;
  flags.options.target = pinned.ToString();
  flags.signature = {.checked = true, .verified = result->Verified(), .lines = {}};
  for (const auto& check : result->checks) {
    flags.signature.lines.push_back(
        fmt::format("{} {}: {}", check.valid ? "VALID" : "INVALID", check.source, check.detail));
  }
  if (flags.signature.verified) return std::nullopt;
  // A require_signature or signatures rule reports the failure in the verdict (and may only warn); without one,
  // refuse.
  if (!flags.policy.empty()) {
    if (auto rules = LoadPolicyRules(flags.policy); rules && NeedsOf(**rules).signature) return std::nullopt;
  }
  fmt::print(stderr, "drydock: {} ({}): no valid signature; not scanned\n", result->reference, result->digest);
  for (const auto& line : flags.signature.lines) fmt::print(stderr, "  {}\n", line);
  return kExitNotVerified;
}

CommandRunner AddVerifyCommand(CLI::App& app) {
  auto flags = std::make_shared<VerifyFlags>();
  app.add_option("image", flags->image, "Image reference in a registry (tag or digest)");
  AddTrustFlags(app, flags->trust);
  AddNotationFlags(app, flags->trust);
  app.add_option("-f,--format", flags->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--insecure", flags->registry.insecure, "Registry: allow plain HTTP and unverified TLS");
  app.add_option("--username", flags->registry.username, "Registry: user name");
  app.add_option("--password", flags->registry.password, "Registry: password or token");
  app.add_option("--ca-cert", flags->registry.ca_cert, "Registry: PEM CA bundle to trust");
  auto* blob = app.add_subcommand("blob", "Verify a Sigstore bundle (v0.1-v0.3) over a file or sha256:HEX");
  blob->add_option("artifact", flags->artifact, "FILE or sha256:HEX")->required();
  blob->add_option("--bundle", flags->bundle, "Sigstore bundle JSON")->required();
  AddTrustFlags(*blob, flags->trust);
  return [flags, blob, &app] {
    if (blob->parsed()) return RunBlob(*flags);
    if (flags->image.empty()) return fmt::print(stderr, "{}", app.help()), kExitUsage;
    return RunImage(*flags);
  };
}

}  // namespace drydock
