#include "match/matcher.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace drydock {
namespace {

// An in-memory advisory DB: answers like VulnDb::Lookup and records every query.
class FakeDb {
 public:
  void Add(Advisory advisory) {
    for (const Affected& affected : advisory.affected) {
      Advisory copy = advisory;
      copy.affected = {affected};
      records_[{affected.ecosystem, affected.package}].push_back(std::move(copy));
    }
  }
  AdvisoryLookup Lookup() {
    return [this](std::string_view ecosystem, std::string_view package) {
      queries_.emplace_back(std::string(ecosystem), std::string(package));
      auto it = records_.find({std::string(ecosystem), std::string(package)});
      return it == records_.end() ? std::vector<Advisory>{} : it->second;
    };
  }
  const std::vector<std::pair<std::string, std::string>>& queries() const { return queries_; }

 private:
  std::map<std::pair<std::string, std::string>, std::vector<Advisory>> records_;
  std::vector<std::pair<std::string, std::string>> queries_;
};

Advisory MakeAdvisory(std::string id, std::string ecosystem, std::string package, AffectedRange range,
                      std::vector<std::string> versions = {}) {
  Advisory advisory;
  advisory.id = std::move(id);
  advisory.summary = "summary of " + advisory.id;
  advisory.data_source = "test-feed";
  advisory.affected.push_back(
      Affected{std::move(ecosystem), std::move(package), {std::move(range)}, std::move(versions), ""});
  return advisory;
}

Package Apk(std::string name, std::string version, std::string origin = "") {
  Package p;
  p.id = "apk:" + name + "@" + version;
  p.name = std::move(name);
  p.version = std::move(version);
  p.ecosystem = "apk";
  p.source_name = std::move(origin);
  p.layer_diff_id = "sha256:layer";
  p.path = "lib/apk/db/installed";
  return p;
}

Package Deb(std::string name, std::string version, std::string source = "", std::string source_version = "") {
  Package p = Apk(std::move(name), std::move(version), std::move(source));
  p.id = "deb:" + p.name + "@" + p.version;
  p.ecosystem = "deb";
  p.source_version = std::move(source_version);
  p.path = "var/lib/dpkg/status";
  return p;
}

const Distro kAlpine{"alpine", "3.10.3", "", "Alpine Linux v3.10"};
const Distro kDebian{"debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"};

TEST(DistroEcosystemTest, MapsReleasesToDbKeys) {
  const std::pair<Distro, const char*> cases[] = {
      {{"alpine", "3.10.3"}, "Alpine:v3.10"},
      {{"alpine", "3.19"}, "Alpine:v3.19"},
      {{"alpine", "3.21.0_alpha20240807"}, "Alpine:edge"},
      {{"alpine", "edge"}, "Alpine:edge"},
      {{"alpine", ""}, ""},
      {{"alpine", "3"}, ""},
      {{"debian", "12"}, "Debian:12"},
      {{"debian", "12.4"}, "Debian:12"},
      {{"debian", "", "trixie"}, "Debian:13"},
      {{"debian", "", "sid"}, ""},
      {{"ubuntu", "22.04"}, "Ubuntu:22.04"},
      {{"ubuntu", "22.04.3"}, "Ubuntu:22.04"},
      {{"ubuntu", "22"}, ""},
      {{"wolfi", ""}, "Wolfi"},
      {{"chainguard", "20230214"}, "Chainguard"},
      {{"Alpine", "3.18.4"}, "Alpine:v3.18"},
      {{"fedora", "39"}, ""},
      {{"rhel", "9.3"}, "Red Hat:9"},  // UBI 9 and RHEL 9 os-release
      {{"rhel", "8.10"}, "Red Hat:8"},
      {{"rhel", ""}, ""},
      {{"almalinux", "9.4"}, "AlmaLinux:9"},
      {{"rocky", "8.9"}, "Rocky Linux:8"},
      {{"photon", "4.0"}, "Photon OS:4.0"},
      {{"centos", "7"}, "Red Hat:7"},
      {{"ol", "8.9"}, "Oracle Linux:8"},
      {{"amzn", "2"}, "Amazon Linux:2"},
      {{"amzn", "2023"}, "Amazon Linux:2023"},
      {{"azurelinux", "3.0"}, "Azure Linux:3"},
      {{"mariner", "2.0"}, "Azure Linux:2"},
      {{"sles", "15.5", "", "SUSE Linux Enterprise Server 15 SP5"}, "SUSE:Linux Enterprise Server 15 SP5"},
      {{"opensuse-leap", "15.5", "", "openSUSE Leap 15.5"}, "openSUSE:Leap 15.5"},
      {{"opensuse-tumbleweed", "20240101", "", "openSUSE Tumbleweed"}, "openSUSE:Tumbleweed"},
      {{"sles", "15.5", "", ""}, ""},
      {{"", ""}, ""},
  };
  for (const auto& [distro, want] : cases) {
    EXPECT_EQ(DistroEcosystem(distro), want) << distro.family << " " << distro.version;
  }
}

TEST(MatchPackagesTest, LooksUpBySourceNameAndFillsTheFinding) {
  FakeDb db;
  Advisory advisory = MakeAdvisory("CVE-2019-14697", "Alpine:v3.10", "musl", {"", "1.1.22-r3", ""});
  advisory.aliases = {"ALPINE-1"};
  advisory.severity = "CRITICAL";
  advisory.severity_source = "nvd";
  advisory.cvss = "CVSS:3.1/AV:N";
  db.Add(advisory);
  const auto findings = MatchPackages({Apk("musl-utils", "1.1.22-r2", "musl")}, kAlpine, db.Lookup());

  ASSERT_EQ(findings.size(), 1u);
  const Finding& f = findings[0];
  EXPECT_EQ(f.id, "CVE-2019-14697");
  EXPECT_EQ(f.aliases, std::vector<std::string>{"ALPINE-1"});
  EXPECT_EQ(f.package_id, "apk:musl-utils@1.1.22-r2");
  EXPECT_EQ(f.package_name, "musl-utils");
  EXPECT_EQ(f.installed_version, "1.1.22-r2");
  EXPECT_EQ(f.fixed_version, "1.1.22-r3");
  EXPECT_EQ(f.status, "fixed");
  EXPECT_EQ(f.severity, "CRITICAL");
  EXPECT_EQ(f.severity_source, "nvd");
  EXPECT_EQ(f.cvss, "CVSS:3.1/AV:N");
  EXPECT_EQ(f.title, "summary of CVE-2019-14697");
  EXPECT_EQ(f.data_source, "test-feed");
  EXPECT_EQ(f.layer_diff_id, "sha256:layer");
  EXPECT_EQ(f.path, "lib/apk/db/installed");
  EXPECT_EQ(f.match.by, "source_name");
  EXPECT_EQ(f.match.ecosystem, "Alpine:v3.10");
  EXPECT_EQ(f.match.range, "1.1.22-r2 < 1.1.22-r3 (fixed)");
  EXPECT_EQ(f.match.record, "test-feed musl");
  EXPECT_EQ(db.queries(), (std::vector<std::pair<std::string, std::string>>{{"Alpine:v3.10", "musl"}}));
}

TEST(MatchPackagesTest, FixedAndUnfixedAndLastAffected) {
  FakeDb db;
  db.Add(MakeAdvisory("CVE-FIXED", "Alpine:v3.10", "zlib", {"", "1.2.12-r0", ""}));
  db.Add(MakeAdvisory("CVE-NOFIX", "Alpine:v3.10", "zlib", {"0", "", ""}));
  db.Add(MakeAdvisory("CVE-LAST", "Alpine:v3.10", "zlib", {"", "", "1.2.11-r1"}));
  db.Add(MakeAdvisory("CVE-PAST", "Alpine:v3.10", "zlib", {"", "1.2.11-r1", ""}));
  db.Add(MakeAdvisory("CVE-LAST-PAST", "Alpine:v3.10", "zlib", {"", "", "1.2.11-r0"}));
  const auto findings = MatchPackages({Apk("zlib", "1.2.11-r1")}, kAlpine, db.Lookup());

  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].id, "CVE-FIXED");
  EXPECT_EQ(findings[0].status, "fixed");
  EXPECT_EQ(findings[0].severity, "UNKNOWN");
  EXPECT_EQ(findings[0].match.by, "name");
  EXPECT_EQ(findings[1].id, "CVE-LAST");
  EXPECT_EQ(findings[1].fixed_version, "");
  EXPECT_EQ(findings[1].status, "affected");
  EXPECT_EQ(findings[1].match.range, "1.2.11-r1 <= 1.2.11-r1 (last affected, no fix)");
  EXPECT_EQ(findings[2].id, "CVE-NOFIX");
  EXPECT_EQ(findings[2].status, "affected");
  EXPECT_EQ(findings[2].match.range, "1.2.11-r1 >= 0 (no fix)");
}

