// Inputs the report, policy and SBOM end-to-end tests share: DBs built from real feeds, an Alpine 3.4 image with
// findings, and the offline schema validator.
#pragma once

#include <string>

namespace drydock::e2e {

inline const std::string kAlpine310 = "aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz";

// A DB from alpine-secdb v3.4 and v3.10 main, built once per test binary.
const std::string& ReportsAlpineDb();
// A DB for the Debian app image's language packages and its OS: the GitHub advisories (npm, PyPI, Maven),
// the whole Go vulndb, and the Debian tracker's JSON sample (so Debian 12 counts as covered). Built once.
const std::string& AppDb();
// An Alpine 3.4 docker archive made from trivy's real 3.4-era apk database (57 findings against v3.4 main).
const std::string& Alpine34Image();

// Validates `document` with Debian's python3-jsonschema against the named official schema ("cyclonedx-1.6",
// "spdx-2.3", "sarif-2.1.0", "openvex"), resolving references locally. Returns "" when valid, else the
// validator's complaints.
std::string SchemaViolations(const std::string& schema, const std::string& document);

}  // namespace drydock::e2e
