#include "verify/notation.h"

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

#include "verify/encoding.h"
#include "verify/json_text.h"
#include "verify/rfc3161.h"
#include "verify/trusted_root.h"

namespace drydock::verify {
namespace {

using nlohmann::json;

constexpr std::string_view kPayloadType = "application/vnd.cncf.notary.payload.v1+json";
constexpr std::string_view kScheme = "io.cncf.notary.signingScheme";
constexpr std::string_view kSigningTime = "io.cncf.notary.signingTime";
constexpr std::string_view kAuthenticTime = "io.cncf.notary.authenticSigningTime";
constexpr std::string_view kExpiry = "io.cncf.notary.expiry";
constexpr std::string_view kX509 = "notary.x509";
constexpr std::string_view kSigningAuthority = "notary.x509.signingAuthority";

// The alg the signing key implies (signature-specification.md's algorithm selection) and its digest.
struct Algorithm {
  std::string alg;
  const EVP_MD* md = nullptr;
  bool ecdsa = false;
  std::size_t ecdsa_half_bytes = 0;  // r and s each, in the raw JWS form
};

Result<Algorithm> AlgorithmOf(EVP_PKEY* key) {
  int bits = EVP_PKEY_get_bits(key);
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA) {
    if (bits == 2048) return Algorithm{"PS256", EVP_sha256(), false, 0};
    if (bits == 3072) return Algorithm{"PS384", EVP_sha384(), false, 0};
    if (bits == 4096) return Algorithm{"PS512", EVP_sha512(), false, 0};
    return Fail("RSA {} key (Notation allows 2048, 3072 and 4096 bits)", bits);
  }
  if (EVP_PKEY_get_base_id(key) == EVP_PKEY_EC) {
    if (bits == 256) return Algorithm{"ES256", EVP_sha256(), true, 32};
    if (bits == 384) return Algorithm{"ES384", EVP_sha384(), true, 48};
    if (bits == 521) return Algorithm{"ES512", EVP_sha512(), true, 66};
  }
  return Fail("signing key is not RSA 2048/3072/4096 or ECDSA P-256/384/521");
}

// JWS carries ECDSA signatures as r||s; OpenSSL verifies DER.
Result<std::string> EcdsaRawToDer(std::string_view raw, std::size_t half) {
  if (raw.size() != 2 * half) return Fail("ECDSA signature is {} bytes, not {}", raw.size(), 2 * half);
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), static_cast<int>(half), nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data() + half), static_cast<int>(half), nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig, r, s) != 1) {
    BN_free(r), BN_free(s), ECDSA_SIG_free(sig);
    return Fail("out of memory");
  }
  unsigned char* der = nullptr;
  int length = i2d_ECDSA_SIG(sig, &der);
  ECDSA_SIG_free(sig);
  if (length <= 0) return Fail("ECDSA signature cannot be encoded");
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(length));
  OPENSSL_free(der);
  return out;
}

Status VerifySignature(EVP_PKEY* key, const Algorithm& algorithm, std::string_view input, std::string_view signature) {
  std::string der(signature);
  if (algorithm.ecdsa) {
    auto converted = EcdsaRawToDer(signature, algorithm.ecdsa_half_bytes);
    if (!converted) return std::unexpected(converted.error());
    der = std::move(*converted);
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), &pctx, algorithm.md, nullptr, key) != 1) return Fail("out of memory");
  if (!algorithm.ecdsa && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
                           EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1)) {
    return Fail("RSA-PSS is unavailable");
  }
  if (EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(der.data()), der.size(),
                       reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return Fail("JWS signature does not verify under the signing certificate's key ({})", algorithm.alg);
  }
  return {};
}

