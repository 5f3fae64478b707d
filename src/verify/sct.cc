#include "verify/sct.h"

#include <openssl/ct.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdint>
#include <memory>
#include <string>

#include "common/sha256.h"
#include "verify/encoding.h"

namespace drydock::verify {
namespace {

void AppendBigEndian(std::string& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

// The precertificate's TBSCertificate as the log saw it: the leaf's, without the SCT list extension (RFC 6962
// 3.2), DER re-encoded.
Result<std::string> PrecertificateTbs(const Certificate& leaf) {
  std::unique_ptr<X509, decltype(&X509_free)> copy(X509_dup(leaf.get()), X509_free);
  if (!copy) return Fail("cannot copy the certificate");
  const int at = X509_get_ext_by_NID(copy.get(), NID_ct_precert_scts, -1);
  if (at < 0) return Fail("certificate has no embedded SCT list");
  X509_EXTENSION_free(X509_delete_ext(copy.get(), at));
  unsigned char* der = nullptr;
  const int size = i2d_re_X509_tbs(copy.get(), &der);
  if (size <= 0) return Fail("cannot encode the certificate's TBS");
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size));
  OPENSSL_free(der);
  return out;
}

Result<std::string> SpkiDer(const Certificate& cert) {
  unsigned char* der = nullptr;
  const int size = i2d_X509_PUBKEY(X509_get_X509_PUBKEY(cert.get()), &der);
  if (size <= 0) return Fail("cannot encode the issuer's key");
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(size));
  OPENSSL_free(der);
  return out;
}

}  // namespace

const Certificate* IssuerOf(const Certificate& leaf, const std::vector<CertificateChain>& chains) {
  for (const CertificateChain& chain : chains) {
    for (const Certificate& candidate : chain) {
      if (X509_check_issued(candidate.get(), leaf.get()) == X509_V_OK) return &candidate;
    }
  }
  return nullptr;
}

Status VerifyEmbeddedScts(const Certificate& leaf, const Certificate& issuer, const TrustedRoot& root) {
  using SctList = STACK_OF(SCT);
  std::unique_ptr<SctList, void (*)(SctList*)> scts(
      static_cast<SctList*>(X509_get_ext_d2i(leaf.get(), NID_ct_precert_scts, nullptr, nullptr)), SCT_LIST_free);
  if (!scts || sk_SCT_num(scts.get()) == 0) {
    return Fail("certificate has no signed certificate timestamp (it was not logged in certificate transparency)");
  }
  auto tbs = PrecertificateTbs(leaf);
  if (!tbs) return std::unexpected(tbs.error());
  auto issuer_key = SpkiDer(issuer);
  if (!issuer_key) return std::unexpected(issuer_key.error());
  auto issuer_key_hash = HexDecode(Sha256::HexOf(*issuer_key));
  if (!issuer_key_hash) return std::unexpected(issuer_key_hash.error());
  std::string last = "no SCT names a CT log of the trusted root";
  for (int i = 0; i < sk_SCT_num(scts.get()); ++i) {
    const SCT* sct = sk_SCT_value(scts.get(), i);
    if (SCT_get_version(sct) != SCT_VERSION_V1) continue;
    unsigned char* id = nullptr;
    const std::size_t id_size = SCT_get0_log_id(sct, &id);
    const TransparencyLog* log = root.FindCtLog(std::string(reinterpret_cast<const char*>(id), id_size));
    if (log == nullptr) continue;
    const std::uint64_t millis = SCT_get_timestamp(sct);
    if (!log->valid_for.Contains(static_cast<std::time_t>(millis / 1000))) {
      last = "the CT log's key was not valid at the SCT's time";
      continue;
    }
    unsigned char* extensions = nullptr;
    const std::size_t extensions_size = SCT_get0_extensions(sct, &extensions);
    unsigned char* signature = nullptr;
    const std::size_t signature_size = SCT_get0_signature(sct, &signature);
    // RFC 6962 3.2: version, signature type (certificate_timestamp), timestamp, entry type (precert_entry),
    // issuer key hash, the TBS (24-bit length), extensions (16-bit length).
    std::string signed_data;
    signed_data.push_back('\0');
    signed_data.push_back('\0');
    AppendBigEndian(signed_data, millis, 8);
    AppendBigEndian(signed_data, 1, 2);
    signed_data += *issuer_key_hash;
    AppendBigEndian(signed_data, tbs->size(), 3);
    signed_data += *tbs;
    AppendBigEndian(signed_data, extensions_size, 2);
    signed_data.append(reinterpret_cast<const char*>(extensions), extensions_size);
    auto ok = log->key.Verify(signed_data,
                              std::string_view(reinterpret_cast<const char*>(signature), signature_size));
    if (ok) return {};
    last = "SCT signature does not verify under its CT log's key";
  }
  return Fail("no valid signed certificate timestamp: {}", last);
}

}  // namespace drydock::verify
