#include <gtest/gtest.h>

#include "source/sbom/sbom.h"

namespace drydock {
namespace {

TEST(PurlTest, ParsesTheSpecsParts) {
  auto purl = ParsePurl("pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64&distro=debian-12#sub/path");
  ASSERT_TRUE(purl) << purl.error().message;
  EXPECT_EQ(purl->type, "deb");
  EXPECT_EQ(purl->name_space, "debian");
  EXPECT_EQ(purl->name, "libc6");
  EXPECT_EQ(purl->version, "2.36-9+deb12u4");
  EXPECT_EQ(purl->qualifiers.at("arch"), "amd64");
  EXPECT_EQ(purl->subpath, "sub/path");
  auto npm = ParsePurl("pkg:npm/%40babel/core@7.22.0");
  ASSERT_TRUE(npm);
  EXPECT_EQ(npm->name_space, "@babel");
  EXPECT_EQ(npm->name, "core");
}

TEST(PurlTest, MapsToPackagesAndDistros) {
  struct Case {
    const char* purl;
    const char* ecosystem;
    const char* name;
    const char* family;
    const char* version;
  };
  const Case cases[] = {
      {"pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12", "deb", "bash", "debian", "12"},
      {"pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=3.10.3", "apk", "musl", "alpine", "3.10.3"},
      {"pkg:rpm/redhat/openssl@1.1.1k-7.el8?distro=rhel-8.6", "rpm", "openssl", "rhel", "8.6"},
      {"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "maven", "org.apache.logging.log4j:log4j-core",
       "", ""},
      {"pkg:golang/github.com/gin-gonic/gin@v1.9.0", "golang", "github.com/gin-gonic/gin", "", ""},
      {"pkg:npm/%40babel/core@7.22.0", "npm", "@babel/core", "", ""},
      {"pkg:pypi/requests@2.31.0", "pypi", "requests", "", ""},
      {"pkg:cargo/serde@1.0.0", "cargo", "serde", "", ""},
      {"pkg:nuget/Newtonsoft.Json@13.0.1", "nuget", "Newtonsoft.Json", "", ""},
      {"pkg:gem/rails@7.0.0", "gem", "rails", "", ""},
      {"pkg:composer/laravel/framework@10.0.0", "composer", "laravel/framework", "", ""},
      // Language purls drydock wrote with the image's distro: the namespace is the distro, not the package's.
      {"pkg:golang/debian/github.com%2Fspf13%2Fcobra@v1.6.1?distro=12", "golang", "github.com/spf13/cobra",
       "", ""},
      {"pkg:maven/debian/com.fasterxml.jackson.core:jackson-databind@2.14.0?distro=12", "maven",
       "com.fasterxml.jackson.core:jackson-databind", "", ""},
      // The same packages as drydock writes them now, and a scoped npm name.
      {"pkg:golang/github.com%2Fspf13%2Fcobra@v1.6.1", "golang", "github.com/spf13/cobra", "", ""},
      {"pkg:maven/com.fasterxml.jackson.core:jackson-databind@2.14.0", "maven",
       "com.fasterxml.jackson.core:jackson-databind", "", ""},
      {"pkg:npm/%40types%2Fnode@20.1.0", "npm", "@types/node", "", ""},
  };
  for (const Case& c : cases) {
    auto purl = ParsePurl(c.purl);
    ASSERT_TRUE(purl) << c.purl;
    Distro distro;
    auto p = PackageFromPurl(*purl, &distro);
    ASSERT_TRUE(p) << c.purl;
    EXPECT_EQ(p->ecosystem, c.ecosystem);
    EXPECT_EQ(p->name, c.name);
    EXPECT_EQ(distro.family, c.family) << c.purl;
    EXPECT_EQ(distro.version, c.version) << c.purl;
  }
}

// Red Hat's purls from its CSAF VEX (cve-2025-40907) and the ones drydock writes carry the module stream.
TEST(PurlTest, RpmModuleQualifier) {
  const std::pair<const char*, const char*> cases[] = {
      {"pkg:rpm/redhat/perl-FCGI@0.78-12.module%2Bel8.10.0%2B23147%2B95b68fad?arch=src&epoch=1"
       "&rpmmod=perl-FCGI:0.78:8100020250529111022:491cfe3d",
       "perl-FCGI:0.78"},
      {"pkg:rpm/redhat/PyYAML?arch=src&rpmmod=python39-devel:3.9", "python39-devel:3.9"},
      {"pkg:rpm/rhel/perl-FCGI@1:0.78-11?arch=x86_64&distro=8.10&rpmmod=perl-FCGI:0.78", "perl-FCGI:0.78"},
      {"pkg:rpm/redhat/firefox-flatpak@128.0-1.el10?arch=src&rpmmod=rhel10", ""},  // names no stream
      {"pkg:rpm/redhat/curl@7.76.1-26.el9_3.2?arch=src", ""},
      {"pkg:npm/x@1?rpmmod=a:b", ""},  // only rpm packages are in module streams
  };
  for (const auto& [text, module] : cases) {
    auto purl = ParsePurl(text);
    ASSERT_TRUE(purl) << text;
    auto p = PackageFromPurl(*purl, nullptr);
    ASSERT_TRUE(p) << text;
    EXPECT_EQ(p->module, module) << text;
  }
}

TEST(PurlTest, RejectsBrokenPurls) {
  for (const char* bad : {"", "deb/debian/bash", "pkg:", "pkg:deb", "pkg:/x", "pkg:deb/@1", "pkg:deb/x%zz",
                          "pkg:deb/x?=1", "pkg:deb/x?arch"}) {
    EXPECT_FALSE(ParsePurl(bad)) << bad;
  }
  EXPECT_FALSE(ParsePurl("pkg:npm/" + std::string(kMaxPurlBytes, 'a')));
  auto unknown = ParsePurl("pkg:cocoapods/x/y@1");
  ASSERT_TRUE(unknown);
  EXPECT_FALSE(PackageFromPurl(*unknown, nullptr));
}

}  // namespace
}  // namespace drydock
