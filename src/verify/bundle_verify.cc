#include "verify/bundle_verify.h"

#include <nlohmann/json.hpp>

#include "verify/json_text.h"

#include "common/sha256.h"
#include "verify/encoding.h"
#include "verify/rfc3161.h"
#include "verify/sct.h"
#include "verify/tlog.h"

namespace drydock::verify {
namespace {

using nlohmann::json;

constexpr std::string_view kInTotoPayloadType = "application/vnd.in-toto+json";

// The signature over the artifact (message) or the envelope (DSSE), under `key`.
Status CheckSignature(const Bundle& bundle, const Artifact& artifact, const PublicKey& key) {
  if (bundle.dsse) return key.Verify(PreAuthEncoding(bundle.payload_type, bundle.payload), bundle.signature);
  if (artifact.bytes) return key.Verify(*artifact.bytes, bundle.signature);
  return key.VerifyDigest(bundle.message_digest, bundle.signature);
}

// What the signature is about matches the artifact: the message digest, or the in-toto statement's subject.
Result<std::string> CheckContent(const Bundle& bundle, const Artifact& artifact) {
  if (bundle.dsse) {
    if (bundle.payload_type != kInTotoPayloadType) {
      return Fail("DSSE payload type \"{}\" is not an in-toto statement", bundle.payload_type);
    }
    return CheckStatementSubject(bundle.payload, artifact.sha256_hex);
  }
  if (bundle.digest_algorithm != "SHA2_256") {
    return Fail("message digest algorithm {} (only SHA2_256 is supported)", bundle.digest_algorithm);
  }
  if (HexEncode(bundle.message_digest) != artifact.sha256_hex) {
    return Fail("bundle signs digest sha256:{}, not the artifact's sha256:{}", HexEncode(bundle.message_digest),
                artifact.sha256_hex);
  }
  return std::string();
}

constexpr std::string_view kBundleV01 = "application/vnd.dev.sigstore.bundle+json;version=0.1";

// Every log entry must verify and record this signature; returns the earliest integrated time a SET signs (nullopt
// when none does). `trusted_time` (a verified timestamp's) dates the entries without a SET.
Result<std::optional<std::time_t>> CheckLogEntries(const Bundle& bundle, const TrustedRoot& root, const PublicKey& key,
                                                   const Artifact& artifact, std::optional<std::time_t> trusted_time) {
  std::string content_hash = bundle.dsse ? Sha256::HexOf(bundle.payload) : artifact.sha256_hex;
  std::optional<std::time_t> earliest;
  int index = 0;
  for (const auto& entry : bundle.tlog_entries) {
    // sigstore_bundle.proto: a v0.1 bundle's entries must carry an inclusion promise.
    if (bundle.media_type == kBundleV01 && entry.signed_entry_timestamp.empty()) {
      return Fail("tlog entry {}: a v0.1 bundle needs a signed entry timestamp (inclusion promise)", index);
    }
    auto signed_time = VerifyTlogEntry(entry, root, trusted_time);
    if (!signed_time) return Rewrap(signed_time.error(), "tlog entry {}", index);
    if (auto ok = CheckEntryBody(entry, bundle.signature, key.Der(), content_hash); !ok) {
      return Rewrap(ok.error(), "tlog entry {}", index);
    }
    if (*signed_time && (!earliest || **signed_time < *earliest)) earliest = *signed_time;
    ++index;
  }
  return earliest;
}

// Every RFC 3161 timestamp must verify over the signature under a TSA of the trusted root that was valid at the
// time it states; returns those times (empty when the bundle carries none).
Result<std::vector<std::time_t>> CheckTimestamps(const Bundle& bundle, const TrustedRoot& root) {
  std::vector<std::time_t> times;
  for (std::size_t i = 0; i < bundle.rfc3161_tokens.size(); ++i) {
    std::string last = "the trusted root lists no timestamp authority";
    bool ok = false;
    for (const auto& tsa : root.timestamp_authorities) {
      auto stamp = VerifyRfc3161(bundle.rfc3161_tokens[i], bundle.signature, {tsa.chain});
      if (!stamp) {
        last = stamp.error().message;
        continue;
      }
      if (!tsa.valid_for.Contains(stamp->time)) {
        last = fmt::format("timestamp {} is outside the validity of authority {}", stamp->time, tsa.uri);
        continue;
      }
      times.push_back(stamp->time);
      ok = true;
      break;
    }
    if (!ok) return Fail("RFC 3161 timestamp {}: {}", i, last);
  }
  return times;
}

std::optional<std::time_t> FirstTime(const std::vector<std::time_t>& times) {
  return times.empty() ? std::nullopt : std::optional<std::time_t>(times.front());
}

Result<Verified> VerifyKeyless(const Bundle& bundle, const Artifact& artifact, const TrustPolicy& policy) {
  if (policy.identities.empty()) return Fail("bundle is signed by a certificate, but no identity is expected");
  if (!policy.root) return Fail("a keyless signature needs a trusted root (--trusted-root)");
  const Certificate& leaf = bundle.certificates.front();
  auto key = leaf.Key();
  if (!key) return std::unexpected(key.error());
  if (bundle.tlog_entries.empty()) return Fail("keyless bundle has no transparency-log entry to date the signature");
  auto stamped = CheckTimestamps(bundle, *policy.root);
  if (!stamped) return std::unexpected(stamped.error());
  auto logged_at = CheckLogEntries(bundle, *policy.root, *key, artifact, FirstTime(*stamped));
  if (!logged_at) return std::unexpected(logged_at.error());
  // The certificate must have been valid at every verified time: each SET-signed integrated time and each TSA's.
  // A TSA's time is the signing time when there is one (a Rekor v2 entry has no integrated time).
  std::vector<std::time_t> times = *stamped;
  if (*logged_at) times.push_back(**logged_at);
  if (times.empty()) {
    return Fail("no verified time: no log entry carries a signed entry timestamp (without one its integratedTime is "
                "signed by nothing) and the bundle has no RFC 3161 timestamp, so the certificate's validity cannot "
                "be checked");
  }
  for (std::time_t when : times) {
    if (when < leaf.NotBefore() || when > leaf.NotAfter()) {
      return Fail("certificate was not valid when the signature was made (at {}, valid {} to {})", when,
                  leaf.NotBefore(), leaf.NotAfter());
    }
  }
  const std::time_t signed_at = stamped->empty() ? **logged_at : stamped->front();
  std::vector<CertificateChain> chains;
  for (const auto& ca : policy.root->authorities) {
    if (ca.valid_for.Contains(signed_at)) chains.push_back(ca.chain);
  }
  if (auto ok = VerifyChain(leaf, chains, signed_at); !ok) return std::unexpected(ok.error());
  // Logged in certificate transparency, as cosign and sigstore-js require (ctlog threshold 1).
  if (policy.require_sct) {
    const Certificate* issuing_ca = IssuerOf(leaf, chains);
    if (issuing_ca == nullptr) return Fail("the certificate's issuer is not among the trusted root's authorities");
    if (auto ok = VerifyEmbeddedScts(leaf, *issuing_ca, *policy.root); !ok) {
      return Fail("{} (--insecure-ignore-sct skips this check)", ok.error().message);
    }
  }
  std::string issuer = leaf.OidcIssuer();
  std::vector<std::string> subjects = leaf.Identities();
  std::string mismatch;
  const Identity* matched = nullptr;
  for (const auto& identity : policy.identities) {
    auto ok = MatchIdentity(identity, subjects, issuer);
    if (ok) {
      matched = &identity;
      break;
    }
    mismatch = ok.error().message;
  }
  if (!matched) return Fail("{}", mismatch);
  if (auto ok = CheckSignature(bundle, artifact, *key); !ok) return std::unexpected(ok.error());
  return Verified{.signer = fmt::format("{} (issuer {})", subjects.empty() ? "?" : subjects.front(), issuer),
                  .signed_at = signed_at, .payload_type = {}, .payload = {}, .predicate_type = {},
                  .timestamped = !stamped->empty()};
}

Result<Verified> VerifyWithKeys(const Bundle& bundle, const Artifact& artifact, const TrustPolicy& policy) {
  if (policy.keys.empty()) return Fail("bundle is signed by a key (hint \"{}\"), but no key was given", bundle.public_key_hint);
  std::string last;
  for (const auto& key : policy.keys) {
    auto ok = CheckSignature(bundle, artifact, key);
    if (!ok) {
      last = ok.error().message;
      continue;
    }
    Verified out;
    out.signer = key.Describe() + " key";
    std::optional<std::time_t> stamped_at;
    if (!bundle.rfc3161_tokens.empty()) {
      if (!policy.root) return Fail("bundle carries RFC 3161 timestamps; checking them needs --trusted-root");
      auto stamped = CheckTimestamps(bundle, *policy.root);
      if (!stamped) return std::unexpected(stamped.error());
      stamped_at = FirstTime(*stamped);
    }
    // Under a trusted root a key's signature must be logged and dated, by the log's signed entry timestamp or a
    // TSA (sigstore-js's tlogThreshold and timestampThreshold of 1; cosign verify --key unless
    // --insecure-ignore-tlog): else a leaked key signs today without a trace. A key alone checks the signature.
    if (policy.root) {
      if (bundle.tlog_entries.empty()) {
        return Fail("no transparency-log entry: under --trusted-root a key's signature must be logged");
      }
      auto logged = CheckLogEntries(bundle, *policy.root, key, artifact, stamped_at);
      if (!logged) return std::unexpected(logged.error());
      if (*logged) out.signed_at = **logged;
      if (!*logged && !stamped_at) {
        return Fail("no verified time: no log entry carries a signed entry timestamp and the bundle has no RFC 3161 "
                    "timestamp");
      }
    }
    if (stamped_at) {  // a TSA's time, when there is one, is the signing time
      out.signed_at = *stamped_at;
      out.timestamped = true;
    }
    return out;
  }
  return Fail("{}", last);
}

}  // namespace

std::string PreAuthEncoding(std::string_view payload_type, std::string_view payload) {
  return fmt::format("DSSEv1 {} {} {} {}", payload_type.size(), payload_type, payload.size(), payload);
}

Result<std::string> CheckStatementSubject(std::string_view statement, std::string_view sha256_hex) {
  json doc = ParseUntrusted(statement, kMaxBundleBytes);
  if (!doc.is_object() || !doc.contains("subject") || !doc["subject"].is_array()) {
    return Fail("DSSE payload is not an in-toto statement with subjects");
  }
  std::string type = JsonText(doc, "_type");
  if (!type.starts_with("https://in-toto.io/Statement/")) return Fail("statement _type \"{}\"", type);
  for (const auto& subject : doc["subject"]) {
    if (!subject.is_object() || !subject.contains("digest") || !subject["digest"].is_object()) continue;
    const json& digest = subject["digest"];
    if (digest.contains("sha256") && digest["sha256"].is_string() && digest["sha256"].get<std::string>() == sha256_hex) {
      return doc.contains("predicateType") && doc["predicateType"].is_string() ? doc["predicateType"].get<std::string>()
                                                                                : std::string();
    }
  }
  return Fail("in-toto statement has no subject with sha256:{}", sha256_hex);
}

Result<Verified> VerifyBundle(const Bundle& bundle, const Artifact& artifact, const TrustPolicy& policy) {
  auto predicate = CheckContent(bundle, artifact);
  if (!predicate) return std::unexpected(predicate.error());
  auto verified = bundle.certificates.empty() ? VerifyWithKeys(bundle, artifact, policy)
                                              : VerifyKeyless(bundle, artifact, policy);
  if (!verified) return verified;
  if (bundle.dsse) {
    verified->payload_type = bundle.payload_type;
    verified->payload = bundle.payload;
    verified->predicate_type = *predicate;
  }
  return verified;
}

}  // namespace drydock::verify
