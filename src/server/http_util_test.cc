// PreferGzip: brotli leaves a request's Accept-Encoding, whatever else it says, so httplib answers with gzip.
#include "server/http_util.h"

#include <gtest/gtest.h>

namespace drydock {
namespace {

TEST(PreferGzip, DropsBrotliAndKeepsTheRest) {
  const std::pair<std::string, std::string> cases[] = {
      {"gzip, deflate, br", "gzip, deflate"},               // Firefox, curl --compressed
      {"gzip, deflate, br, zstd", "gzip, deflate, zstd"},   // Chrome
      {"br;q=1.0, gzip;q=0.8, *;q=0.1", "gzip;q=0.8, *;q=0.1"},
      {"br", ""},
      {"gzip", "gzip"},
      {" identity ,, gzip ", "identity, gzip"},
      {"", ""},
  };
  for (const auto& [sent, kept] : cases) {
    httplib::Request req;
    req.headers.emplace("Accept-Encoding", sent);
    req.headers.emplace("Authorization", "Bearer br");  // other headers are not touched
    PreferGzip(req);
    EXPECT_EQ(req.get_header_value("Accept-Encoding"), kept) << sent;
    EXPECT_EQ(req.get_header_value("Authorization"), "Bearer br");
  }
  httplib::Request none;
  PreferGzip(none);
  EXPECT_FALSE(none.has_header("Accept-Encoding"));
}

}  // namespace
}  // namespace drydock
