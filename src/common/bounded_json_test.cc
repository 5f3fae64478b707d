#include "common/bounded_json.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace drydock {
namespace {

std::string Nested(std::size_t levels, char open = '[', char close = ']') {
  return std::string(levels, open) + std::string(levels, close);
}

TEST(BoundedJsonTest, ParsesAtTheDepthLimit) {
  auto doc = ParseBoundedJson(Nested(kMaxJsonNestingDepth), "doc", 1 << 20);
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_TRUE(doc->is_array());
}

// The issue's input: 1e6 levels crashed every reader of untrusted JSON with SIGSEGV.
TEST(BoundedJsonTest, RefusesAMillionLevelsWithAClearError) {
  for (auto [open, close] : {std::pair{'[', ']'}, std::pair{'{', '}'}}) {
    std::string bomb = open == '[' ? Nested(1'000'000) : std::string(1'000'000, '[');
    if (open == '{') bomb = "{\"a\":" + bomb;
    auto doc = ParseBoundedJson(bomb, "index.json", 64 << 20);
    ASSERT_FALSE(doc.has_value());
    EXPECT_EQ(doc.error().message, "index.json: JSON nested deeper than 128 levels");
  }
}

TEST(BoundedJsonTest, BracketsInsideStringsDoNotCount) {
  std::string text = "{\"a\":\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"}";
  auto doc = ParseBoundedJson(text, "doc", 1 << 20);
  ASSERT_TRUE(doc.has_value()) << doc.error().message;
  EXPECT_EQ((*doc)["a"].get<std::string>().size(), 2001u);
}

TEST(BoundedJsonTest, UnbalancedClosersDoNotHideADeepDocument) {
  EXPECT_TRUE(JsonTooDeep(std::string(100, ']') + std::string(200, '['), 128));
  EXPECT_FALSE(JsonTooDeep(std::string(100, ']') + std::string(120, '['), 128));
}

TEST(BoundedJsonTest, RejectsBrokenInput) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "doc:1: invalid JSON: "},
      {"{\n\"a\":", "doc:2: invalid JSON: "},
      {"\"\xff\"", "doc:1: invalid JSON: "},
      {"8610e91372", "doc: invalid JSON: [json.exception.out_of_range.406] number overflow"},  // libFuzzer's find
  };
  for (const auto& [input, message] : cases) {
    auto doc = ParseBoundedJson(input, "doc", 64);
    ASSERT_FALSE(doc.has_value()) << input;
    EXPECT_TRUE(doc.error().message.starts_with(message)) << doc.error().message;
  }
  EXPECT_EQ(ParseBoundedJson("[1,2,3]  ", "doc", 8).error().message, "doc of 9 bytes is over the 8 byte limit");
}

// 0x81 is a CBOR array of one element: n of them nest n levels, closed by the innermost null (0xf6).
std::string NestedCbor(std::size_t levels) { return std::string(levels, '\x81') + "\xf6"; }

TEST(BoundedJsonTest, CborRoundTripsAndParsesAtTheDepthLimit) {
  const nlohmann::json doc = {{"v", 3}, {"files", {{"a", 1, true}, {"b", 2, false}}}, {"blob", nlohmann::json::binary({1, 2})}};
  const std::vector<std::uint8_t> cbor = nlohmann::json::to_cbor(doc);
  auto parsed = ParseBoundedCbor(std::string_view(reinterpret_cast<const char*>(cbor.data()), cbor.size()), "entry");
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, doc);
  auto deepest = ParseBoundedCbor(NestedCbor(kMaxJsonNestingDepth), "entry");
  ASSERT_TRUE(deepest) << deepest.error().message;
  EXPECT_TRUE(deepest->is_array());
}

// The input libFuzzer found overflowing the stack of archive_index_fuzz and parsed_codec_fuzz had this shape.
TEST(BoundedJsonTest, RefusesDeepCborWithAClearError) {
  for (std::size_t levels : {kMaxJsonNestingDepth + 1, std::size_t{1'000'000}}) {
    auto parsed = ParseBoundedCbor(NestedCbor(levels), "archive index");
    ASSERT_FALSE(parsed) << levels;
    EXPECT_EQ(parsed.error().message, "archive index: CBOR nested deeper than 128 levels");
  }
  std::string deep_maps;  // each level a map of one pair: a one-byte key "k", its value the next map
  for (std::size_t i = 0; i < 200; ++i) deep_maps += "\xa1\x61k";
  auto maps = ParseBoundedCbor(deep_maps + "\xf6", "entry");
  ASSERT_FALSE(maps);
  EXPECT_EQ(maps.error().message, "entry: CBOR nested deeper than 128 levels");
}

TEST(BoundedJsonTest, RejectsBrokenCbor) {
  for (std::string_view input : {std::string_view(""), std::string_view("\x82\x01"), std::string_view("\x7f\x61"),
                                 std::string_view("\xff"), std::string_view("\x1b\x00")}) {
    auto parsed = ParseBoundedCbor(input, "entry");
    ASSERT_FALSE(parsed) << input.size();
    EXPECT_TRUE(parsed.error().message.starts_with("entry: invalid CBOR: ")) << parsed.error().message;
  }
}

