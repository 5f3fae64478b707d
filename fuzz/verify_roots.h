// Written by fuzz/make_verify_seeds.py with the seeds it signs; do not edit.
#pragma once

#include <ctime>
#include <string_view>

namespace drydock::verify {

inline constexpr std::string_view kFuzzCaRoot = R"(-----BEGIN CERTIFICATE-----
MIIB/zCCAaWgAwIBAgIUZUJQy/W6f2LXBgLKWMTXD4XSWdAwCgYIKoZIzj0EAwIw
TTELMAkGA1UEBhMCVVMxCzAJBgNVBAgMAldBMRUwEwYDVQQKDAxkcnlkb2NrLXRl
c3QxGjAYBgNVBAMMEWRyeWRvY2sgZnV6eiByb290MB4XDTI2MTIwNDE2Mzk1N1oX
DTM2MTIwMTE2Mzk1N1owTTELMAkGA1UEBhMCVVMxCzAJBgNVBAgMAldBMRUwEwYD
VQQKDAxkcnlkb2NrLXRlc3QxGjAYBgNVBAMMEWRyeWRvY2sgZnV6eiByb290MFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEznYYuuCAuNPc1eh1akJjq2JW303ZRsOi
zOWibO7RL9btB4Y0Ls1k2S6J22il2MlguLfwLp+4o9ye+hg13AZeTKNjMGEwHQYD
VR0OBBYEFB+JRJrItcv4+5osxWuo731y5l+EMB8GA1UdIwQYMBaAFB+JRJrItcv4
+5osxWuo731y5l+EMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMAoG
CCqGSM49BAMCA0gAMEUCIQC/k1HOg3jzztuTVDIYZj8W1luIiXOjWFEY5aH0LT+y
EgIgI726bGbJawF1CGVopZk2Nepl4iIZsSf/s42SL+4dj5Q=
-----END CERTIFICATE-----
)";
inline constexpr std::string_view kFuzzTsaRoot = R"(-----BEGIN CERTIFICATE-----
MIICBzCCAa2gAwIBAgIUJUkWknCPuaL0BaQx/naxpOgHnBgwCgYIKoZIzj0EAwIw
UTELMAkGA1UEBhMCVVMxCzAJBgNVBAgMAldBMRUwEwYDVQQKDAxkcnlkb2NrLXRl
c3QxHjAcBgNVBAMMFWRyeWRvY2sgZnV6eiBUU0Egcm9vdDAeFw0yNjEyMDQxNjM5
NTdaFw0zNjEyMDExNjM5NTdaMFExCzAJBgNVBAYTAlVTMQswCQYDVQQIDAJXQTEV
MBMGA1UECgwMZHJ5ZG9jay10ZXN0MR4wHAYDVQQDDBVkcnlkb2NrIGZ1enogVFNB
IHJvb3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAARalK5Cp5D3Ap2TzKw8OFA4
fyAx0FiiPNOxVl4iEjq+1XBCJaPjUuxJCvpdrlLi/zzb42KbCoP5PcCUYCZQ7YWX
o2MwYTAdBgNVHQ4EFgQU7nzy6T+zpe6UI9/033M2un9kZCwwHwYDVR0jBBgwFoAU
7nzy6T+zpe6UI9/033M2un9kZCwwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8E
BAMCAQYwCgYIKoZIzj0EAwIDSAAwRQIgLffUa8pWidpg7HczCdvj2Tzm/2v87QQP
cZHOakW+3TACIQCEoxPIkhiSzqlKSxak4dk/b7bJ42fRHxKfUxDTf5gLYA==
-----END CERTIFICATE-----
)";
inline constexpr std::string_view kFuzzTargetDigest = "sha256:abababababababababababababababababababababababababababababababab";
inline constexpr std::string_view kFuzzStampedData = "drydock fuzz";
inline constexpr std::time_t kFuzzNow = 1796488800;

}  // namespace drydock::verify
