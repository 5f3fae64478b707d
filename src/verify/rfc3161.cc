#include "verify/rfc3161.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>

namespace drydock::verify {
namespace {

template <typename T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using RespPtr = std::unique_ptr<TS_RESP, Deleter<TS_RESP, TS_RESP_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, Deleter<PKCS7, PKCS7_free>>;
using TstPtr = std::unique_ptr<TS_TST_INFO, Deleter<TS_TST_INFO, TS_TST_INFO_free>>;
using VerifyCtxPtr = std::unique_ptr<TS_VERIFY_CTX, Deleter<TS_VERIFY_CTX, TS_VERIFY_CTX_free>>;

// The most recent error (the queue may hold older ones from unrelated parsing).
std::string OpenSslError() {
  unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  if (code == 0) return "unknown error";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

// The token and its TSTInfo, from a TimeStampResp (status checked) or a bare TimeStampToken.
struct ParsedToken {
  Pkcs7Ptr token;
  TstPtr info;
};

Result<ParsedToken> ParseToken(std::string_view der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  RespPtr response(d2i_TS_RESP(nullptr, &p, static_cast<long>(der.size())));
  ParsedToken out;
  if (response && p == reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    long status = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(response.get())));
    if (status != 0 && status != 1) return Fail("the time-stamp authority refused the request (status {})", status);
    PKCS7* token = TS_RESP_get_token(response.get());
    if (!token) return Fail("time-stamp response holds no token");
    out.token.reset(PKCS7_dup(token));
  } else {
    ERR_clear_error();
    p = reinterpret_cast<const unsigned char*>(der.data());
    out.token.reset(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
    if (!out.token) return Fail("neither a DER TimeStampResp nor a TimeStampToken: {}", OpenSslError());
  }
  if (!out.token) return Fail("out of memory");
  out.info.reset(PKCS7_to_TS_TST_INFO(out.token.get()));
  if (!out.info) return Fail("time-stamp token holds no TSTInfo: {}", OpenSslError());
  return out;
}

Result<std::time_t> GenTime(const TS_TST_INFO* info) {
  struct tm parts {};
  if (ASN1_TIME_to_tm(TS_TST_INFO_get_time(info), &parts) != 1) return Fail("TSTInfo.genTime is not a time");
  return timegm(&parts);
}

// TSTInfo.accuracy in whole seconds, rounded up. Notation widens the timestamp to genTime +/- accuracy: a negative
// accuracy would turn that window inside out (a token stamped after the certificate expired would pass), and one
// beyond a day says the authority does not know the time.
Result<std::time_t> AccuracySeconds(const TS_TST_INFO* info) {
  const TS_ACCURACY* accuracy = TS_TST_INFO_get_accuracy(const_cast<TS_TST_INFO*>(info));
  if (!accuracy) return 0;
  auto field = [](const ASN1_INTEGER* value) -> long { return value ? ASN1_INTEGER_get(value) : 0; };
  const long seconds = field(TS_ACCURACY_get_seconds(accuracy));
  const long millis = field(TS_ACCURACY_get_millis(accuracy));
  const long micros = field(TS_ACCURACY_get_micros(accuracy));
  if (seconds < 0 || millis < 0 || micros < 0) return Fail("TSTInfo.accuracy is negative or too large to read");
  if (seconds > kMaxAccuracySeconds) {
    return Fail("TSTInfo.accuracy of {} s is over the {} s a time-stamp authority may be off", seconds,
                kMaxAccuracySeconds);
  }
  return static_cast<std::time_t>(seconds + (millis > 0 || micros > 0 ? 1 : 0));
}

// One authority's attempt: its root as the only anchor, its intermediates and the token's certificates as links.
Status VerifyWith(const CertificateChain& chain, PKCS7* token, std::string_view data, std::time_t when) {
  VerifyCtxPtr ctx(TS_VERIFY_CTX_new());
  X509_STORE* store = X509_STORE_new();
  STACK_OF(X509)* links = sk_X509_new_null();
  BIO* bio = BIO_new_mem_buf(data.data(), static_cast<int>(data.size()));
  if (!ctx || !store || !links || !bio) {
    X509_STORE_free(store), sk_X509_free(links), BIO_free(bio);
    return Fail("out of memory");
  }
  for (const auto& cert : chain) {
    if (cert.SelfSigned()) {
      X509_STORE_add_cert(store, cert.get());
    } else {
      X509_up_ref(cert.get());
      sk_X509_push(links, cert.get());
    }
  }
  X509_VERIFY_PARAM_set_time(X509_STORE_get0_param(store), when);
  // The context owns the store, the links and the data from here on (TS_VERIFY_CTX_free releases them).
  TS_VERIFY_CTX_set_store(ctx.get(), store);
  TS_VERIFY_CTX_set_certs(ctx.get(), links);
  TS_VERIFY_CTX_set_data(ctx.get(), bio);
  TS_VERIFY_CTX_set_flags(ctx.get(), TS_VFY_SIGNATURE | TS_VFY_VERSION | TS_VFY_DATA);
  ERR_clear_error();
  if (TS_RESP_verify_token(ctx.get(), token) != 1) return Fail("{}", OpenSslError());
  return {};
}

}  // namespace

Result<Timestamp> VerifyRfc3161(std::string_view der, std::string_view data,
                                const std::vector<CertificateChain>& authorities) {
  if (der.size() > kMaxTimestampBytes) return Fail("timestamp is {} bytes (at most {})", der.size(), kMaxTimestampBytes);
  auto parsed = ParseToken(der);
  if (!parsed) return std::unexpected(parsed.error());
  auto time = GenTime(parsed->info.get());
  if (!time) return std::unexpected(time.error());
  auto accuracy = AccuracySeconds(parsed->info.get());
  if (!accuracy) return std::unexpected(accuracy.error());
  if (authorities.empty()) return Fail("no time-stamp authority is trusted (the trusted root lists none)");
  std::string last;
  for (const auto& chain : authorities) {
    auto ok = VerifyWith(chain, parsed->token.get(), data, *time);
    if (ok) {
      return Timestamp{.time = *time, .accuracy_seconds = *accuracy,
                       .authority = chain.empty() ? "" : chain.back().Subject()};
    }
    last = ok.error().message;
  }
  return Fail("timestamp does not verify under a trusted time-stamp authority: {}", last);
}

}  // namespace drydock::verify
