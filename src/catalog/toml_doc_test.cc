// The TOML shape guard in front of toml++, and the four lockfile parsers behind it.
#include "catalog/toml_doc.h"

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "catalog/python/python.h"
#include "catalog/rust/rust.h"

namespace drydock {
namespace {

std::string DottedKey(std::size_t parts) {
  std::string key = "a";
  for (std::size_t i = 1; i < parts; ++i) key += ".a";
  return key;
}

// The input: a 200,000-part dotted key crashed toml++ (stack overflow) in every TOML lockfile.
TEST(TomlDocTest, RefusesTheDottedKeyBombInEveryLockfile) {
  const std::string key = DottedKey(200'000);
  const std::pair<std::string, std::function<Result<ParsedPackages>(std::string_view)>> parsers[] = {
      {"uv.lock", ParseUvLock}, {"Cargo.lock", [](std::string_view b) { return ParseCargoLock(b); }}, {"poetry.lock", ParsePoetryLock},
      {"pylock.toml", ParsePylock}};
  for (const auto& [name, parse] : parsers) {
    for (const std::string& input : {key + " = 1\n", "[" + key + "]\n", "x = {" + key + " = 1}\n"}) {
      auto parsed = parse(input);
      ASSERT_FALSE(parsed.has_value()) << name;
      EXPECT_EQ(parsed.error().message, name + ": a key with more than 64 parts");
    }
  }
}

TEST(TomlDocTest, RefusesDeepArraysAndInlineTables) {
  auto arrays = ParseTomlDoc("a = " + std::string(100'000, '[') + std::string(100'000, ']') + "\n", 16 << 20, "x");
  ASSERT_FALSE(arrays.has_value());
  EXPECT_EQ(arrays.error().message, "x: nested deeper than 64 levels");
  std::string tables = "a = ";
  for (int i = 0; i < 1000; ++i) tables += "{b = ";
  EXPECT_FALSE(ParseTomlDoc(tables + "1" + std::string(1000, '}'), 16 << 20, "x").has_value());
}

// Dots inside strings (versions, URLs), comments and floats are not key parts; 63-part keys still parse.
TEST(TomlDocTest, KeepsRealShapes) {
  const std::string dots(500, '.');
  const std::string text = "a.b.c = \"" + dots + "\"\nd = '" + dots + "'\ne = \"\"\"\n" + dots + "\n\"\"\"\n# " + dots +
                           "\nf = 1.5\n[\"g.h\".i]\nj = '''" + dots + "'''\n" + DottedKey(63) + " = 2\n";
  auto doc = ParseTomlDoc(text, 1 << 20, "x");
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ((*doc)["a"]["b"]["c"].value<std::string>(), dots);
  EXPECT_EQ((*doc)["g.h"]["i"]["j"].value<std::string>(), dots);
  EXPECT_EQ((*doc)["f"].value<double>(), 1.5);
}

TEST(TomlDocTest, RejectsBrokenInput) {
  EXPECT_EQ(ParseTomlDoc("a = \"unterminated\n", 1 << 20, "x").error().message.substr(0, 22), "x is not TOML: line 1:");
  EXPECT_EQ(ParseTomlDoc("a = 1", 2, "x").error().message, "x of 5 bytes is over the 2 byte limit");
  EXPECT_FALSE(ParseTomlDoc("[a\n", 1 << 20, "x").has_value());
}

}  // namespace
}  // namespace drydock
