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
  EXPECT_EQ(p.purl, "pkg:deb/ubuntu/libcap2@1:2.66-4?arch=arm64&distro=ubuntu-22.04");
}

TEST(FinishPackageTest, ApkOnAlpine) {
  Package musl{.name = "musl", .version = "1.1.22-r3", .ecosystem = "apk", .arch = "x86_64"};
  FinishPackage(musl, Distro{.family = "alpine", .version = "3.10.3"});
  EXPECT_EQ(musl.id, "apk:musl@1.1.22-r3:x86_64");
  EXPECT_EQ(musl.purl, "pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=3.10.3");
}

// The module stream rides in Red Hat's rpmmod qualifier, sorted last; a package without one has none.
TEST(FinishPackageTest, RpmModuleQualifier) {
  Package p{.name = "perl-FCGI", .version = "1:0.78-12.module+el8.10.0+23147+95b68fad", .ecosystem = "rpm",
            .arch = "x86_64", .module = "perl-FCGI:0.78"};
  FinishPackage(p, Distro{.family = "rhel", .version = "8.10"});
  EXPECT_EQ(p.purl,
            "pkg:rpm/rhel/perl-FCGI@1:0.78-12.module%2Bel8.10.0%2B23147%2B95b68fad?arch=x86_64&distro=8.10"
            "&rpmmod=perl-FCGI:0.78");
  p.module.clear();
  p.arch.clear();
  FinishPackage(p, Distro{});
  EXPECT_EQ(p.purl, "pkg:rpm/perl-FCGI@1:0.78-12.module%2Bel8.10.0%2B23147%2B95b68fad");
  p.module = "perl-FCGI:0.78";
  FinishPackage(p, Distro{});
  EXPECT_EQ(p.purl, "pkg:rpm/perl-FCGI@1:0.78-12.module%2Bel8.10.0%2B23147%2B95b68fad?rpmmod=perl-FCGI:0.78");
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

}  // namespace
}  // namespace drydock
