// SBOMs written by other tools (CycloneDX and SPDX examples, Syft/Trivy fixtures) and broken ones.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "source/sbom/sbom.h"

namespace drydock {
namespace {

TEST(SbomReaderTest, CycloneDxNestedComponentsAndSkippedOnes) {
  auto sbom = ReadSbom(R"({"bomFormat": "CycloneDX", "specVersion": "1.5",
    "metadata": {"component": {"name": "app", "type": "container"}},
    "components": [
      {"type": "operating-system", "name": "debian", "version": "12"},
      {"type": "library", "name": "bash", "purl": "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12",
       "components": [{"type": "library", "name": "x", "purl": "pkg:npm/lodash@4.17.20"}]},
      {"type": "library", "name": "nopurl"},
      {"type": "library", "name": "odd", "purl": "pkg:cocoapods/a@1"}]})",
                       "bom.json");
  ASSERT_TRUE(sbom) << sbom.error().message;
  EXPECT_EQ(sbom->format, "cyclonedx");
  EXPECT_EQ(sbom->name, "app");
  ASSERT_EQ(sbom->packages.size(), 2u);
  EXPECT_EQ(sbom->packages[0].id, "deb:bash@5.2.15-2+b2:amd64");
  EXPECT_EQ(sbom->packages[1].name, "lodash");
  EXPECT_EQ(sbom->distro.family, "debian");
  EXPECT_EQ(sbom->distro.version, "12");
  ASSERT_EQ(sbom->skipped.size(), 2u);
  EXPECT_NE(sbom->skipped[0].find("components[2] (nopurl) has no purl"), std::string::npos);
}

// drydock's own components carry the package as the scan saw it; that wins over the purl's spelling, and
// Trivy's source-package properties are read too.
TEST(SbomReaderTest, DrydockAndTrivyPropertiesKeepWhatMatchingNeeds) {
  auto sbom = ReadSbom(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "library", "name": "github.com/spf13/cobra", "version": "v1.6.1",
       "purl": "pkg:golang/debian/github.com%2Fspf13%2Fcobra@v1.6.1?distro=12",
       "properties": [{"name": "drydock:ecosystem", "value": "golang"}, {"name": "drydock:path", "value": "app/bin/x"}]},
      {"type": "library", "name": "com.fasterxml.jackson.core:jackson-databind", "version": "2.14.0",
       "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.14.0",
       "properties": [{"name": "drydock:ecosystem", "value": "maven"}]},
      {"type": "library", "name": "libc6", "version": "2.36-9",
       "purl": "pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12",
       "properties": [{"name": "aquasecurity:trivy:SrcName", "value": "glibc"}]}]})",
                       "bom.json");
  ASSERT_TRUE(sbom) << sbom.error().message;
  ASSERT_EQ(sbom->packages.size(), 3u);
  EXPECT_EQ(sbom->packages[0].id, "golang:github.com/spf13/cobra@v1.6.1");
  EXPECT_EQ(sbom->packages[0].path, "app/bin/x");
  EXPECT_EQ(sbom->packages[1].id, "maven:com.fasterxml.jackson.core:jackson-databind@2.14.0");
  EXPECT_EQ(sbom->packages[2].source_name, "glibc");
  EXPECT_EQ(sbom->packages[2].id, "deb:libc6@2.36-9:amd64");
}

// An rpm's module stream comes back from drydock's property, Trivy's Modularitylabel property (the whole
// label) or the purl's rpmmod qualifier; a label naming no stream leaves the package plain.
TEST(SbomReaderTest, RpmModuleStreams) {
  auto sbom = ReadSbom(R"({"bomFormat": "CycloneDX", "specVersion": "1.6", "components": [
      {"type": "library", "name": "perl-FCGI", "purl": "pkg:rpm/redhat/perl-FCGI@0.78-11?arch=x86_64&distro=redhat-8.10",
       "properties": [{"name": "aquasecurity:trivy:Modularitylabel",
                       "value": "perl-FCGI:0.78:8100020250529111022:491cfe3d"}]},
      {"type": "library", "name": "ruby", "purl": "pkg:rpm/rhel/ruby@2.5.9-111?rpmmod=ruby:2.5"},
      {"type": "library", "name": "nodejs", "version": "1:18.19.0-1", "purl": "pkg:rpm/rhel/nodejs@1:18.19.0-1",
       "properties": [{"name": "drydock:ecosystem", "value": "rpm"}, {"name": "drydock:module", "value": "nodejs:18"}]},
      {"type": "library", "name": "odd", "purl": "pkg:rpm/rhel/odd@1-1",
       "properties": [{"name": "aquasecurity:trivy:Modularitylabel", "value": "rhel10"}]}]})",
                       "bom.json");
  ASSERT_TRUE(sbom) << sbom.error().message;
  ASSERT_EQ(sbom->packages.size(), 4u);
  EXPECT_EQ(sbom->packages[0].module, "perl-FCGI:0.78");
  EXPECT_EQ(sbom->packages[1].module, "ruby:2.5");
  EXPECT_EQ(sbom->packages[2].module, "nodejs:18");
  EXPECT_EQ(sbom->packages[3].module, "");
}

TEST(SbomReaderTest, SpdxExternalRefs) {
  auto sbom = ReadSbom(R"({"spdxVersion": "SPDX-2.3", "name": "img", "packages": [
      {"name": "img", "SPDXID": "SPDXRef-A", "primaryPackagePurpose": "CONTAINER"},
      {"name": "musl", "SPDXID": "SPDXRef-B", "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER",
       "referenceType": "purl", "referenceLocator": "pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=3.10.3"}]}]})",
                       "spdx.json");
  ASSERT_TRUE(sbom) << sbom.error().message;
  ASSERT_EQ(sbom->packages.size(), 1u);
  EXPECT_EQ(sbom->packages[0].ecosystem, "apk");
  EXPECT_EQ(sbom->distro.family, "alpine");
  EXPECT_TRUE(sbom->skipped.empty());
}

TEST(SbomReaderTest, RejectsBrokenSbomsNamingFileAndLine) {
  const std::pair<std::string, const char*> cases[] = {
      {"{\n\"bomFormat\": \"CycloneDX\",\n\"components\": [\n{\"purl\": }\n]}", "f.json:4: invalid JSON"},
      {"{\"bomFormat\": \"CycloneDX\", \"components\": {}}", "f.json: `components` is not a list"},
      {"{\"bomFormat\": \"CycloneDX\", \"components\": [3]}", "components[0] is not an object"},
      {"{\"bomFormat\": \"CycloneDX\", \"components\": [{\"purl\": 5}]}",
       "components[0].purl is not a string"},
      {"{\"spdxVersion\": \"SPDX-2.3\", \"packages\": [{\"externalRefs\": 1}]}", "packages[0].externalRefs"},
      {"{\"spdxVersion\": \"SPDX-2.3\", \"packages\": 1}", "`packages` is not a list"},
      {"{\"hello\": 1}", "neither CycloneDX"},
      {"[1]", "f.json:1: an SBOM must be a JSON object"},
      {"", "f.json:1: invalid JSON"},
      {std::string(200000, '['), "f.json"},
  };
  for (const auto& [text, message] : cases) {
    auto sbom = ReadSbom(text, "f.json");
    ASSERT_FALSE(sbom) << text.substr(0, 50);
    EXPECT_NE(sbom.error().message.find(message), std::string::npos) << sbom.error().message;
  }
}

}  // namespace
}  // namespace drydock