TEST(MatchPackagesTest, IntroducedAndExplicitVersions) {
  FakeDb db;
  db.Add(MakeAdvisory("CVE-LATER", "Debian:12", "openssl", {"3.1.0-1", "3.1.4-1", ""}));
  db.Add(MakeAdvisory("CVE-SPAN", "Debian:12", "openssl", {"3.0.0-1", "3.0.11-1~deb12u2", ""}));
  db.Add(MakeAdvisory("CVE-LISTED", "Debian:12", "openssl", {"", "3.0.1-1", ""}, {"3.0.11-1~deb12u1"}));
  Advisory vendor = MakeAdvisory("CVE-WONTFIX", "Debian:12", "openssl", {"", "", ""});
  vendor.affected[0].status = "will_not_fix";
  db.Add(vendor);
  const auto findings = MatchPackages({Deb("libssl3", "3.0.11-1~deb12u1", "openssl")}, kDebian, db.Lookup());

  ASSERT_EQ(findings.size(), 3u);
  EXPECT_EQ(findings[0].id, "CVE-LISTED");
  EXPECT_EQ(findings[0].fixed_version, "");
  EXPECT_EQ(findings[0].match.range, "3.0.11-1~deb12u1 listed as affected");
  EXPECT_EQ(findings[1].id, "CVE-SPAN");
  EXPECT_EQ(findings[1].match.range, "3.0.0-1 <= 3.0.11-1~deb12u1 < 3.0.11-1~deb12u2 (fixed)");
  EXPECT_EQ(findings[2].id, "CVE-WONTFIX");
  EXPECT_EQ(findings[2].status, "will_not_fix");
}

