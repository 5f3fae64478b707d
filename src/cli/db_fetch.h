// The flags db build --fetch and db update (without a mirror) share, and the run they share: fetch every
// selected feed, print one summary line per source, build the DB (and its .zst artifact) unless a source is
// missing and --allow-partial was not given.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace drydock {

struct FetchFlags {
  std::vector<std::string> sources;      // "all", "osv", "osv:PyPI", ...; split on commas
  std::vector<std::string> source_urls;  // NAME=URL
  std::vector<std::string> max_bytes;    // NAME=BYTES
  std::string cache_dir;
  bool allow_partial = false;
};

void AddFetchFlags(CLI::App& app, FetchFlags& flags);

// Fetches and builds `output`; returns the exit code (messages on stderr).
int FetchAndBuildDb(const FetchFlags& flags, const std::string& output);

}  // namespace drydock
