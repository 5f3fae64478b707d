#include <gtest/gtest.h>

#include "secret/rules_database.h"
#include "secret/secret.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace drydock {
namespace {

std::vector<SecretMatch> ScanText(std::string_view text) {
  static auto scanner = SecretScanner::Create();
  EXPECT_TRUE(scanner) << scanner.error().message;
  auto scratch = scanner->NewScratch();
  EXPECT_TRUE(scratch);
  auto found = scanner->Scan(text, *scratch);
  EXPECT_TRUE(found) << found.error().message;
  return found ? *found : std::vector<SecretMatch>{};
}

std::vector<std::string> Ids(const std::vector<SecretMatch>& matches) {
  std::vector<std::string> out;
  for (const SecretMatch& m : matches) out.emplace_back(m.rule->id);
  return out;
}

TEST(SecretScannerTest, EveryRuleCompilesIntoOneDatabase) { ASSERT_TRUE(SecretScanner::Create()); }

// The compiled database is kept in the given directory and loaded from it; a damaged file is compiled again.
TEST(SecretScannerTest, CompiledRulesAreCachedAndADamagedCacheIsRebuilt) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("drydock-secret-rules-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  // Without the built-in copy, which would otherwise be taken before the cache is looked at.
  constexpr auto kIgnore = SecretScanner::BuiltIn::kIgnore;
  auto first = SecretScanner::Create(dir.string(), kIgnore);
  ASSERT_TRUE(first) << first.error().message;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) files.push_back(entry.path());
  ASSERT_EQ(files.size(), 1u);
  EXPECT_TRUE(files[0].filename().string().starts_with("secret-rules-"));
  auto second = SecretScanner::Create(dir.string(), kIgnore);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->Redact("x AKIAIOSFODNN7EXAMPLE"), "x AKIA****************");
  { std::ofstream(files[0], std::ios::trunc) << "not a database"; }
  auto rebuilt = SecretScanner::Create(dir.string(), kIgnore);
  ASSERT_TRUE(rebuilt);
  EXPECT_EQ(rebuilt->Redact("x AKIAIOSFODNN7EXAMPLE"), "x AKIA****************");
  EXPECT_GT(fs::file_size(files[0]), 100u);  // written again
  fs::remove_all(dir);
}

// The build compiles the rule table once and links it in; it must be exactly what compiling the table here gives,
// so a scan that loads it finds what a scan that compiles finds.
TEST(SecretScannerTest, BuiltInRulesAreTheCompiledTable) {
  ASSERT_GT(BuiltInRulesBytes().size(), 1000u);
  auto compiled = CompileSecretRules();
  ASSERT_TRUE(compiled) << compiled.error().message;
  auto bytes = SerializeRules(*compiled);
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_TRUE(*bytes == BuiltInRulesBytes()) << "the built-in rules are stale: rebuild";
  auto built_in = SecretScanner::Create();
  auto fresh = SecretScanner::Create("", SecretScanner::BuiltIn::kIgnore);
  ASSERT_TRUE(built_in && fresh);
  const std::string text = "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\nexport DB_PASSWORD=Xq7mP2vLk9zR\n";
  auto a = built_in->NewScratch();
  auto b = fresh->NewScratch();
  ASSERT_TRUE(a && b);
  auto from_built_in = built_in->Scan(text, *a);
  auto from_fresh = fresh->Scan(text, *b);
  ASSERT_TRUE(from_built_in && from_fresh);
  ASSERT_EQ(from_built_in->size(), 2u);
  ASSERT_EQ(from_fresh->size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ((*from_built_in)[i].rule, (*from_fresh)[i].rule);
    EXPECT_EQ((*from_built_in)[i].masked, (*from_fresh)[i].masked);
  }
}

// Serialized rules from a file or the build are checked before use: damage is an error (then a compile), not a crash.
TEST(SecretScannerTest, DamagedCompiledRulesAreRefused) {
  EXPECT_FALSE(DeserializeRules(""));
  EXPECT_FALSE(DeserializeRules("not a database"));
  std::string bytes(BuiltInRulesBytes());
  ASSERT_FALSE(bytes.empty());
  EXPECT_FALSE(DeserializeRules(std::string_view(bytes).substr(0, bytes.size() / 2)));
  bytes[bytes.size() / 2] ^= 0x40;  // the CRC covers the body
  EXPECT_FALSE(DeserializeRules(bytes));
  EXPECT_TRUE(DeserializeRules(BuiltInRulesBytes()));
}

