// Written by fuzz/make_verify_seeds.py with the seeds it signs; do not edit.
#pragma once

#include <cstdint>
#include <ctime>
#include <string_view>

namespace drydock::verify {

inline constexpr std::string_view kFuzzCaRoot = R"(-----BEGIN CERTIFICATE-----
MIICADCCAaWgAwIBAgIUHdObvieeeJDjZXwnpokB+qJrySIwCgYIKoZIzj0EAwIw
TTELMAkGA1UEBhMCVVMxCzAJBgNVBAgMAldBMRUwEwYDVQQKDAxkcnlkb2NrLXRl
c3QxGjAYBgNVBAMMEWRyeWRvY2sgZnV6eiByb290MB4XDTI2MTIwNDE4NTA0OVoX
DTM2MTIwMTE4NTA0OVowTTELMAkGA1UEBhMCVVMxCzAJBgNVBAgMAldBMRUwEwYD
VQQKDAxkcnlkb2NrLXRlc3QxGjAYBgNVBAMMEWRyeWRvY2sgZnV6eiByb290MFkw
EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEvzohUnlg8k+1CmOQTUfWo0xthIgrr9/S
sqWN7WRT8q/d322B28mtfyEiwVeijOZvU2GVs14itTAgRQeeiaHXJaNjMGEwHQYD
VR0OBBYEFJwwHRh+7UDXqJaOrR4Xeu4wYPM/MB8GA1UdIwQYMBaAFJwwHRh+7UDX
qJaOrR4Xeu4wYPM/MA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/BAQDAgEGMAoG
CCqGSM49BAMCA0kAMEYCIQDNdfN/xuVkDkJD1mAHlS6ChWRBFsH0oL5JaYr3o/CN
rQIhAJe4XEB6NfMBzbGUbAui7xka+aq29brruCKMJKqD2AEV
-----END CERTIFICATE-----
)";
inline constexpr std::string_view kFuzzTsaRoot = R"(-----BEGIN CERTIFICATE-----
MIICCDCCAa2gAwIBAgIUcB10oAFkmea4JOibCmK39LfcK0gwCgYIKoZIzj0EAwIw
UTELMAkGA1UEBhMCVVMxCzAJBgNVBAgMAldBMRUwEwYDVQQKDAxkcnlkb2NrLXRl
c3QxHjAcBgNVBAMMFWRyeWRvY2sgZnV6eiBUU0Egcm9vdDAeFw0yNjEyMDQxODUw
NDlaFw0zNjEyMDExODUwNDlaMFExCzAJBgNVBAYTAlVTMQswCQYDVQQIDAJXQTEV
MBMGA1UECgwMZHJ5ZG9jay10ZXN0MR4wHAYDVQQDDBVkcnlkb2NrIGZ1enogVFNB
IHJvb3QwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQqOtQqhdFANPony5IQEy8l
WmJ9A76O+eCCleq3MqbVe5Nl6D789d//KhpGVm2KcbUq0Tpuc16EE8k4RvBRbq8D
o2MwYTAdBgNVHQ4EFgQU+va9X+D+9PE1GVT/cjBG4eLH/IgwHwYDVR0jBBgwFoAU
+va9X+D+9PE1GVT/cjBG4eLH/IgwDwYDVR0TAQH/BAUwAwEB/zAOBgNVHQ8BAf8E
BAMCAQYwCgYIKoZIzj0EAwIDSQAwRgIhAOqLjr9Z0TQwfXAD8YeVHMu9etFaiqlp
A8IsJ8GX06IBAiEApjnHMac2PqnHBlTfanNTwd/ukanYSANKnmDnHYRmb30=
-----END CERTIFICATE-----
)";
inline constexpr std::string_view kFuzzAttestationKey = R"(-----BEGIN PUBLIC KEY-----
MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEOptYz18qq+LupnhdVijKVD5p0koo
Lqt4iL4O3NPw0dPhgre7om+G1mXPuMMcvn9DmAmYoCT21LoZTLkaM1LX+Q==
-----END PUBLIC KEY-----
)";
inline constexpr std::string_view kFuzzTargetMediaType = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kFuzzTargetDigest = "sha256:abababababababababababababababababababababababababababababababab";
inline constexpr std::int64_t kFuzzTargetSize = 1234;
inline constexpr std::string_view kFuzzStampedData = "drydock fuzz";
inline constexpr std::time_t kFuzzNow = 1796496652;

}  // namespace drydock::verify