// The protected header's checks: content type, signing scheme, and that every critical header is one this
// verifier understands and is present (verification plugins are not supported).
Status CheckProtected(const json& header, const Algorithm& algorithm) {
  if (JsonText(header, "alg") != algorithm.alg) {
    return Fail("alg \"{}\" does not match the signing key (expects {})", JsonText(header, "alg"), algorithm.alg);
  }
  if (JsonText(header, "cty") != kPayloadType) return Fail("cty \"{}\" is not {}", JsonText(header, "cty"), kPayloadType);
  if (!header.contains("crit") || !header["crit"].is_array()) return Fail("protected header has no crit list");
  std::vector<std::string> crit;
  for (const auto& item : header["crit"]) {
    if (!item.is_string()) return Fail("crit holds a non-string");
    std::string name = item.get<std::string>();
    if (name != kScheme && name != kAuthenticTime && name != kExpiry) {
      return Fail("critical header \"{}\" is not supported (verification plugins are not)", name);
    }
    if (!header.contains(name)) return Fail("critical header \"{}\" is missing", name);
    crit.push_back(name);
  }
  for (std::string_view name : {kScheme, kAuthenticTime, kExpiry}) {
    if (header.contains(name) && std::find(crit.begin(), crit.end(), name) == crit.end()) {
      return Fail("header \"{}\" must be listed in crit", name);
    }
  }
  std::string scheme = JsonText(header, kScheme);
  if (scheme == kX509) {
    if (JsonText(header, kSigningTime).empty()) return Fail("notary.x509 signature has no {}", kSigningTime);
  } else if (scheme == kSigningAuthority) {
    if (JsonText(header, kAuthenticTime).empty()) return Fail("signingAuthority signature has no {}", kAuthenticTime);
  } else {
    return Fail("signing scheme \"{}\" is not notary.x509 or notary.x509.signingAuthority", scheme);
  }
  return {};
}

Status CheckPayload(std::string_view payload, const NotationTarget& target) {
  json doc = json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("targetArtifact") || !doc["targetArtifact"].is_object()) {
    return Fail("payload has no targetArtifact");
  }
  const json& artifact = doc["targetArtifact"];
  if (JsonText(artifact, "digest") != target.digest) {
    return Fail("payload signs {}, not this image's {}", JsonText(artifact, "digest"), target.digest);
  }
  if (JsonText(artifact, "mediaType") != target.media_type) {
    return Fail("payload's mediaType \"{}\" is not the manifest's \"{}\"", JsonText(artifact, "mediaType"), target.media_type);
  }
  if (!artifact.contains("size") || !artifact["size"].is_number_integer() ||
      artifact["size"].get<std::int64_t>() != target.size) {
    return Fail("payload's size is not the manifest's {} bytes", target.size);
  }
  return {};
}

// The chain OpenSSL built, leaf first, ending at its trust-store anchor.
Result<std::vector<Certificate>> BuiltChain(X509_STORE_CTX* ctx) {
  std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> chain(
      X509_STORE_CTX_get1_chain(ctx), [](STACK_OF(X509)* s) { sk_X509_pop_free(s, X509_free); });
  if (!chain) return Fail("no certificate chain was built");
  std::vector<Certificate> out;
  for (int i = 0; i < sk_X509_num(chain.get()); ++i) {
    unsigned char* der = nullptr;
    int length = i2d_X509(sk_X509_value(chain.get(), i), &der);
    if (length <= 0) return Fail("cannot encode certificate {} of the built chain", i);
    auto cert = Certificate::FromDer(std::string_view(reinterpret_cast<char*>(der), static_cast<std::size_t>(length)));
    OPENSSL_free(der);
    if (!cert) return std::unexpected(cert.error());
    out.push_back(std::move(*cert));
  }
  return out;
}

