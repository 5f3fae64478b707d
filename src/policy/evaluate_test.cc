#include "policy/evaluate.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

// An image shaped like debian12-app: root, DB_PASSWORD, port 22, an AWS key file, one fixable HIGH finding.
ScanReport AppReport() {
  ScanReport r;
  r.artifact.name = "docker.io/drydock-test/debian12-app:latest";
  r.artifact.type = "container_image";
  r.artifact.os = {.family = "debian", .version = "12"};
  r.artifact.config.exposed_ports = {"22/tcp", "8080/tcp"};
  r.artifact.config.created = "2026-11-22T10:00:00Z";
  r.artifact.config.labels = {{"maintainer", "ops"}};
  r.secrets.push_back({.rule_id = "aws-access-key-id",
                       .source = "file",
                       .path = "/app/config/.env",
                       .line = 1,
                       .layer_diff_id = "sha256:91b0",
                       .match = "AKIA****"});
  r.misconfigurations.push_back({.id = "DD-IMG-005", .title = "SSH exposed", .evidence = "EXPOSE 22/tcp"});
  r.vulnerabilities.push_back({.id = "GHSA-p6mc",
                               .aliases = {"CVE-2020-8203"},
                               .package_name = "lodash",
                               .installed_version = "4.17.15",
                               .fixed_version = "4.17.19",
                               .severity = "HIGH",
                               .cvss = "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:H/A:H"});
  r.vulnerabilities.push_back({.id = "CVE-2021-44228",
                               .package_name = "log4j",
                               .installed_version = "2.14.0",
                               .severity = "CRITICAL",
                               .cvss = "10.0"});
  return r;
}

PolicyRule Rule(std::string yaml_rule) {
  auto policy =
      ParsePolicyFile("rules:\n  - {id: r, severity: HIGH, message: m, " + yaml_rule + "}", "t.yaml");
  EXPECT_TRUE(policy) << policy.error().message;
  return policy ? policy->rules.at(0) : PolicyRule{};
}

struct Case {
  std::string rule;  // the check part of a rule, as YAML flow mapping entries
  bool passed;
  std::string evidence;  // a substring of the first evidence line
};

TEST(EvaluateTest, EveryEvaluatorOnTheAppImage) {
  const Case cases[] = {
      {"allowed_registries: [docker.io]", true, "docker.io matches \"docker.io\""},
      {"allowed_registries: [\"*.example.com\"]", false, "docker.io matches none of the 1 patterns"},
      {"denied_registries: [\"docker.*\"]", false, "docker.io matches \"docker.*\""},
      {"allowed_repositories: [\"docker.io/drydock-test/*\"]", true,
       "docker.io/drydock-test/debian12-app matches"},
      {"denied_repositories: [\"docker.io/library/*\"]", true, "matches none"},
      {"allowed_base_images: [\"debian >= 12\"]", true, "debian 12 satisfies debian >= 12"},
      {"allowed_base_images: [\"debian >= 12.5\", alpine]", false, "debian 12 is older than debian >= 12.5"},
      {"allowed_base_images: [\"alpine >= 3.19\"]", false, "debian 12 is not an allowed base"},
      {"no_end_of_life: true", true, "debian 12 is supported"},
      {"max_age_days: 30", true, "created 2026-11-22 (10 days before 2026-12-02; limit 30)"},
      {"max_age_days: 5", false, "10 days"},
      {"no_root: true", false, "no USER set: runs as root"},
      {"required_labels: [maintainer]", true, "all 1 labels present"},
      {"required_labels: [maintainer=dev, org.opencontainers.image.source]", false,
       "label maintainer is \"ops\", want \"dev\""},
      {"forbidden_ports: [\"22/tcp\", \"23\"]", false, "EXPOSE 22/tcp"},
      {"forbidden_ports: [\"22/udp\", \"8081\"]", true, "2 exposed port(s), none forbidden"},
      {"no_secrets: true", false, "aws-access-key-id at /app/config/.env:1 (layer sha256:91b0): AKIA****"},
      {"denied_checks: [\"DD-IMG-00[45]\"]", false, "DD-IMG-005 SSH exposed: EXPOSE 22/tcp"},
      {"denied_checks: [DD-DF-*]", true, "none of 1 failed check(s) is denied"},
      {"max_vulnerabilities: {CRITICAL: 0}", false, "1 CRITICAL finding(s), limit 0"},
      {"max_vulnerabilities: {CRITICAL: 0}, only_with_fix: true", true, "within limits: CRITICAL 0/0"},
      {"max_vulnerabilities: {HIGH: 0}, exceptions: [{id: CVE-2020-8203, expires: 2030-01-01}]", true,
       "HIGH 0/0"},
      {"max_vulnerabilities: {HIGH: 0}, exceptions: [{id: CVE-2020-8203, expires: 2026-12-01}]", false,
       "1 HIGH finding(s), limit 0"},
      {"max_cvss: 7.0", false, "2 finding(s) score above 7.0"},
      {"max_cvss: 7.5, only_with_fix: true", true, "no finding scores above 7.5"},
      {"denied_advisories: [CVE-2021-44228]", false, "1 finding(s) of denied advisories"},
      {"denied_advisories: [CVE-2014-0160]", true, "none of 1 denied advisories found"},
  };
  const ScanReport report = AppReport();
  for (const Case& c : cases) {
    PolicyFile policy{.file = "t.yaml", .rules = {Rule(c.rule)}};
    PolicyVerdict verdict = EvaluatePolicy(policy, report, {.today = "2026-12-02"});
    ASSERT_EQ(verdict.rules.size(), 1u);
    const PolicyRuleResult& result = verdict.rules[0];
    EXPECT_EQ(result.passed, c.passed) << c.rule;
    EXPECT_EQ(verdict.passed, c.passed) << c.rule;
    ASSERT_FALSE(result.evidence.empty()) << c.rule;
    EXPECT_NE(result.evidence[0].find(c.evidence), std::string::npos)
        << c.rule << "\n  got: " << result.evidence[0];
  }
}

