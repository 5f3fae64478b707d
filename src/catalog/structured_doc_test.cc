// The depth, size and UTF-8 guards in front of the JSON and YAML libraries.
#include "catalog/structured_doc.h"

#include <gtest/gtest.h>

#include <string>

namespace drydock {
namespace {

TEST(StructuredDocTest, RefusesNestingBombsBeforeTheParser) {
  EXPECT_FALSE(ParseJsonDoc(std::string(1'000'000, '['), 16 << 20, "x.json").has_value());
  EXPECT_FALSE(ParseYamlDoc("a: " + std::string(1'000'000, '['), 16 << 20, "x.yaml").has_value());
  EXPECT_FALSE(ParseYamlDoc("a: " + std::string(1'000'000, '{'), 16 << 20, "x.yaml").has_value());
  std::string indented;  // block nesting: one level per line, each two columns deeper
  for (int i = 0; i < 2000; ++i) indented += std::string(2 * i, ' ') + "k:\n";
  EXPECT_FALSE(ParseYamlDoc(indented, 16 << 20, "x.yaml").has_value());
  // An apostrophe inside a plain scalar opens no string, so it cannot hide the bomb on the next line.
  EXPECT_FALSE(ParseYamlDoc("a: don't\nb: " + std::string(1000, '[') + "\nc: it's\n", 1 << 20, "x.yaml"));
  auto error = ParseJsonDoc(std::string(200, '{'), 1 << 20, "x.json");
  ASSERT_FALSE(error.has_value());
  EXPECT_NE(error.error().message.find("nested deeper"), std::string::npos) << error.error().message;
}

TEST(StructuredDocTest, BracketsInsideStringsAndCommentsDoNotCount) {
  const std::string brackets(500, '[');
  EXPECT_TRUE(ParseJsonDoc("{\"a\": \"" + brackets + "\", \"b\": \"\\\"" + brackets + "\"}", 1 << 20, "x").has_value());
  EXPECT_TRUE(ParseYamlDoc("a: '" + brackets + "'\n# " + brackets + "\nb: \"" + brackets + "\"\n", 1 << 20, "x"));
  EXPECT_TRUE(ParseJsonDoc(std::string(100, '[') + std::string(100, ']'), 1 << 20, "x").has_value());
}

TEST(StructuredDocTest, SizeUtf8AndSyntax) {
  EXPECT_FALSE(ParseJsonDoc("{}   ", 4, "x").has_value());
  EXPECT_FALSE(ParseJsonDoc("", 4, "x").has_value());
  EXPECT_FALSE(ParseJsonDoc("{\"a\": \"\xff\xfe\"}", 64, "x").has_value());
  EXPECT_FALSE(ParseJsonDoc("{\"a\": [1, 2", 64, "x").has_value());
  EXPECT_FALSE(ParseYamlDoc("a: \"\xc3\x28\"\n", 64, "x").has_value());
  EXPECT_FALSE(ParseYamlDoc("a: [1, 2\n", 64, "x").has_value());
  EXPECT_TRUE(ParseYamlDoc("a: \"h\xc3\xa9\"\n", 64, "x").has_value());
  EXPECT_TRUE(IsValidUtf8("plain \xe2\x82\xac \xf0\x9f\x98\x80"));
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));          // truncated sequence
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\x80"));              // stray continuation byte
  EXPECT_FALSE(IsValidUtf8("\xf5\x80\x80\x80"));  // above U+10FFFF
}

}  // namespace
}  // namespace drydock