TEST(MatchPackagesTest, BinNmuComparesTheSourceVersion) {
  FakeDb db;
  db.Add(MakeAdvisory("CVE-SRC", "Debian:12", "glibc", {"", "2.36-9+deb12u4", ""}));
  db.Add(MakeAdvisory("CVE-OLD", "Debian:12", "gcc-defaults", {"", "1.203", ""}));
  const auto findings = MatchPackages({Deb("libc6", "2.36-9+deb12u3+b1", "glibc", "2.36-9+deb12u3"),
                                       Deb("cpp", "4:12.2.0-3", "gcc-defaults", "1.203")},
                                      kDebian, db.Lookup());
  // cpp's binary version 4:12.2.0-3 would be far above 1.203; its source version is exactly the fix.
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].installed_version, "2.36-9+deb12u3+b1");
  EXPECT_EQ(findings[0].match.range,
            "2.36-9+deb12u3 < 2.36-9+deb12u4 (fixed) [source version; installed 2.36-9+deb12u3+b1]");
}

TEST(MatchPackagesTest, OtherDistrosAndEcosystemsNeverMatch) {
  FakeDb db;
  db.Add(MakeAdvisory("CVE-ALPINE-OLD", "Alpine:v3.9", "musl", {"", "9", ""}));
  db.Add(MakeAdvisory("CVE-DEB", "Debian:11", "musl", {"", "9", ""}));
  db.Add(MakeAdvisory("CVE-HERE", "Alpine:v3.10", "musl", {"", "9", ""}));
  const std::vector<Package> packages = {Deb("musl", "1.0-1"), Apk("musl", "1.0-r0"),
                                         Package{"npm:musl@1.0", "musl", "1.0", "npm"}};
  const auto alpine = MatchPackages(packages, kAlpine, db.Lookup());
  ASSERT_EQ(alpine.size(), 1u);
  EXPECT_EQ(alpine[0].id, "CVE-HERE");
  EXPECT_EQ(alpine[0].package_id, "apk:musl@1.0-r0");
  EXPECT_TRUE(MatchPackages(packages, kDebian, db.Lookup()).empty());
  EXPECT_TRUE(MatchPackages(packages, Distro{"fedora", "39"}, db.Lookup()).empty());
  EXPECT_TRUE(MatchPackages(packages, Distro{}, db.Lookup()).empty());
}

Package Rpm(std::string name, std::string version, std::string module) {
  Package p = Apk(std::move(name), std::move(version));
  p.id = "rpm:" + p.name + "@" + p.version + (module.empty() ? "" : "/" + module);
  p.ecosystem = "rpm";
  p.source_name = p.name;
  p.module = std::move(module);
  p.path = "var/lib/rpm/rpmdb.sqlite";
  return p;
}

