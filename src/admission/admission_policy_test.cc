// The admission policy file: every key read, relative paths resolved against the file, defaults when absent,
// and each mistake refused with FILE:LINE.
#include "admission/admission_policy.h"

#include <gtest/gtest.h>

namespace drydock::admission {
namespace {

TEST(AdmissionPolicy, ReadsEveryKey) {
  auto policy = ParseAdmissionPolicy(R"(
policy: release.yaml
unknown_images: warn
mode: warn
exclude_namespaces: [kube-system, security]
signatures:
  keys: [keys/cosign.pub, /etc/drydock/other.pub]
  keyless:
    - {identity: "alice@example.com", issuer: "https://accounts.example.com"}
    - {identity_regexp: "^https://github.com/acme/", issuer: "https://token.actions.githubusercontent.com"}
  trusted_root: trusted_root.json
deadline_ms: 2500
cache_seconds: 30
negative_cache_seconds: 0
cluster: prod-eu
)", "/etc/drydock/admission.yaml");
  ASSERT_TRUE(policy) << policy.error().message;
  EXPECT_EQ(policy->rules_file, "/etc/drydock/release.yaml");
  EXPECT_TRUE(policy->unknown_warn);
  EXPECT_TRUE(policy->warn_mode);
  EXPECT_EQ(policy->exclude_namespaces, (std::vector<std::string>{"kube-system", "security"}));
  EXPECT_EQ(policy->signature_keys, (std::vector<std::string>{"/etc/drydock/keys/cosign.pub", "/etc/drydock/other.pub"}));
  ASSERT_EQ(policy->keyless.size(), 2u);
  EXPECT_EQ(policy->keyless[0].identity, "alice@example.com");
  EXPECT_FALSE(policy->keyless[0].identity_regexp);
  EXPECT_TRUE(policy->keyless[1].identity_regexp);
  EXPECT_EQ(policy->keyless[1].issuer, "https://token.actions.githubusercontent.com");
  EXPECT_EQ(policy->trusted_root, "/etc/drydock/trusted_root.json");
  EXPECT_EQ(policy->deadline.count(), 2500);
  EXPECT_EQ(policy->cache_ttl.count(), 30);
  EXPECT_EQ(policy->negative_cache_ttl.count(), 0);
  EXPECT_EQ(policy->cluster, "prod-eu");
  EXPECT_TRUE(policy->RequiresSignature());
}

TEST(AdmissionPolicy, DefaultsWhenEmpty) {
  auto policy = ParseAdmissionPolicy("", "a.yaml");
  ASSERT_TRUE(policy) << policy.error().message;
  EXPECT_TRUE(policy->rules_file.empty());
  EXPECT_FALSE(policy->unknown_warn);
  EXPECT_FALSE(policy->warn_mode);
  EXPECT_EQ(policy->exclude_namespaces, std::vector<std::string>{"kube-system"});
  EXPECT_FALSE(policy->RequiresSignature());
  EXPECT_EQ(policy->deadline.count(), 3000);
}

TEST(AdmissionPolicy, RefusesMistakesNamingTheLine) {
  const std::pair<std::string, std::string> broken[] = {
      {"unknown_image: deny", "a.yaml:1: unknown key \"unknown_image\""},
      {"unknown_images: allow", "a.yaml:1: unknown_images must be deny or warn"},
      {"mode: audit", "mode must be enforce or warn"},
      {"\n\ndeadline_ms: 60000", "a.yaml:3: deadline_ms must be a whole number from 100 to 25000"},
      {"deadline_ms: soon", "deadline_ms must be a whole number"},
      {"exclude_namespaces: kube-system", "exclude_namespaces must be a list"},
      {"signatures: [a.pub]", "signatures must be a mapping"},
      {"signatures: {key: [a.pub]}", "unknown key \"key\" in signatures"},
      {"signatures: {keyless: [{identity: a@b}]}", "exactly one of issuer and issuer_regexp"},
      {"signatures: {keyless: [{identity: a@b, identity_regexp: a, issuer: x}]}", "exactly one of identity"},
      {"signatures: {keyless: [{identity: a@b, issuer: x}]}", "need signatures.trusted_root"},
      {"signatures: {keyless: [{identity: a@b, issuer: x, subject: y}]}", "unknown key \"subject\""},
      {"policy: ''", "policy must be a non-empty string"},
      {"cache_seconds: -1", "cache_seconds must be a whole number from 0"},
      {"[1, 2]", "expected a mapping"},
      {"mode: [unclosed", "a.yaml:1"},
  };
  for (const auto& [text, why] : broken) {
    auto policy = ParseAdmissionPolicy(text, "a.yaml");
    ASSERT_FALSE(policy) << text;
    EXPECT_NE(policy.error().message.find(why), std::string::npos) << text << ": " << policy.error().message;
  }
  EXPECT_FALSE(ParseAdmissionPolicy(std::string(kMaxAdmissionPolicyBytes + 1, '#'), "a.yaml"));
  EXPECT_FALSE(LoadAdmissionPolicy("/nonexistent/admission.yaml"));
}

}  // namespace
}  // namespace drydock::admission