// require_signature reads what the CLI's --verify-key found; unchecked is a failure, never a pass.
TEST(EvaluateTest, RequireSignature) {
  const ScanReport report = AppReport();
  PolicyFile policy{.file = "t.yaml", .rules = {Rule("require_signature: true")}};
  auto unchecked = EvaluatePolicy(policy, report, {.today = "2026-12-02"});
  EXPECT_FALSE(unchecked.passed);
  EXPECT_NE(unchecked.rules[0].evidence[0].find("--verify-key"), std::string::npos);
  PolicyContext signed_context{.today = "2026-12-02"};
  signed_context.signature = {.checked = true, .verified = true, .lines = {"VALID sha256-ab.sig layer 0: ECDSA P-256 key"}};
  auto valid = EvaluatePolicy(policy, report, signed_context);
  EXPECT_TRUE(valid.passed);
  EXPECT_EQ(valid.rules[0].evidence, signed_context.signature.lines);
  signed_context.signature = {.checked = true, .verified = false, .lines = {}};
  auto none = EvaluatePolicy(policy, report, signed_context);
  EXPECT_FALSE(none.passed);
  EXPECT_EQ(none.rules[0].evidence[0], "no signature found");
  ScanReport rootfs = report;
  rootfs.artifact.type = "rootfs";
  EXPECT_TRUE(EvaluatePolicy(policy, rootfs, signed_context).passed);  // not applicable
}

TEST(EvaluateTest, FindingsFollowTheSummaryAndAliasesCount) {
  const ScanReport report = AppReport();
  auto evidence = [&](const char* rule) {
    return EvaluatePolicy({.rules = {Rule(rule)}}, report, {.today = "2026-12-02"}).rules[0].evidence;
  };
  EXPECT_EQ(evidence("max_cvss: 7.0"),
            (std::vector<std::string>{"2 finding(s) score above 7.0",
                                      "GHSA-p6mc HIGH lodash 4.17.15 (fixed in 4.17.19) CVSS 7.4 > 7.0",
                                      "CVE-2021-44228 CRITICAL log4j 2.14.0 (no fix) CVSS 10.0 > 7.0"}));
  EXPECT_EQ(evidence("denied_advisories: [CVE-2020-8203]"),
            (std::vector<std::string>{"1 finding(s) of denied advisories",
                                      "GHSA-p6mc HIGH lodash 4.17.15 (fixed in 4.17.19)"}));
}