// A module stream's advisory is filed under "<module>::<name>": it reaches that stream's rpm and no other,
// and the plain package's advisory never reaches the modular one. The evidence names the module key.
TEST(MatchPackagesTest, ModuleStreamsMatchOnlyTheirOwnKey) {
  FakeDb db;
  db.Add(MakeAdvisory("CVE-MOD", "Red Hat:8", "perl-FCGI:0.78::perl-FCGI", {"0", "1:0.78-12.module+el8", ""}));
  db.Add(MakeAdvisory("CVE-PLAIN", "Red Hat:8", "perl-FCGI", {"0", "1:0.79-1.el8", ""}));
  db.Add(MakeAdvisory("CVE-OTHER-STREAM", "Red Hat:8", "perl-FCGI:0.81::perl-FCGI", {"0", "1:0.81-1", ""}));
  const Distro rhel8{"rhel", "8.10"};
  const auto findings = MatchPackages({Rpm("perl-FCGI", "1:0.78-11.module+el8", "perl-FCGI:0.78"),
                                       Rpm("perl-FCGI", "1:0.78-11.el8", "")},
                                      rhel8, db.Lookup());
  ASSERT_EQ(findings.size(), 2u);
  EXPECT_EQ(findings[0].package_id, "rpm:perl-FCGI@1:0.78-11.el8");
  EXPECT_EQ(findings[0].id, "CVE-PLAIN");
  EXPECT_EQ(findings[0].match.by, "source_name");
  EXPECT_EQ(findings[1].package_id, "rpm:perl-FCGI@1:0.78-11.module+el8/perl-FCGI:0.78");
  EXPECT_EQ(findings[1].id, "CVE-MOD");
  EXPECT_EQ(findings[1].fixed_version, "1:0.78-12.module+el8");
  EXPECT_EQ(findings[1].match.by, "module:source_name");
  EXPECT_EQ(findings[1].match.record, "test-feed perl-FCGI:0.78::perl-FCGI");
  EXPECT_EQ(db.queries(), (std::vector<std::pair<std::string, std::string>>{
                              {"Red Hat:8", "perl-FCGI:0.78::perl-FCGI"}, {"Red Hat:8", "perl-FCGI"}}));
}

// One stream's fix built per module context: reaching any of the builds is fixed; below all, the highest is
// the fix reported. A plain package keeps the rule that the highest holding fix decides.
TEST(MatchPackagesTest, ModuleFixedByAnyContextBuild) {
  FakeDb db;
  Advisory advisory = MakeAdvisory("CVE-CTX", "Red Hat:8", "perl-FCGI:0.78::perl-FCGI",
                                   {"0", "1:0.78-12.module+el8.10.0+23147+95b68fad", ""});
  advisory.affected[0].ranges.push_back({"0", "1:0.78-12.module+el8.10.0+23147+20b7d289", ""});
  db.Add(advisory);
  const Distro rhel8{"rhel", "8.10"};
  auto match = [&](const std::string& version) {
    return MatchPackages({Rpm("perl-FCGI", version, "perl-FCGI:0.78")}, rhel8, db.Lookup());
  };
  EXPECT_TRUE(match("1:0.78-12.module+el8.10.0+23147+20b7d289").empty());
  EXPECT_TRUE(match("1:0.78-12.module+el8.10.0+23147+95b68fad").empty());
  const auto old = match("1:0.78-11.module+el8.8.0+23188+f6366248.1");
  ASSERT_EQ(old.size(), 1u);
  EXPECT_EQ(old[0].fixed_version, "1:0.78-12.module+el8.10.0+23147+95b68fad");
}

TEST(MatchPackagesTest, OneFindingPerAdvisoryAndPackageInStableOrder) {
  FakeDb db;
  Advisory twice = MakeAdvisory("CVE-B", "Wolfi", "curl", {"", "8.0", ""});
  twice.affected.push_back(Affected{"Wolfi", "curl", {{"7.0", "8.5", ""}}, {"7.9"}, "fixed"});
  db.Add(twice);
  Advisory other_feed = MakeAdvisory("CVE-B", "Wolfi", "curl", {"", "8.1", ""});
  other_feed.data_source = "another-feed";
  db.Add(other_feed);
  db.Add(MakeAdvisory("CVE-A", "Wolfi", "curl", {"", "9.0", ""}));
  const std::vector<Package> packages = {Apk("libcurl", "7.9-r0", "curl"), Apk("curl", "7.9-r0")};
  const Distro wolfi{"wolfi", "20230201"};
  const auto findings = MatchPackages(packages, wolfi, db.Lookup());

  ASSERT_EQ(findings.size(), 4u);
  EXPECT_EQ(findings[0].package_id, "apk:curl@7.9-r0");
  EXPECT_EQ(findings[0].id, "CVE-A");
  EXPECT_EQ(findings[1].id, "CVE-B");
  EXPECT_EQ(findings[1].fixed_version, "8.5");  // the highest fix among every holding range
  EXPECT_EQ(findings[1].data_source, "test-feed");
  EXPECT_EQ(findings[2].package_id, "apk:libcurl@7.9-r0");
  EXPECT_EQ(MatchPackages(packages, wolfi, db.Lookup()).size(), 4u);
  EXPECT_EQ(db.queries().size(), 2u) << "libcurl and curl share one lookup per call";
}

}  // namespace
}  // namespace drydock
