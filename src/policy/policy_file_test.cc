#include "policy/policy_file.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

TEST(PolicyFileParseTest, ParsesEveryCheckKey) {
  auto policy = ParsePolicyFile(R"(name: gate
rules:
  - {id: r1, severity: high, message: m, allowed_registries: ["docker.io", "*.example.com"]}
  - {id: r2, severity: LOW, message: m, allowed_base_images: ["debian >= 12", "alpine>=3.19", ubuntu]}
  - {id: r3, severity: HIGH, message: m, max_vulnerabilities: {critical: 0, HIGH: 3}, only_with_fix: true,
     exceptions: [{id: CVE-1, expires: 2030-01-31, reason: vendor says no}]}
  - {id: r4, severity: HIGH, message: m, max_cvss: 8.5, action: warn}
  - {id: r5, severity: HIGH, message: m, no_root: true}
  - {id: r6, severity: HIGH, message: m, max_age_days: 90}
  - {id: r7, severity: HIGH, message: m, no_secrets: true}
  - {id: r8, severity: HIGH, message: m, denied_checks: ["DD-IMG-00?"]}
)",
                                "p.yaml");
  ASSERT_TRUE(policy) << policy.error().message;
  ASSERT_EQ(policy->rules.size(), 8u);
  const auto& r = policy->rules;
  EXPECT_EQ(r[0].severity, "HIGH");
  EXPECT_EQ(r[0].items, (std::vector<std::string>{"docker.io", "*.example.com"}));
  EXPECT_EQ(r[0].where, "p.yaml:3");
  ASSERT_EQ(r[1].distros.size(), 3u);
  EXPECT_EQ(r[1].distros[1].family, "alpine");
  EXPECT_EQ(r[1].distros[1].min_version, "3.19");
  EXPECT_EQ(r[1].distros[2].min_version, "");
  EXPECT_EQ(r[2].counts, (std::map<std::string, long long>{{"CRITICAL", 0}, {"HIGH", 3}}));
  EXPECT_TRUE(r[2].only_with_fix);
  ASSERT_EQ(r[2].exceptions.size(), 1u);
  EXPECT_EQ(r[2].exceptions[0].expires, "2030-01-31");
  EXPECT_EQ(r[3].score, 8.5);
  EXPECT_EQ(r[3].action, "warn");
  EXPECT_EQ(r[4].action, "deny");
  EXPECT_EQ(r[5].days, 90);
  EXPECT_TRUE(policy->NeedsSecrets());
  EXPECT_TRUE(policy->NeedsConfig());
  EXPECT_TRUE(policy->NeedsVulns());
}

// Each bad input must be refused with a message naming the line and the problem.
TEST(PolicyFileParseTest, RejectsBadInputWithFileAndLine) {
  const std::pair<std::string, std::string> cases[] = {
      {"rules: [", "p.yaml:1: "},
      {"", "p.yaml:1: expected a mapping with `rules:`"},
      {"rules: {}", "p.yaml:1: `rules` must be a list"},
      {"rule: []\nrules: []", "p.yaml:1: unknown top-level key \"rule\""},
      {"rules:\n  - id: a\n    severity: HIGH\n    message: m\n    no_roots: true",
       "p.yaml:5: unknown key \"no_roots\" in a rule"},
      {"rules:\n  - {id: a, severity: HIGH, message: m}", "p.yaml:2: rule has no check key"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, no_root: true, no_secrets: true}",
       "rule has two checks"},
      {"rules:\n  - {severity: HIGH, message: m, no_root: true}", "p.yaml:2: rule without `id`"},
      {"rules:\n  - {id: a, message: m, no_root: true}", "p.yaml:2: rule without `severity`"},
      {"rules:\n  - {id: a, severity: HIGH, no_root: true}", "p.yaml:2: rule without `message`"},
      {"rules:\n  - {id: a, severity: SEVERE, message: m, no_root: true}", "severity \"SEVERE\" is not"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, no_root: false}", "`no_root` takes `true`"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, action: block, no_root: true}",
       "action must be deny or warn"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, allowed_registries: [\"docker.io/[ab\"]}",
       "p.yaml:2: `allowed_registries`: bad glob \"docker.io/[ab\""},
      {"rules:\n  - {id: a, severity: HIGH, message: m, denied_checks: [\"DD-\\\\\"]}", "bad glob"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, allowed_registries: []}", "must be a non-empty list"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, allowed_base_images: [\">= 12\"]}", "is not FAMILY"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, allowed_base_images: [\"debian >= twelve\"]}",
       "is not FAMILY"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, max_age_days: -1}",
       "`max_age_days` must be a whole number"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, max_age_days: soon}", "must be a whole number"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, max_cvss: 11}", "CVSS score from 0 to 10"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, max_vulnerabilities: {SEVERE: 1}}",
       "unknown severity"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, max_vulnerabilities: {HIGH: x}}", "whole number"},
      {"rules:\n  - id: a\n    severity: HIGH\n    message: m\n    max_cvss: 7\n    exceptions:\n"
       "      - {id: CVE-1, expires: 2024-02-30}",
       "p.yaml:7: expires \"2024-02-30\" is not a date"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, max_cvss: 7, exceptions: [{id: X, until: "
       "2030-01-01}]}",
       "unknown key \"until\" in exception"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, max_cvss: 7, exceptions: [{reason: x}]}",
       "needs an `id`"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, no_root: true, only_with_fix: true}",
       "apply to max_vulnerabilities and max_cvss"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, max_vulnerabilities: {HIGH: 0}, min_epss: 1.5}",
       "p.yaml:2: min_epss must be a probability from 0 to 1"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, max_vulnerabilities: {HIGH: 0}, min_epss: high}",
       "min_epss must be a probability"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, max_cvss: 7, only_kev: maybe}",
       "only_kev must be true or false"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, no_secrets: true, only_kev: true}",
       "apply to max_vulnerabilities and max_cvss"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, denied_advisories: [X], exceptions: []}",
       "not `denied_advisories`"},
      {"rules:\n  - {id: a, severity: HIGH, message: m, no_root: true}\n  - {id: a, severity: LOW, message: "
       "n, "
       "no_secrets: true}",
       "p.yaml:3: duplicate rule id \"a\""},
      {"rules:\n  - just a string", "p.yaml:2: each rule must be a mapping"},
  };
  for (const auto& [text, want] : cases) {
    auto policy = ParsePolicyFile(text, "p.yaml");
    ASSERT_FALSE(policy) << text;
    EXPECT_NE(policy.error().message.find(want), std::string::npos)
        << text << "\n  got: " << policy.error().message;
  }
}

