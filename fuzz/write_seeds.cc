// Writes the seeds that must agree with code: the cache codecs' with the real encoders, so each seed is
// exactly what a scan stores, and the image harnesses' with the digests of the blobs fuzz/adapters.h serves.
//   write_seeds DIR  ->  DIR/archive_index_fuzz/index.cbor, DIR/parsed_codec_fuzz/{packages,error}.cbor,
//                        DIR/layer_codec_fuzz/layer.bin,
//                        DIR/{oci_index,image_manifest,docker_manifest}_fuzz/...
// The values are small and made up (a docker-save archive's members, a dpkg parse, a layer's captured files),
// but reach every field of each format. Built with the fuzz harnesses (build-fuzz/fuzz/write_seeds
// fuzz/seeds); run by hand when a codec or adapters.h's image changes.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters.h"
#include "cache/layer_codec.h"
#include "cache/parsed_codec.h"
#include "source/archive_index.h"

namespace fs = std::filesystem;
using namespace drydock;

namespace {

void Write(const fs::path& dir, const char* harness, const char* name, const std::string& bytes) {
  fs::create_directories(dir / harness);
  std::ofstream(dir / harness / name, std::ios::binary) << bytes;
  std::printf("%s/%s: %zu bytes\n", harness, name, bytes.size());
}

ParsedPackages DpkgParse() {
  ParsedPackages parsed;
  Package libc;
  libc.id = "deb:libc6@2.36-9+deb12u4:amd64";
  libc.name = "libc6";
  libc.version = "2.36-9+deb12u4";
  libc.ecosystem = "deb";
  libc.source_name = "glibc";
  libc.arch = "amd64";
  libc.purl = "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4?arch=amd64";
  libc.licenses = {"LGPL-2.1", "GPL-2.0"};
  libc.layer_diff_id = "sha256:a1a1";
  libc.path = "var/lib/dpkg/status";
  Package lodash;
  lodash.name = "lodash";
  lodash.version = "4.17.15";
  lodash.ecosystem = "npm";
  lodash.dev = true;
  lodash.base = true;
  parsed.packages = {libc, lodash};
  parsed.skipped = {"record at line 12: package foo: no Version"};
  parsed.states_dev = true;
  parsed.owned_files = {"lib/x86_64-linux-gnu/libc.so.6", "usr/share/doc/libc6/copyright"};
  return parsed;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const fs::path dir = argv[1];

  ArchiveIndex index;
  index.compressed = true;
  index.members = {{"manifest.json", 187}, {"blobs/sha256/a1a1", 10240}, {"big.tar", -1}};
  index.small = {{"manifest.json",
                  R"([{"Config":"blobs/sha256/c0","RepoTags":["app:1"],"Layers":["blobs/sha256/a1a1"]}])"},
                 {"blobs/sha256/c0", std::string("{\"rootfs\":{\"diff_ids\":[]}}\0\xff", 29)}};
  index.links = {{"layer.tar", "blobs/sha256/a1a1"}};
  index.diff_ids = {"sha256:a1a1", "sha256:b2b2"};
  Write(dir, "archive_index_fuzz", "index.cbor", EncodeArchiveIndex(index));

  Write(dir, "parsed_codec_fuzz", "packages.cbor", EncodeParsedPackages(DpkgParse()));
  Write(dir, "parsed_codec_fuzz", "error.cbor", EncodeParsedPackages(Fail("not a dpkg status file")));

  LayerFiles layer;
  layer.files["var/lib/dpkg/status"].data =
      "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\n\n";
  layer.files["usr/lib/os-release"] = {CapturedFile::Kind::kSymlink, "etc/os-release", {}};
  layer.files["app/copy.json"] = {CapturedFile::Kind::kHardlink, "app/package.json", {}};
  layer.files["usr/local/bin/app"].parsed = {{"go", EncodeParsedPackages(DpkgParse())}};
  layer.files["usr/local/bin/app"].bytes_dropped = true;
  layer.whiteouts = {"opt/old"};
  layer.opaque_dirs = {"srv"};
  layer.issues = {{"../escape", "path climbs out of the layer"}};
  layer.entries = 42;
  layer.uncompressed_bytes = 1234;
  Write(dir, "layer_codec_fuzz", "layer.bin", EncodeLayerFiles(layer));

  const std::string manifest = FuzzManifest();
  const nlohmann::json oci_index = {{"schemaVersion", 2},
                                    {"mediaType", "application/vnd.oci.image.index.v1+json"},
                                    {"manifests",
                                     {{{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                                       {"digest", "sha256:" + Sha256::HexOf(manifest)},
                                       {"size", manifest.size()},
                                       {"annotations", {{"org.opencontainers.image.ref.name", "latest"}}},
                                       {"platform", {{"architecture", "amd64"}, {"os", "linux"}}}}}}};
  Write(dir, "oci_index_fuzz", "index-to-manifest.json", oci_index.dump());
  Write(dir, "image_manifest_fuzz", "manifest-with-config.json", manifest);
  const nlohmann::json docker = {
      {{"Config", "config.json"}, {"RepoTags", {"app:1"}}, {"Layers", {"layer.tar"}}}};
  Write(dir, "docker_manifest_fuzz", "manifest-with-config.json", docker.dump());
  return 0;
}
