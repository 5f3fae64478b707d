// VEX parsing on the OpenVEX project's own examples and CycloneDX's VEX examples.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "policy/policy.h"

namespace drydock {
namespace {

std::string Read(const std::string& relative) {
  std::ifstream in(std::string(DRYDOCK_TESTDATA) + "/" + relative);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// openvex+go-vex/pkg/vex/testdata/v0.2.0.json: five statements on libssl3/libcrypto3 inside an alpine image.
TEST(VexTest, OpenVex020Subcomponents) {
  auto statements = ParseVex(Read("openvex+go-vex/pkg/vex/testdata/v0.2.0.json"), "v0.2.0.json");
  ASSERT_TRUE(statements) << statements.error().message;
  ASSERT_EQ(statements->size(), 5u);
  EXPECT_EQ((*statements)[0].vulnerability, "CVE-2023-1255");
  EXPECT_EQ((*statements)[0].status, "fixed");
  EXPECT_EQ((*statements)[0].products,
            (std::vector<std::string>{"pkg:apk/alpine/libssl3@3.0.8-r3", "pkg:apk/alpine/libcrypto3@3.0.8-r3"}));
  EXPECT_EQ((*statements)[3].status, "not_affected");
  EXPECT_EQ((*statements)[3].justification,
            "vulnerable_code_not_present: affected functions were removed before packaging");
}

TEST(VexTest, OpenVex001StringProducts) {
  auto statements = ParseVex(Read("openvex+go-vex/pkg/vex/testdata/v001-1.vex.json"), "v001.json");
  ASSERT_TRUE(statements) << statements.error().message;
  ASSERT_EQ(statements->size(), 1u);
  EXPECT_EQ((*statements)[0].vulnerability, "CVE-1234-5678");
  EXPECT_EQ((*statements)[0].status, "under_investigation");
  EXPECT_EQ((*statements)[0].products, std::vector<std::string>{"pkg:apk/wolfi/bash@1.0.0"});
}

// Ubuntu's OpenVEX for CVE-2023-38545: name and an NVD @id, and aliases that are URLs (USNs, curl's page).
TEST(VexTest, OpenVexIdAndAliasesFromIris) {
  auto statements =
      ParseVex(Read("anchore+vunnel/tests/unit/providers/ubuntu/test-fixtures/vex/cve/2023/CVE-2023-38545.json"), "u.json");
  ASSERT_TRUE(statements) << statements.error().message;
  ASSERT_FALSE(statements->empty());
  const VexStatement& first = (*statements)[0];
  EXPECT_EQ(first.vulnerability, "CVE-2023-38545");
  EXPECT_EQ(first.aliases, (std::vector<std::string>{"USN-6429-1", "USN-6429-3"}));
  EXPECT_EQ(first.products[0], "pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.24?arch=source&distro=jammy");
  // A statement naming its vulnerability by @id alone (no `name`): the id is the IRI's last segment.
  for (const char* iri : {"https://pkg.go.dev/vuln/GO-2021-0113", "https://www.cve.org/CVERecord?id=CVE-2021-38561",
                          "https://nvd.nist.gov/vuln/detail/CVE-2021-38561", "GHSA-ppp9-7jff-5vj2"}) {
    auto parsed = ParseVex(std::string(R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": [)"
                                       R"({"vulnerability": {"@id": ")") + iri +
                               R"("}, "products": [{"@id": "pkg:golang/golang.org/x/text@v0.3.6"}], "status": "fixed"}]})",
                           "v.json");
    ASSERT_TRUE(parsed) << iri << ": " << parsed.error().message;
    EXPECT_EQ((*parsed)[0].vulnerability, std::string_view(iri).substr(std::string_view(iri).find_last_of("/=") + 1)) << iri;
  }
  // An @id that ends in no id, and no name: the statement names nothing, which is an error.
  auto nameless = ParseVex(R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"vulnerability": )"
                           R"({"@id": "https://example.com/advisories/"}, "products": ["pkg:npm/a@1"], "status": "fixed"}]})",
                           "v.json");
  ASSERT_FALSE(nameless);
  EXPECT_NE(nameless.error().message.find("no vulnerability name or @id"), std::string::npos);
}

// CycloneDX+bom-examples/VEX/CISA-Use-Cases/Case-2: CVE-2020-11896 not_affected (code_not_reachable) on the
// document's own product.
TEST(VexTest, CycloneDxAnalysis) {
  auto statements = ParseVex(Read("CycloneDX+bom-examples/VEX/CISA-Use-Cases/Case-2/vex.json"), "vex.json");
  ASSERT_TRUE(statements) << statements.error().message;
  ASSERT_FALSE(statements->empty());
  EXPECT_EQ((*statements)[0].vulnerability, "CVE-2020-11896");
  EXPECT_EQ((*statements)[0].status, "not_affected");
  EXPECT_EQ((*statements)[0].products, std::vector<std::string>{"*"});
  EXPECT_TRUE((*statements)[0].justification.starts_with("code_not_reachable: This version of Product ABC"));
}

TEST(VexTest, RejectsBrokenDocumentsNamingFileAndLine) {
  const std::pair<std::string, const char*> cases[] = {
      {"{\n  \"@context\": \"https://openvex.dev/ns/v0.2.0\",\n  \"statements\": [\n    {,\n", "v.json:4: invalid JSON"},
      {"{\"@context\": \"https://openvex.dev/ns\", \"statements\": 3}", "v.json: OpenVEX document without"},
      {"{\"@context\": \"https://openvex.dev/ns\", \"statements\": [{\"vulnerability\": {\"name\": \"CVE-1\"},"
       " \"products\": [\"pkg:apk/a/b\"], \"status\": \"maybe\"}]}", "statements[0]: unknown status \"maybe\""},
      {"{\"@context\": \"https://openvex.dev/ns\", \"statements\": [{\"status\": \"fixed\"}]}", "no vulnerability"},
      {"{\"@context\": \"https://openvex.dev/ns\", \"statements\": [{\"vulnerability\": \"CVE-1\", \"status\": "
       "\"fixed\"}]}", "no products"},
      {"{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": [{\"id\": \"CVE-1\", \"analysis\": 7}]}", "`analysis`"},
      {"{\"bomFormat\": \"CycloneDX\", \"vulnerabilities\": {}}", "is not a list"},
      {"{\"bomFormat\": \"CycloneDX\"}", "without `vulnerabilities`"},
      {"[]", "v.json:1: a VEX document must be a JSON object"},
      {"{}", "neither OpenVEX"},
      {"", "v.json:1: invalid JSON"},
      {std::string(100000, '[') + std::string(100000, ']'), "v.json"},
  };
  for (const auto& [text, message] : cases) {
    auto statements = ParseVex(text, "v.json");
    ASSERT_FALSE(statements) << text.substr(0, 60);
    EXPECT_NE(statements.error().message.find(message), std::string::npos) << statements.error().message;
  }
}

}  // namespace
}  // namespace drydock
