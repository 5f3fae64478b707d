// Reading one file from a mirror: an http(s) URL (libcurl, through source/registry/transfer), a file:// URL or
// a plain local path. Local sources answer like a server would (404 when missing), so the update logic is one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "drydock/error.h"

namespace drydock {

inline constexpr long kHttpOk = 200;
inline constexpr long kHttpPartial = 206;
inline constexpr long kHttpNotModified = 304;
inline constexpr long kHttpNotFound = 404;

struct FetchedText {
  long status = 0;
  std::string body;  // only for 200
  std::string etag, last_modified;
};

// GETs a small file; `etag`/`last_modified` (may be empty) make the request conditional (304 = unchanged).
// Transport failures are errors; any HTTP status is returned.
Result<FetchedText> FetchText(const std::string& location, std::size_t max_bytes, const std::string& etag,
                              const std::string& last_modified);

struct FetchedFile {
  long status = 0;             // 200 (written from byte 0) or 206 (appended); anything else wrote nothing
  std::uint64_t bytes = 0;     // size of `part_path` afterwards
  std::string etag;            // the response's ETag, for If-Range when resuming
  std::string last_modified;   // the response's Last-Modified
  std::string error;           // the transfer broke off after `bytes` (a retry may resume); empty when complete
  bool too_large = false;      // the body is over `max_bytes` (announced or received): retrying cannot help
};

// Writes `location`'s body into `part_path`. When the file already holds bytes and `if_range` (the ETag they came
// with) is set, asks for the rest (Range + If-Range); a server that answers 200 instead restarts the file.
// Every byte received is flushed to the file, so an interrupted transfer can be resumed by the next call.
// `headers` ("If-None-Match: ...") are sent as well; a 304 writes nothing and is returned as the status.
Result<FetchedFile> FetchFile(const std::string& location, const std::string& part_path, const std::string& if_range,
                              std::uint64_t max_bytes, const std::vector<std::string>& headers = {});

bool IsHttpLocation(const std::string& location);

}  // namespace drydock