TEST(EvaluateTest, ExpiredExceptionIsNamedInEvidence) {
  PolicyFile policy{
      .rules = {
          Rule("max_vulnerabilities: {HIGH: 0}, exceptions: [{id: CVE-2020-8203, expires: 2026-12-01}]")}};
  PolicyVerdict verdict = EvaluatePolicy(policy, AppReport(), {.today = "2026-12-02"});
  EXPECT_EQ(verdict.rules[0].evidence,
            (std::vector<std::string>{"1 HIGH finding(s), limit 0",
                                      "exception for CVE-2020-8203 expired on 2026-12-01 (t.yaml:2)",
                                      "GHSA-p6mc HIGH lodash 4.17.15 (fixed in 4.17.19)"}));
}

TEST(EvaluateTest, WarnRulesDoNotFailTheVerdict) {
  PolicyFile policy{.file = "t.yaml",
                    .rules = {Rule("no_root: true, action: warn"), Rule("max_age_days: 30")}};
  policy.rules[1].id = "age";
  PolicyVerdict verdict = EvaluatePolicy(policy, AppReport(), {.today = "2026-12-02"});
  EXPECT_TRUE(verdict.passed);
  EXPECT_EQ(verdict.file, "t.yaml");
  EXPECT_FALSE(verdict.rules[0].passed);
  EXPECT_EQ(verdict.rules[0].action, "warn");
}

TEST(EvaluateTest, VulnerabilityRulesFailWhenNothingWasMatched) {
  ScanReport report = AppReport();
  report.vulnerabilities.clear();
  PolicyFile policy{.rules = {Rule("max_vulnerabilities: {CRITICAL: 0}")}};
  PolicyVerdict verdict =
      EvaluatePolicy(policy, report, {.today = "2026-12-02", .vulnerabilities_matched = false});
  EXPECT_FALSE(verdict.passed);
  EXPECT_NE(verdict.rules[0].evidence.back().find("not matched"), std::string::npos);
  report.errors.push_back({"match", "", "the DB has no advisories for Debian:12"});
  verdict = EvaluatePolicy(policy, report, {.today = "2026-12-02"});
  EXPECT_TRUE(verdict.passed);  // language packages were matched; the gap is stated, not hidden
  EXPECT_EQ(verdict.rules[0].evidence.back(), "incomplete: the DB has no advisories for Debian:12");
}

TEST(EvaluateTest, ImageRulesAreNotApplicableToARootfs) {
  ScanReport report = AppReport();
  report.artifact.type = "rootfs";
  report.artifact.name = "/mnt/root";
  for (const char* rule :
       {"no_root: true", "allowed_registries: [docker.io]", "max_age_days: 1", "forbidden_ports: [\"22\"]"}) {
    PolicyVerdict verdict = EvaluatePolicy({.rules = {Rule(rule)}}, report, {.today = "2026-12-02"});
    EXPECT_TRUE(verdict.passed) << rule;
    EXPECT_EQ(verdict.rules[0].evidence[0].substr(0, 30), "not applicable: a rootfs has n") << rule;
  }
}

TEST(EvaluateTest, ImageReferencesAndVersions) {
  auto ref = [](std::string_view name) {
    ImageReference r = ParseImageReference(name);
    return r.registry + " " + r.repository;
  };
  EXPECT_EQ(ref("debian:12"), "docker.io library/debian");
  EXPECT_EQ(ref("localhost:5000/app:1.2"), "localhost:5000 app");
  EXPECT_EQ(ref("ghcr.io/org/app@sha256:" + std::string(64, 'a')), "ghcr.io org/app");
  EXPECT_EQ(ref("ghcr.io/org/app@sha256:abc"), " ");  // not a digest: the registry client's grammar refuses it
  EXPECT_EQ(ref("index.docker.io/drydock-test/x:latest"), "docker.io drydock-test/x");
  EXPECT_EQ(ref("Ghcr.IO:443/org/app:1"), "ghcr.io org/app");  // the host as matched: lower case, no :443
  EXPECT_EQ(ref("Ghcr.IO:5000/org/app:1"), "ghcr.io:5000 org/app");
  EXPECT_EQ(ref("ghcr.io/Org/app:1"), " ");  // upper case in the path: no image runtime pulls it
  EXPECT_EQ(ref("images/app.docker.tar.gz"), " ");
  EXPECT_EQ(ref("../x/app"), " ");
  EXPECT_EQ(ref("/tmp/app.tar"), " ");
  EXPECT_EQ(ref("oci:./layout:tag"), " ");
  EXPECT_LT(CompareDistroVersions("3.18.4", "3.19"), 0);
  EXPECT_EQ(CompareDistroVersions("3.19.0", "3.19"), 0);
  EXPECT_GT(CompareDistroVersions("12", "11.9"), 0);
  EXPECT_GT(CompareDistroVersions("22.10", "22.04"), 0);
}

