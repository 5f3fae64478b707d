// Image sources: a target string -> the image's manifest facts, with every layer blob streamed once to a
// visitor and verified (blob digest and size against the manifest, diff_id against the config).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "drydock/error.h"
#include "drydock/options.h"
#include "drydock/report.h"
#include "source/archive_index.h"
#include "source/byte_reader.h"
#include "source/walk_threads.h"

namespace drydock {

struct ImageLayer {
  std::string digest;      // "sha256:..." as the manifest names the blob (docker archives: the diff_id)
  std::string diff_id;     // "sha256:..." from the config's rootfs.diff_ids
  std::string media_type;  // empty for docker archives
  std::string created_by;  // the history step that made it, when the config says
  std::string blob_path;   // where the blob lives in its store ("blobs/sha256/..", "<id>/layer.tar")
};

struct Image {
  std::string name;             // what the user asked for, or the tag found in the archive
  std::string manifest_digest;  // empty for legacy docker archives, which have no manifest blob
  std::string config_digest;
  std::string os, architecture;
  std::vector<ImageLayer> layers;  // base first
  ImageConfigFacts config;         // from the config's "config" object; env values dropped
  // Kept out of the report: raw "NAME=value" env entries and every history step's created_by (empty layers
  // included), for the secret scan and the configuration checks.
  std::vector<std::string> env;
  std::vector<std::string> history;
  // The manifest's annotations (org.opencontainers.image.base.name, ...); empty for legacy docker archives.
  std::map<std::string, std::string> annotations;
  // In-toto statements attached to this manifest in its image index (BuildKit's attestation manifest), JSON
  // text; attestation_error says why they could not be read (the image itself still scans).
  std::vector<std::string> attestations;
  std::string attestation_error;
};

// Consumes one layer blob and returns the sha256 hex of its uncompressed tar (the diff_id, unprefixed).
// Called at most once per distinct blob, possibly from several threads at once.
using LayerVisitor = std::function<Result<std::string>(const ImageLayer& layer, ByteReader& blob)>;

// target: "PATH.tar", "PATH.tar.gz" (docker save, legacy or OCI-in-docker), "oci:DIR[:tag]", "oci:FILE.tar[:tag]".
// Visits every layer, then verifies digests; any mismatch fails the whole walk with the layer named.
Result<Image> WalkImage(const std::string& target, const LayerVisitor& visit, std::size_t max_threads);
// As above; a target that is not an existing path and parses as a registry reference ("alpine:3.19",
// "host:port/repo:tag", "repo@sha256:...") is pulled from its registry with `registry`'s settings.
Result<Image> WalkImage(const std::string& target, const RegistryOptions& registry, const LayerVisitor& visit,
                        std::size_t max_threads);

// Asked once per layer, after the manifest and config are read and verified, before any blob is read. A layer
// it returns true for is neither read nor verified: its results come from elsewhere (the layer cache, which only
// holds results of layers whose diff_id was verified when they were read). Its diff_id still comes from the
// verified config. Stores that must stream every blob while indexing (a docker archive compressed as a whole)
// visit every layer anyway.
// `memo`, for a local archive file: when it remembers this unchanged file and every layer is cached, the
// archive is not read at all (see ArchiveIndexMemo); after a full read, what indexing learned is stored in it.
using LayerSkip = std::function<bool(const ImageLayer& layer)>;
Result<Image> WalkImage(const std::string& target, const RegistryOptions& registry, const LayerVisitor& visit,
                        std::size_t max_threads, const LayerSkip& skip, const ArchiveIndexMemo* memo = nullptr);
// As above, within `threads`: layer walkers (when the store can open blobs independently) and the inflate-ahead
// helper of an archive compressed as a whole each take a slot from it. A visitor that starts threads of its own
// (WalkLayer's inflate-ahead helpers) takes them from the same `threads`, so the walk never runs more than
// threads.total() at once.
Result<Image> WalkImage(const std::string& target, const RegistryOptions& registry, const LayerVisitor& visit,
                        WalkThreads& threads, const LayerSkip& skip, const ArchiveIndexMemo* memo = nullptr);

}  // namespace drydock
