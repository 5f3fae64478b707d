#include "catalog/purl.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"

namespace drydock {
namespace {

TEST(PurlEncodeTest, KeepsOnlyTheUnreservedSetAndColon) {
  EXPECT_EQ(PurlEncode("5.2.15-2+b2"), "5.2.15-2%2Bb2");
  EXPECT_EQ(PurlEncode("1:2.38.1-5~deb12u1_x"), "1:2.38.1-5~deb12u1_x");
  EXPECT_EQ(PurlEncode("a b/c?d#e@f%&="), "a%20b%2Fc%3Fd%23e%40f%25%26%3D");
  EXPECT_EQ(PurlEncode("\xc3\xa9"), "%C3%A9");
}

TEST(FinishPackageTest, DebOnDebian) {
  Package bash{.name = "bash", .version = "5.2.15-2+b2", .ecosystem = "deb", .arch = "amd64"};
  FinishPackage(bash, Distro{.family = "debian", .version = "12", .codename = "bookworm"});
  EXPECT_EQ(bash.id, "deb:bash@5.2.15-2+b2:amd64");
  EXPECT_EQ(bash.purl, "pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12");
}

TEST(FinishPackageTest, DebWithEpochOnUbuntu) {
  Package p{.name = "libcap2", .version = "1:2.66-4", .ecosystem = "deb", .arch = "arm64"};
  FinishPackage(p, Distro{.family = "ubuntu", .version = "22.04"});
  EXPECT_EQ(p.purl, "pkg:deb/ubuntu/libcap2@2.66-4?arch=arm64&distro=ubuntu-22.04&epoch=1");
}

TEST(FinishPackageTest, ApkOnAlpine) {
  Package musl{.name = "musl", .version = "1.1.22-r3", .ecosystem = "apk", .arch = "x86_64"};
  FinishPackage(musl, Distro{.family = "alpine", .version = "3.10.3"});
  EXPECT_EQ(musl.id, "apk:musl@1.1.22-r3:x86_64");
  EXPECT_EQ(musl.purl, "pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=3.10.3");
}

// The module stream rides in Red Hat's rpmmod qualifier, sorted last; the epoch in the spec's epoch qualifier
// (as Trivy, Syft and Red Hat write it); a package without a module has no rpmmod.
TEST(FinishPackageTest, RpmEpochAndModuleQualifiers) {
  Package p{.name = "perl-FCGI", .version = "1:0.78-12.module+el8.10.0+23147+95b68fad", .ecosystem = "rpm",
            .arch = "x86_64", .module = "perl-FCGI:0.78"};
  FinishPackage(p, Distro{.family = "rhel", .version = "8.10"});
  EXPECT_EQ(p.id, "rpm:perl-FCGI@1:0.78-12.module+el8.10.0+23147+95b68fad:x86_64");
  EXPECT_EQ(p.purl,
            "pkg:rpm/rhel/perl-FCGI@0.78-12.module%2Bel8.10.0%2B23147%2B95b68fad?arch=x86_64&distro=rhel-8.10"
            "&epoch=1&rpmmod=perl-FCGI:0.78");
  p.module.clear();
  p.arch.clear();
  FinishPackage(p, Distro{});
  EXPECT_EQ(p.purl, "pkg:rpm/perl-FCGI@0.78-12.module%2Bel8.10.0%2B23147%2B95b68fad?epoch=1");
  p.module = "perl-FCGI:0.78";
  p.version = "0.78-12";
  FinishPackage(p, Distro{});
  EXPECT_EQ(p.purl, "pkg:rpm/perl-FCGI@0.78-12?rpmmod=perl-FCGI:0.78");
}

TEST(FinishPackageTest, MissingArchAndDistro) {
  Package p{.name = "libstdc++6", .version = "12", .ecosystem = "deb"};
  FinishPackage(p, Distro{});
  EXPECT_EQ(p.id, "deb:libstdc++6@12");
  EXPECT_EQ(p.purl, "pkg:deb/libstdc%2B%2B6@12");
  FinishPackage(p, Distro{.family = "Debian", .codename = "trixie"});  // testing: codename only
  EXPECT_EQ(p.purl, "pkg:deb/debian/libstdc%2B%2B6@12?distro=debian-trixie");
}

// purl-spec: an npm scope or a Composer vendor is the namespace, so its '/' stays a separator.
TEST(FinishPackageTest, NpmScopeAndComposerVendorAreNamespaces) {
  Package scoped{.name = "@babel/parser", .version = "7.23.6", .ecosystem = "npm"};
  FinishPackage(scoped, Distro{.family = "debian", .version = "12"});
  EXPECT_EQ(scoped.id, "npm:@babel/parser@7.23.6");
  EXPECT_EQ(scoped.purl, "pkg:npm/%40babel/parser@7.23.6");
  Package plain{.name = "lodash", .version = "4.17.15", .ecosystem = "npm"};
  FinishPackage(plain, Distro{});
  EXPECT_EQ(plain.purl, "pkg:npm/lodash@4.17.15");
  Package vendor{.name = "guzzlehttp/guzzle", .version = "7.4.4", .ecosystem = "composer"};
  FinishPackage(vendor, Distro{});
  EXPECT_EQ(vendor.purl, "pkg:composer/guzzlehttp/guzzle@7.4.4");
}

// purl-spec: a Go module path's directories and a Maven group are the namespace (drydock once wrote
// "pkg:golang/github.com%2Fspf13%2Fcobra" and "pkg:maven/group:artifact", which no other tool matches).
TEST(FinishPackageTest, GoModulePathsAndMavenGroupsAreNamespaces) {
  Package go{.name = "github.com/spf13/cobra", .version = "v1.6.1", .ecosystem = "golang"};
  FinishPackage(go, Distro{.family = "debian", .version = "12"});
  EXPECT_EQ(go.id, "golang:github.com/spf13/cobra@v1.6.1");
  EXPECT_EQ(go.purl, "pkg:golang/github.com/spf13/cobra@v1.6.1");
  Package stdlib{.name = "stdlib", .version = "v1.21.0", .ecosystem = "golang"};
  FinishPackage(stdlib, Distro{});
  EXPECT_EQ(stdlib.purl, "pkg:golang/stdlib@v1.21.0");
  Package jar{.name = "com.fasterxml.jackson.core:jackson-databind", .version = "2.14.0", .ecosystem = "maven"};
  FinishPackage(jar, Distro{});
  EXPECT_EQ(jar.purl, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.14.0");
}

TEST(PurlTest, CanonicalTextIsStable) {
  for (const char* canonical :
       {"pkg:deb/debian/bash@5.2.15-2%2Bb2?arch=amd64&distro=debian-12",
        "pkg:npm/%40babel/parser@7.23.6", "pkg:golang/github.com/spf13/cobra@v1.6.1",
        "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&distro=centos-7.6.1810&epoch=1",
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1#sub/path"}) {
    auto purl = ParsePurl(canonical);
    ASSERT_TRUE(purl) << canonical;
    EXPECT_EQ(FormatPurl(CanonicalPurl(*purl)), canonical);
  }
  // Qualifiers sorted, empty ones dropped, an encoded '/' in a name made a namespace separator.
  auto messy = ParsePurl("pkg:GOLANG/github.com%2Fx%2Fy@v1?b=2&a=&A=1");
  ASSERT_TRUE(messy);
  EXPECT_EQ(FormatPurl(CanonicalPurl(*messy)), "pkg:golang/github.com/x/y@v1?a=1&b=2");
}

// The keys VEX products and ignore-file purls are compared by.
TEST(PurlTest, KeysFoldSpellingsOfOnePackage) {
  const std::pair<const char*, const char*> same[] = {
      {"pkg:golang/github.com/spf13/cobra@v1.6.1", "pkg:golang/github.com%2Fspf13%2Fcobra@v1.6.1?distro=12"},
      {"pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.14.0",
       "pkg:maven/com.fasterxml.jackson.core:jackson-databind@2.14.0"},
      {"pkg:rpm/centos/openssl-libs@1:1.0.2k-16.el7?arch=x86_64",
       "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?arch=x86_64&epoch=1&distro=centos-7.6.1810"},
      {"pkg:rpm/centos/bash@4.2.46-31.el7", "pkg:rpm/CentOS/bash@0:4.2.46-31.el7"},
      {"pkg:pypi/Flask_Login@0.6.3", "pkg:pypi/flask-login@0.6.3"},
      {"pkg:nuget/Newtonsoft.Json@13.0.1", "pkg:nuget/newtonsoft.json@13.0.1"},
      {"pkg:npm/%40types/node@20.1.0", "pkg:npm/%40types%2Fnode@20.1.0"},
  };
  for (const auto& [a, b] : same) {
    auto ka = PurlKeyOf(a);
    auto kb = PurlKeyOf(b);
    ASSERT_TRUE(ka && kb) << a << " " << b;
    EXPECT_EQ(*ka, *kb) << a << " vs " << b;
  }
  const std::pair<const char*, const char*> different[] = {
      {"pkg:rpm/centos/openssl-libs@1.0.2k-16.el7", "pkg:rpm/centos/openssl-libs@1.0.2k-16.el7?epoch=1"},
      {"pkg:golang/github.com/Azure/go-autorest@v1", "pkg:golang/github.com/azure/go-autorest@v1"},
      {"pkg:npm/lodash@4.17.20", "pkg:npm/lodash@4.17.21"},
      {"pkg:cargo/serde@1.0.0", "pkg:gem/serde@1.0.0"},
  };
  for (const auto& [a, b] : different) EXPECT_NE(*PurlKeyOf(a), *PurlKeyOf(b)) << a << " vs " << b;
  EXPECT_FALSE(PurlKeyOf("not a purl"));
}

}  // namespace
}  // namespace drydock