TEST(SecretScannerTest, RedactStarsRuleMatchesAndSensitiveAssignments) {
  auto scanner = SecretScanner::Create();
  ASSERT_TRUE(scanner);
  EXPECT_EQ(scanner->Redact("/bin/sh -c echo AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE > /app/config/.env"),
            "/bin/sh -c echo AWS_ACCESS_KEY_ID=******************** > /app/config/.env");
  EXPECT_EQ(scanner->Redact("curl -H x:AKIAIOSFODNN7EXAMPLE"), "curl -H x:AKIA****************");
  EXPECT_EQ(scanner->Redact("ENV PATH=/usr/bin DB_PASSWORD=hunter2 NODE_ENV=production"),
            "ENV PATH=/usr/bin DB_PASSWORD=******* NODE_ENV=production");
  EXPECT_EQ(scanner->Redact("apt-get install -y curl"), "apt-get install -y curl");
  EXPECT_EQ(scanner->Redact(""), "");
}

// One sample per rule, each in the provider's documented shape (AWS's own documentation example key).
TEST(SecretScannerTest, FindsEachKindWithLineAndMask) {
  auto found = ScanText("# config\nAWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n");
  ASSERT_EQ(Ids(found), std::vector<std::string>{"aws-access-key-id"});
  EXPECT_EQ(found[0].line, 2u);
  EXPECT_EQ(found[0].masked, "AKIA****************");

  struct Case {
    std::string text, rule;
  } cases[] = {
      {"aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws-secret-access-key"},
      {"-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "private-key"},
      {"-----BEGIN OPENSSH PRIVATE KEY-----\nb3Bl", "private-key"},
      {"-----BEGIN PRIVATE KEY-----\n", "private-key"},
      {"token: ghp_" + std::string(36, 'a') + "\n", "github-token"},
      {"glpat-abcdefghij0123456789 ", "gitlab-token"},
      {"xoxb-1234567890-abcdefghij", "slack-token"},
      {"sk_live_" + std::string(24, 'Z'), "stripe-secret-key"},
      {"key=AIza" + std::string(35, 'x') + "\n", "google-api-key"},
      {"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "jwt"},
      {"db_password = 'Xq7&mP2v!Lk9zR'", "generic-password"},
      {"# env\nexport DB_PASSWORD=Xq7mP2vLk9zR\n", "generic-env-secret"},
  };
  for (const Case& c : cases) {
    auto ids = Ids(ScanText(c.text));
    EXPECT_NE(std::find(ids.begin(), ids.end(), c.rule), ids.end()) << c.text;
  }
}

TEST(SecretScannerTest, LowEntropyAndPlaceholdersAreNotSecrets) {
  EXPECT_TRUE(ScanText("password=aaaaaaaaaaaa\n").empty());
  EXPECT_TRUE(ScanText("password = changeme\n").empty());
  EXPECT_TRUE(ScanText("AKIA0000 is too short; ghp_short\n").empty());
  EXPECT_TRUE(ScanText("        password = self.password_from_config\n").empty());  // code, not a literal
}

TEST(SecretScannerTest, GenericMatchMasksOnlyTheValue) {
  auto found = ScanText("password='Xq7mP2vLk9zR'\n");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].masked, "password='*************");
}

TEST(SecretScannerTest, BinaryAndHugeInputsAreBounded) {
  std::string binary = "AKIAIOSFODNN7EXAMPLE";
  binary.push_back('\0');
  EXPECT_TRUE(ScanText(binary).empty());
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "AKIAIOSFODNN7EXAMPLE\n";
  EXPECT_EQ(ScanText(many).size(), kMaxSecretMatchesPerFile);
  EXPECT_TRUE(ScanText("").empty());
}

TEST(SecretScannerTest, NoisyPaths) {
  EXPECT_TRUE(IsNoisySecretPath("usr/share/doc/openssl/README"));
  EXPECT_TRUE(IsNoisySecretPath("app/web/node_modules/jws/test/data/key.pem"));
  EXPECT_FALSE(IsNoisySecretPath("app/config/.env"));
  EXPECT_FALSE(IsNoisySecretPath("root/.ssh/id_rsa"));
}

TEST(SecretScannerTest, Entropy) {
  EXPECT_DOUBLE_EQ(ShannonEntropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(ShannonEntropy("abcd"), 2.0);
}

}  // namespace
}  // namespace drydock
