// Migration: the base image each stored image was identified as built on, and the server's advice about it
// (src/server/base_refresh.cc). announced_digest is the newest base digest a base.outdated event was written
// for, so each move of the base's tag is announced once per image, whichever process sees it first.
#pragma once

#include <string_view>

namespace drydock {

inline constexpr std::string_view kImageBasesMigration = R"sql(
CREATE TABLE image_bases (
  digest TEXT PRIMARY KEY REFERENCES images(digest) ON DELETE CASCADE,
  name TEXT NOT NULL,
  tag TEXT NOT NULL,
  base_digest TEXT NOT NULL,
  source TEXT NOT NULL,
  reason TEXT NOT NULL,
  outdated INTEGER NOT NULL DEFAULT 0,
  current_digest TEXT NOT NULL DEFAULT '',
  advice_json TEXT NOT NULL DEFAULT '',
  advised_ms INTEGER NOT NULL DEFAULT 0,
  announced_digest TEXT NOT NULL DEFAULT ''
);
CREATE INDEX image_bases_base ON image_bases(name, tag);
)sql";

}  // namespace drydock