// nlohmann's reader recursed once per chunk of an indefinite-length string: a run of 0x7f (or 0x5f) overflowed the
// stack before any SAX event (libFuzzer, parsed_codec_fuzz, 51 KB). Such a chunk is malformed CBOR (RFC 8949
// 3.2.3: chunks are definite-length strings of the same type); the framing is checked first, without recursion.
TEST(BoundedJsonTest, NestedIndefiniteStringsAreRefusedNotRecursedInto) {
  for (char initial : {'\x7f', '\x5f'}) {
    for (const std::string& input : {std::string(200'000, initial), std::string(1, '\x81') + std::string(200'000, initial),
                                     std::string("\xa1\x61k") + std::string(200'000, initial)}) {
      auto parsed = ParseBoundedCbor(input, "entry");
      ASSERT_FALSE(parsed);
      EXPECT_NE(parsed.error().message.find("is not a definite-length string of its type"), std::string::npos)
          << parsed.error().message;
    }
  }
  auto chunked = ParseBoundedCbor(std::string_view("\x7f\x61\x61\x62\x62\x63\xff", 7), "entry");  // "a" + "bc"
  ASSERT_TRUE(chunked) << chunked.error().message;
  EXPECT_EQ(*chunked, "abc");
  auto bytes = ParseBoundedCbor(std::string_view("\x5f\x41\x01\x40\xff", 5), "entry");
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_TRUE(bytes->is_binary());
  auto mixed = ParseBoundedCbor(std::string_view("\x7f\x41\x01\xff", 4), "entry");  // a byte-string chunk in a text string
  ASSERT_FALSE(mixed);
  EXPECT_NE(mixed.error().message.find("chunk at byte 1"), std::string::npos) << mixed.error().message;
  auto trailing = ParseBoundedCbor(std::string_view("\xf6\xf6", 2), "entry");
  ASSERT_FALSE(trailing);
  EXPECT_EQ(trailing.error().message, "entry: invalid CBOR: 1 bytes after the item");
  auto huge_count = ParseBoundedCbor(std::string_view("\x9b\xff\xff\xff\xff\xff\xff\xff\xff", 9), "entry");
  ASSERT_FALSE(huge_count);
  EXPECT_NE(huge_count.error().message.find("truncated array at byte 0"), std::string::npos) << huge_count.error().message;
}

TEST(BoundedJsonTest, MembersStreamOneAtATime) {
  std::vector<std::string> seen;
  Status read = ForEachJsonMember(R"({"a": {"x": [1]}, "b": 2, "c": [3, {"d": 4}]})", "doc", 1 << 20, 8,
                                  [&](const std::string& key, nlohmann::json& value) {
                                    seen.push_back(key + "=" + value.dump());
                                  });
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(seen, (std::vector<std::string>{R"(a={"x":[1]})", "b=2", R"(c=[3,{"d":4}])"}));
  EXPECT_EQ(ForEachJsonMember("[1]", "doc", 64, 8, [](const std::string&, nlohmann::json&) {}).error().message,
            "doc: the top level is not a JSON object");
  EXPECT_FALSE(ForEachJsonMember("{\"a\": 1e999}", "doc", 64, 8, [](const std::string&, nlohmann::json&) {}));
  EXPECT_FALSE(ForEachJsonMember("{\"a\": [" + std::string(20, '[') , "doc", 64, 8,
                                 [](const std::string&, nlohmann::json&) {}));
}

// The file form parses as it reads: the same members, the depth checked while parsing (no pre-scan of bytes it
// never holds), the byte offset of a syntax error, and the open/size errors of ReadFileBounded.
TEST(BoundedJsonTest, ForEachMemberInFileStreamsTheFile) {
  const std::string path = (std::filesystem::temp_directory_path() /
                            ("drydock-members-" + std::to_string(::getpid()) + ".json")).string();
  auto write = [&](const std::string& text) { std::ofstream(path, std::ios::binary | std::ios::trunc) << text; };
  auto members = [&](std::size_t max_bytes, std::size_t max_depth, std::vector<std::string>& seen) {
    return ForEachJsonMemberInFile(path, "doc", max_bytes, max_depth, [&](const std::string& key, nlohmann::json& v) {
      seen.push_back(key + "=" + v.dump());
    });
  };
  std::vector<std::string> seen;
  write(R"({"a": {"x": [1]}, "b": 2, "c": [3, {"d": 4}]})");
  Status read = members(1 << 20, 8, seen);
  ASSERT_TRUE(read) << read.error().message;
  EXPECT_EQ(seen, (std::vector<std::string>{R"(a={"x":[1]})", "b=2", R"(c=[3,{"d":4}])"}));

  write("{\"a\": " + Nested(9) + "}");  // 10 levels with the top object
  seen.clear();
  EXPECT_EQ(members(1 << 20, 9, seen).error().message, "doc: JSON nested deeper than 9 levels");
  EXPECT_TRUE(members(1 << 20, 10, seen));
  write("{\"a\": " + Nested(1'000'000) + "}");  // the issue's bomb, refused at the limit, not after building it
  EXPECT_EQ(members(64 << 20, 64, seen).error().message, "doc: JSON nested deeper than 64 levels");
  write(R"({"a": 1, "b": tru})");
  // nlohmann counts bytes read: 18 is the '}' that ends the broken literal "tru".
  EXPECT_NE(members(1 << 20, 8, seen).error().message.find("doc: byte 18: invalid JSON"), std::string::npos);
  write("[1]");
  EXPECT_EQ(members(1 << 20, 8, seen).error().message, "doc: the top level is not a JSON object");
  write(R"({"a": 1})");
  EXPECT_EQ(members(4, 8, seen).error().code, ErrorCode::kTooLarge);
  std::filesystem::remove(path);
  EXPECT_EQ(members(1 << 20, 8, seen).error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace drydock