// The x5c chain reaches one of `roots` (trust-store certificates are the only anchors; x5c only supplies links);
// returns the chain built, anchor included, which x5c may leave out. Validity times are checked separately
// (authentic timestamp), so an expired chain still says who signed.
Result<std::vector<Certificate>> CheckChain(const std::vector<Certificate>& x5c, const std::vector<Certificate>& roots) {
  if (roots.empty()) return Fail("the trust policy names no trust store for this signing scheme");
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  std::unique_ptr<STACK_OF(X509), void (*)(STACK_OF(X509)*)> links(sk_X509_new_null(),
                                                                   [](STACK_OF(X509)* s) { sk_X509_free(s); });
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(), X509_STORE_CTX_free);
  if (!store || !links || !ctx) return Fail("out of memory");
  for (const auto& root : roots) X509_STORE_add_cert(store.get(), root.get());
  for (std::size_t i = 1; i < x5c.size(); ++i) sk_X509_push(links.get(), x5c[i].get());
  if (X509_STORE_CTX_init(ctx.get(), store.get(), x5c.front().get(), links.get()) != 1) return Fail("out of memory");
  X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
  X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_NO_CHECK_TIME | X509_V_FLAG_PARTIAL_CHAIN);
  if (X509_verify_cert(ctx.get()) != 1) {
    return Fail("certificate chain does not lead to the trust store: {}",
                X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
  }
  X509* leaf = x5c.front().get();
  if (!(X509_get_extended_key_usage(leaf) & XKU_CODE_SIGN)) return Fail("signing certificate is not for code signing");
  if ((X509_get_extension_flags(leaf) & EXFLAG_KUSAGE) && !(X509_get_key_usage(leaf) & KU_DIGITAL_SIGNATURE)) {
    return Fail("signing certificate's key usage lacks digitalSignature");
  }
  if (X509_check_ca(leaf) != 0) return Fail("signing certificate is a CA certificate");
  return BuiltChain(ctx.get());
}

// Every certificate of the chain valid over [from, to].
Status CheckValidity(const std::vector<Certificate>& chain, std::time_t from, std::time_t to, std::string_view what) {
  for (const auto& cert : chain) {
    if (from < cert.NotBefore() || to > cert.NotAfter()) {
      return Fail("certificate {} was not valid at {} ({} to {})", cert.Subject(), what, cert.NotBefore(), cert.NotAfter());
    }
  }
  return {};
}

// A failed validation: enforced (an error) or only logged, by level.
Status Judge(Status result, bool enforced, std::vector<std::string>& logged) {
  if (result || enforced) return result;
  logged.push_back(result.error().message);
  return {};
}

}  // namespace

