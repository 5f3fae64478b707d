// Written by fuzz/make_verify_seeds.py with the seeds it signs; do not edit.
#pragma once

#include <ctime>
#include <string_view>

namespace drydock::verify {

inline constexpr std::string_view kFuzzCaRoot = R"(-----BEGIN CERTIFICATE-----
MIIB/zCCAaWgAwIBAgIUKf/HUXDkH7kA00nWW4vzAMXQekkwCgYIKoZIzj0EAwIw
TTELMAkGA1UEBhMCVVMxCzAJBgNVBAgMAldBMRUwEwYDVQQKDAxkcnlkb2NrLXRl
c3QxGjAYBgNVBAMMEWRyeWRvY2sgZnV6eiByb290MB4XDTI2MTIwNDE3MDA1N1oX
DTM2MTIwMTE3MDA1N1owTTELMAkGA1UEBhMCVVMxCzAJBgNVBAgMAldBMRUwEwYD
VQQKDAxkcnlkb2NrLXRlc3QxGjAYBgNVBAMMEWRyeWRvY2sgZnV6eiByb290MFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEtOg0yPxuxuDErpYxqxClA6fQPsCaP24n
Rf77mWjBVV5zciWSa/Ifsuyrzvb2fAn1bOzJ9ZAukvl523tBPKHDM6NjMGEwHQYD
VR0OBBYEFC4r2ck5C41v3Iin9n+C6YTcJ2HkMB8GA1UdIwQYMBaAFC4r2ck5C41v
3Iin9n+C6YTcJ2HkMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMAoG
CCqGSM49BAMCA0gAMEUCIFpmnCfbaFYM9agCqpAZ6fXozk1Vcx47DTr5H4ntVg6L
AiEAlkdnW5qUfh/+n0b1qkt5u4WsNQ523yaxXDA415Z0S9s=
-----END CERTIFICATE-----
)";
inline constexpr std::string_view kFuzzTsaRoot = R"(-----BEGIN CERTIFICATE-----
MIICBzCCAa2gAwIBAgIUQcYJtQpUAca0HxaUbegGFPQ5xikwCgYIKoZIzj0EAwIw
UTELMAkGA1UEBhMCVVMxCzAJBgNVBAgMAldBMRUwEwYDVQQKDAxkcnlkb2NrLXRl
c3QxHjAcBgNVBAMMFWRyeWRvY2sgZnV6eiBUU0Egcm9vdDAeFw0yNjEyMDQxNzAw
NTdaFw0zNjEyMDExNzAwNTdaMFExCzAJBgNVBAYTAlVTMQswCQYDVQQIDAJXQTEV
MBMGA1UECgwMZHJ5ZG9jay10ZXN0MR4wHAYDVQQDDBVkcnlkb2NrIGZ1enogVFNB
IHJvb3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAS7vpCXaqHjZyyRQabs7Laf
NHvb0XfHY+SkSBLR/TLsunC05okoLp7D3PS2qHHqEIf+owWPU9i8h5SwdLwoAKCS
o2MwYTAdBgNVHQ4EFgQUJzirW2nJ9yBSobcofZDiZevPqt4wHwYDVR0jBBgwFoAU
JzirW2nJ9yBSobcofZDiZevPqt4wDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8E
BAMCAQYwCgYIKoZIzj0EAwIDSAAwRQIgHEOozdEL9qeDqPoTeYJ6zwKceqR05uZ1
uCguJsPuhZACIQDSEX/tOCsBOfbI1SX4leHk6lLPHL1K0z/R2tS7I9rr2g==
-----END CERTIFICATE-----
)";
inline constexpr std::string_view kFuzzAttestationKey = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExdDUaFplZKmpb8pSHetxn1pT+L1U
YHJ8J1s+hdKullWEgDlrmxcS43r+mit/gHGbNrFo/U96wZl10pdPLJmRwA==
-----END PUBLIC KEY-----
)";
inline constexpr std::string_view kFuzzTargetDigest = "sha256:abababababababababababababababababababababababababababababababab";
inline constexpr std::string_view kFuzzStampedData = "drydock fuzz";
inline constexpr std::time_t kFuzzNow = 1796490059;

}  // namespace drydock::verify