// `signatures:` carries its own trust; paths are relative to the policy file, so a policy checked in beside its
// keys works from any directory.
TEST(PolicyFileParseTest, SignaturesRuleTrust) {
  auto policy = ParsePolicyFile(R"(rules:
  - id: sig
    severity: HIGH
    message: signed
    signatures:
      keys: [cosign.pub, /etc/keys/other.pub]
      keyless:
        - {identity: "https://github.com/o/r/.github/workflows/release.yml@refs/heads/main", issuer: "https://token.actions.githubusercontent.com"}
        - {identity_regexp: "^https://github.com/o/", issuer: "https://token.actions.githubusercontent.com"}
      trusted_root: trusted_root.json
      notation: {trust_store: store, identities: ["x509.subject: C=US, ST=WA, O=acme"]}
)",
                                "policies/release.yaml");
  ASSERT_TRUE(policy) << policy.error().message;
  ASSERT_TRUE(policy->rules[0].trust);
  const SignatureTrustSpec& trust = *policy->rules[0].trust;
  EXPECT_EQ(trust.keys, (std::vector<std::string>{"policies/cosign.pub", "/etc/keys/other.pub"}));
  ASSERT_EQ(trust.keyless.size(), 2u);
  EXPECT_FALSE(trust.keyless[0].identity_regex);
  EXPECT_TRUE(trust.keyless[1].identity_regex);
  EXPECT_EQ(trust.keyless[1].identity, "^https://github.com/o/");
  EXPECT_EQ(trust.trusted_root, "policies/trusted_root.json");
  EXPECT_EQ(trust.notation_trust_store, "policies/store");
  EXPECT_EQ(trust.notation_identities, (std::vector<std::string>{"x509.subject: C=US, ST=WA, O=acme"}));

  const char* bad[] = {
      "signatures: true",
      "signatures: {}",
      "signatures: {keys: []}",
      "signatures: {colour: red}",
      "signatures: {keyless: [{identity: x, issuer: y}]}",  // no trusted_root
      "signatures: {keyless: [{identity: x}], trusted_root: r.json}",
      "signatures: {keyless: [{identity: x, issuer: y, subject: z}], trusted_root: r.json}",
      "signatures: {notation: {identities: ['*']}}",  // no trust_store
      "signatures: {notation: {trust_store: s}}",     // neither policy nor identities
      "signatures: {notation: {trust_store: s, trust_policy: p.json, identities: ['*']}}",
  };
  for (const char* rule : bad) {
    auto parsed = ParsePolicyFile(std::string("rules:\n  - {id: x, severity: HIGH, message: m, ") + rule + "}\n", "p.yaml");
    EXPECT_FALSE(parsed) << rule;
    if (!parsed) {
      EXPECT_NE(parsed.error().message.find("p.yaml:"), std::string::npos) << parsed.error().message;
    }
  }
}

TEST(PolicyFileParseTest, GlobAndDateValidators) {
  for (const char* good : {"docker.io", "*.example.com", "reg[0-9]", "a[!b]c", "[]]x", "a\\*"}) {
    EXPECT_TRUE(ValidGlob(good)) << good;
  }
  for (const char* bad : {"", "[abc", "x\\", "a[!"}) EXPECT_FALSE(ValidGlob(bad)) << bad;
  EXPECT_TRUE(ValidPolicyDate("2024-02-29"));
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-1-01", "20240101", "tomorrow"}) {
    EXPECT_FALSE(ValidPolicyDate(bad)) << bad;
  }
}

TEST(PolicyFileParseTest, MissingFileNamesIt) {
  auto policy = LoadPolicyFile("/nonexistent/policy.yaml");
  ASSERT_FALSE(policy);
  EXPECT_NE(policy.error().message.find("policy file /nonexistent/policy.yaml"), std::string::npos);
}

}  // namespace
}  // namespace drydock