// The pulling side treats host names case-insensitively and "host:443" as "host" over HTTPS, so neither may
// slip an image past a registry or repository rule (nor fail an allow list the image meets).
TEST(EvaluateTest, RegistryRulesMatchTheHostWhateverItsCaseOrPort443) {
  const std::string digest = "@sha256:" + std::string(64, 'a');
  auto verdict = [&](const std::string& rule, const std::string& name) {
    ScanReport report = AppReport();
    report.artifact.name = name;
    PolicyFile policy{.file = "t.yaml", .rules = {Rule(rule)}};
    return EvaluatePolicy(policy, report, {.today = "2026-12-02"}).rules.at(0).passed;
  };
  for (const std::string name : {"evil.io/app", "EVIL.IO/app", "Evil.io/app", "evil.io:443/app", "EVIL.IO:443/app",
                                 "evil.io:5000/app", "Evil.IO:8443/app:1"}) {
    EXPECT_FALSE(verdict("denied_registries: [evil.io]", name + digest)) << name;
    EXPECT_FALSE(verdict("denied_registries: [EVIL.IO]", name + digest)) << name;
    EXPECT_FALSE(verdict("denied_repositories: [\"evil.io/app\"]", name + digest)) << name;
    EXPECT_FALSE(verdict("denied_repositories: [\"evil.io/*\"]", name + digest)) << name;
  }
  for (const std::string name : {"good.io/team/app", "GOOD.IO/team/app", "good.io:443/team/app"}) {
    EXPECT_TRUE(verdict("allowed_registries: [good.io]", name + digest)) << name;
    EXPECT_TRUE(verdict("allowed_repositories: [\"good.io/team/*\"]", name + digest)) << name;
    EXPECT_TRUE(verdict("denied_registries: [evil.io]", name + digest)) << name;
  }
  // An allow list names the registry a policy trusts exactly: another port is another service.
  EXPECT_FALSE(verdict("allowed_registries: [good.io]", "good.io:5000/team/app" + digest));
  EXPECT_TRUE(verdict("allowed_registries: [\"good.io:5000\"]", "Good.io:5000/team/app" + digest));
  for (const std::string name : {"DOCKER.IO/library/debian", "docker.io:443/debian", "Index.Docker.io/debian"}) {
    EXPECT_FALSE(verdict("denied_repositories: [\"docker.io/library/*\"]", name + ":12")) << name;
  }
}

TEST(EvaluateTest, KevAndEpssNarrowWhatIsCounted) {
  ScanReport r = AppReport();
  r.vulnerabilities[1].kev = true;  // log4j: CRITICAL, KEV, EPSS 0.97
  r.vulnerabilities[1].epss = 0.97;
  const Case cases[] = {
      {"max_vulnerabilities: {CRITICAL: 0}, only_kev: true", false, "1 CRITICAL finding(s), limit 0"},
      {"max_vulnerabilities: {HIGH: 0}, only_kev: true", true, "within limits: HIGH 0/0"},
      {"max_vulnerabilities: {CRITICAL: 0, HIGH: 0}, min_epss: 0.5", false, "1 CRITICAL finding(s), limit 0"},
      {"max_vulnerabilities: {CRITICAL: 0}, min_epss: 0.98", true, "within limits: CRITICAL 0/0"},
      {"max_cvss: 5.0, only_kev: true", false, "1 finding(s) score above 5.0"},
  };
  auto evaluate = [&](const std::string& rule) {
    PolicyFile policy{.file = "t.yaml", .rules = {Rule(rule)}};
    return EvaluatePolicy(policy, r, {.today = "2026-12-02"}).rules.at(0);
  };
  for (const Case& c : cases) {
    const PolicyRuleResult result = evaluate(c.rule);
    EXPECT_EQ(result.passed, c.passed) << c.rule;
    ASSERT_FALSE(result.evidence.empty()) << c.rule;
    EXPECT_NE(result.evidence[0].find(c.evidence), std::string::npos) << c.rule << "\n  got: " << result.evidence[0];
  }
  // The evidence says what was counted, and the finding lines carry the signals.
  const PolicyRuleResult result = evaluate("max_vulnerabilities: {CRITICAL: 0}, min_epss: 0.5");
  std::string all;
  for (const std::string& line : result.evidence) all += line + "\n";
  EXPECT_NE(all.find("counting only findings with EPSS >= 0.5 (1 have no EPSS score)"), std::string::npos) << all;
  EXPECT_NE(all.find("CVE-2021-44228 CRITICAL log4j 2.14.0 (no fix, KEV, EPSS 0.970)"), std::string::npos) << all;
}

