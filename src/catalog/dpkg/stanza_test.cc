#include "catalog/dpkg/stanza.h"

#include <gtest/gtest.h>

#include <string>

namespace drydock {
namespace {

Result<Stanza> Parse(std::string_view text) {
  auto records = SplitRecords(text, 1 << 20);
  EXPECT_TRUE(records.has_value());
  EXPECT_EQ(records->size(), 1u);
  return ParseStanza(records->front());
}

TEST(StanzaTest, JoinsContinuationLinesAndTrimsValues) {
  auto stanza = Parse("Package:  bash \nDescription: GNU shell\n  more text\n .\n\tlast\nversion:5.2\n");
  ASSERT_TRUE(stanza.has_value()) << stanza.error().message;
  EXPECT_EQ(stanza->first_line, 1u);
  ASSERT_NE(stanza->Find("Package"), nullptr);
  EXPECT_EQ(*stanza->Find("Package"), "bash");
  EXPECT_EQ(*stanza->Find("description"), "GNU shell\nmore text\n.\nlast");
  EXPECT_EQ(*stanza->Find("VERSION"), "5.2");  // deb822 field names are case-insensitive
  EXPECT_EQ(stanza->Find("Source"), nullptr);
}

TEST(StanzaTest, AcceptsEmptyValues) {
  auto stanza = Parse("Package: a\nDepends:\n b,\n c\n");
  ASSERT_TRUE(stanza.has_value());
  EXPECT_EQ(*stanza->Find("Depends"), "\nb,\nc");
}

TEST(StanzaTest, RejectsMalformedLines) {
  const std::pair<const char*, const char*> cases[] = {
      {" leading continuation\nPackage: a\n", "line 1: continuation"},
      {"Package: a\nno colon here\n", "line 2: no ':'"},
      {"Package: a\n: value without a name\n", "line 2: field without a name"},
      {"Package: a\nBad Name: x\n", "line 2: field name holds whitespace"},
      {"Package: a\nVersion: 1\npackage: b\n", "line 3: field package given twice"},
  };
  for (auto [text, want] : cases) {
    auto stanza = Parse(text);
    ASSERT_FALSE(stanza.has_value()) << text;
    EXPECT_NE(stanza.error().message.find(want), std::string::npos) << stanza.error().message;
  }
}

TEST(StanzaTest, BoundsFieldCountAndNameLength) {
  std::string many;
  for (std::size_t i = 0; i <= kMaxStanzaFields; ++i) many += "F" + std::to_string(i) + ": x\n";
  EXPECT_FALSE(Parse(many).has_value());
  EXPECT_FALSE(Parse(std::string(kMaxIdentifierBytes + 1, 'F') + ": x\n").has_value());
}

}  // namespace
}  // namespace drydock