Result<NotationVerified> VerifyNotationJws(std::string_view envelope, const NotationTarget& target,
                                           const NotationPolicy& policy, std::time_t now) {
  if (envelope.size() > kMaxNotationEnvelopeBytes) return Fail("envelope is {} bytes", envelope.size());
  json doc = json::parse(envelope, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return Fail("JWS envelope is not a JSON object");
  for (const auto& [field, _] : doc.items()) {
    if (field != "payload" && field != "protected" && field != "header" && field != "signature") {
      return Fail("JWS envelope has an unsupported member \"{}\"", field);
    }
  }
  std::string protected_b64 = JsonText(doc, "protected"), payload_b64 = JsonText(doc, "payload");
  auto protected_text = Base64Decode(protected_b64);
  auto payload = Base64Decode(payload_b64);
  auto signature = Base64Decode(JsonText(doc, "signature"));
  if (!protected_text || !payload || !signature || protected_b64.empty() || signature->empty()) {
    return Fail("JWS envelope lacks a base64url protected header, payload or signature");
  }
  json header = json::parse(*protected_text, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object()) return Fail("protected header is not a JSON object");
  const json unprotected = doc.value("header", json::object());
  if (!unprotected.is_object() || !unprotected.contains("x5c") || !unprotected["x5c"].is_array() ||
      unprotected["x5c"].empty() || unprotected["x5c"].size() > kMaxNotationChainCertificates) {
    return Fail("header.x5c must list 1 to {} certificates", kMaxNotationChainCertificates);
  }
  std::vector<Certificate> x5c;
  for (const auto& item : unprotected["x5c"]) {
    auto der = item.is_string() ? Base64Decode(item.get<std::string>()) : Result<std::string>(Fail("not a string"));
    auto cert = der ? Certificate::FromDer(*der) : Result<Certificate>(std::unexpected(der.error()));
    if (!cert) return Rewrap(cert.error(), "header.x5c[{}]", x5c.size());
    x5c.push_back(*cert);
  }
  // Integrity (always enforced).
  auto key = x5c.front().Key();
  if (!key) return std::unexpected(key.error());
  auto algorithm = AlgorithmOf(key->get());
  if (!algorithm) return std::unexpected(algorithm.error());
  if (auto ok = CheckProtected(header, *algorithm); !ok) return std::unexpected(ok.error());
  if (auto ok = VerifySignature(key->get(), *algorithm, protected_b64 + "." + payload_b64, *signature); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = CheckPayload(*payload, target); !ok) return std::unexpected(ok.error());

  NotationVerified out{.signer = x5c.front().Subject(), .signed_at = 0, .scheme = JsonText(header, kScheme), .logged = {}};
  const bool strict = policy.level == NotationLevel::kStrict;
  const bool authenticity_enforced = policy.level != NotationLevel::kAudit;
  // Authenticity: the chain reaches the trust store for this scheme, and the signer is a trusted identity.
  const auto& roots = out.scheme == kSigningAuthority ? policy.signing_authority_roots : policy.ca_roots;
  auto built = CheckChain(x5c, roots);
  if (auto ok = Judge(built ? Status() : Status(std::unexpected(built.error())), authenticity_enforced, out.logged); !ok) {
    return std::unexpected(ok.error());
  }
  // Validity is checked over the chain that reached the trust store, so an expired anchor x5c leaves out still
  // counts (signature-specification.md: every certificate up to the root). With no such chain (a level that only
  // logs authenticity), over x5c.
  const std::vector<Certificate>& chain = built ? *built : x5c;
  if (auto ok = Judge(MatchTrustedIdentity(policy.identities, x5c.front()), authenticity_enforced, out.logged); !ok) {
    return std::unexpected(ok.error());
  }
  // Expiry: the signer's "best by" time.
  if (std::string expiry = JsonText(header, kExpiry); !expiry.empty()) {
    auto when = ParseRfc3339(expiry);
    Status expired = !when ? Status(std::unexpected(when.error()))
                     : now >= *when ? Fail("signature expired at {} (io.cncf.notary.expiry)", expiry)
                                    : Status();
    if (auto ok = Judge(expired, strict, out.logged); !ok) return std::unexpected(ok.error());
  }
  // Authentic timestamp: when the signature was made, the chain was valid.
  Status timely;
  if (out.scheme == kSigningAuthority) {
    auto when = ParseRfc3339(JsonText(header, kAuthenticTime));
    timely = !when ? Status(std::unexpected(when.error())) : CheckValidity(chain, *when, *when, "the authentic signing time");
    if (when) out.signed_at = *when;
  } else {
    std::string token_b64 = JsonText(unprotected, "io.cncf.notary.timestampSignature");
    bool expired_now = !CheckValidity(chain, now, now, "now");
    bool use_timestamp = !policy.tsa_roots.empty() && (!policy.timestamp_after_expiry_only || expired_now);
    if (use_timestamp && !token_b64.empty()) {
      auto token = Base64Decode(token_b64);
      auto stamp = token ? VerifyRfc3161(*token, *signature, {policy.tsa_roots})
                         : Result<Timestamp>(std::unexpected(token.error()));
      if (!stamp) {
        timely = Rewrap(stamp.error(), "timestamp countersignature");
      } else {
        out.signed_at = stamp->time;
        timely = CheckValidity(chain, stamp->time - stamp->accuracy_seconds, stamp->time + stamp->accuracy_seconds,
                               "the timestamp's time");
      }
    } else if (use_timestamp) {
      // trust-store-trust-policy.md, authentic timestamp: the countersignature "if not present or empty, fail".
      timely = Fail("{}", expired_now ? "the chain has expired and the signature carries no timestamp countersignature"
                                      : "the trust policy requires a timestamp countersignature and the signature "
                                        "carries none");
    } else {
      timely = CheckValidity(chain, now, now, "now");
    }
  }
  if (auto ok = Judge(timely, strict, out.logged); !ok) return std::unexpected(ok.error());
  return out;
}

}  // namespace drydock::verify