TEST(EvaluateTest, BaseImageRulesReadTheIdentifiedBase) {
  ScanReport report = AppReport();
  auto evaluate = [&](const std::string& rule) {
    return EvaluatePolicy({.rules = {Rule(rule)}}, report, {.today = "2026-12-02"}).rules[0];
  };
  // No base identified: a reference list cannot be met, an age cannot be known; a distro list still can.
  EXPECT_FALSE(evaluate("allowed_base_images: [\"docker.io/library/debian:12*\"]").passed);
  EXPECT_TRUE(evaluate("allowed_base_images: [\"debian >= 12\"]").passed);
  EXPECT_FALSE(evaluate("max_base_age: 30d").passed);
  report.artifact.base_image = BaseImageInfo{.name = "docker.io/library/debian", .tag = "12.4-slim",
                                             .digest = "sha256:0123456789abcdef0123", .source = "index",
                                             .layers = 1, .created = "2026-11-01T10:00:00Z"};
  auto passed = evaluate("allowed_base_images: [\"docker.io/library/debian:12*\"]");
  EXPECT_TRUE(passed.passed);
  EXPECT_EQ(passed.evidence.at(0),
            "base docker.io/library/debian:12.4-slim matches \"docker.io/library/debian:12*\" (identified by index)");
  EXPECT_TRUE(evaluate("allowed_base_images: [\"docker.io/library/debian@sha256:0123*\"]").passed);
  EXPECT_FALSE(evaluate("allowed_base_images: [\"docker.io/library/debian:11*\", \"*/alpine:*\"]").passed);
  // Mixed: the distro part and the reference part must both hold.
  EXPECT_TRUE(evaluate("allowed_base_images: [\"debian >= 12\", \"docker.io/library/*\"]").passed);
  EXPECT_FALSE(evaluate("allowed_base_images: [\"debian >= 13\", \"docker.io/library/*\"]").passed);
  auto age = evaluate("max_base_age: 31d");
  EXPECT_TRUE(age.passed);
  EXPECT_FALSE(evaluate("max_base_age: 30d").passed);
  EXPECT_NE(age.evidence.at(0).find("created 2026-11-01 (31 days"), std::string::npos) << age.evidence.at(0);
  EXPECT_TRUE(evaluate("max_base_age: 5w").passed);
  EXPECT_FALSE(evaluate("max_base_age: 4w").passed);
  EXPECT_FALSE(evaluate("max_base_age: 30").passed);
  report.artifact.base_image->created.clear();
  EXPECT_FALSE(evaluate("max_base_age: 365d").passed);
}

TEST(EvaluateTest, BaseAgeAndReferenceValuesAreChecked) {
  for (const char* bad : {"max_base_age: 30m", "max_base_age: d", "max_base_age: -3d", "max_base_age: [30d]",
                          "max_base_age: 1234567d", "allowed_base_images: [\"docker.io/[debian\"]"}) {
    auto policy = ParsePolicyFile(std::string("rules:\n  - {id: r, severity: HIGH, message: m, ") + bad + "}", "t.yaml");
    EXPECT_FALSE(policy) << bad;
  }
}

TEST(EvaluateTest, EveryCheckKeyHasAnEvaluator) {
  for (const PolicyRuleKind& kind : PolicyRuleKinds()) {
    bool found = false;
    for (const PolicyEvaluator& row : PolicyEvaluators()) found = found || row.kind == kind.key;
    EXPECT_TRUE(found) << kind.key;
  }
  EXPECT_EQ(PolicyRuleKinds().size(), PolicyEvaluators().size());
}

}  // namespace
}  // namespace drydock
