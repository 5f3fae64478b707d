// Issue 18's hostile inputs through the CLI, each built here at test time (the big ones generated, never
// committed): a clear error or a correct result, never a crash, a hang or a silent change.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

std::string Write(const std::string& name, const std::string& bytes) {
  std::string path = TempDirectory() + "/" + name;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string Deep(std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); }

void ExpectRefused(const std::string& args, const std::string& words) {
  auto result = RunDrydock(args);
  EXPECT_EQ(result.exit_code, 3) << args << "\n" << result.err;
  EXPECT_NE(result.err.find(words), std::string::npos) << args << "\n" << result.err;
}

// 1e6 levels of nesting crashed (SIGSEGV) every one of these readers.
TEST(HostileFilesTest, MillionDeepJsonIsAClearErrorEverywhere) {
  const std::string bomb = Deep(1'000'000);
  const std::string layout = TempDirectory() + "/deep-oci";
  Write("deep-oci/oci-layout", R"({"imageLayoutVersion": "1.0.0"})");
  Write("deep-oci/index.json", R"({"schemaVersion": 2, "manifests": )" + bomb + "}");
  ExpectRefused("image oci:" + layout + " --skip-db", "index.json: JSON nested deeper than 128 levels");

  Shell("cd " + TempDirectory() + " && mkdir -p deep-docker && cd deep-docker && printf '%s' '" +
        std::string(200, '[') + "' > manifest.json && tar -cf ../deep-docker.tar manifest.json");
  ExpectRefused("image " + TempDirectory() + "/deep-docker.tar --skip-db", "manifest.json: JSON nested deeper");

  const std::string sbom = Write("deep.cdx.json", R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "metadata": )" +
                                                      std::string(1'000'000, '{') + "}");
  ExpectRefused("sbom " + sbom + " --skip-db", "nested deeper than 128 levels");
  std::string components = R"({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": [)";
  for (int i = 0; i < 100'000; ++i) components += R"({"type": "library", "name": "x", "components": [)";
  ExpectRefused("sbom " + Write("nested.cdx.json", components) + " --skip-db", "nested deeper than");

  const std::string image = TestData("aquasecurity+trivy/pkg/fanal/test/testdata/alpine-310.tar.gz");
  const std::string openvex = Write("deep.openvex.json", R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": )" + bomb + "}");
  ExpectRefused("image " + image + " --skip-db --vex " + openvex, "JSON nested deeper");
  const std::string cdx_vex = Write("deep.vex.cdx.json", R"({"bomFormat": "CycloneDX", "vulnerabilities": )" + bomb + "}");
  ExpectRefused("image " + image + " --skip-db --vex " + cdx_vex, "JSON nested deeper");
}

// An OCI directory whose index.json is a symlink to a host file: not followed out of the layout.
TEST(HostileFilesTest, OciIndexSymlinkToAHostFileIsNotRead) {
  const std::string layout = TempDirectory() + "/symlink-oci";
  Write("symlink-oci/oci-layout", R"({"imageLayoutVersion": "1.0.0"})");
  std::filesystem::create_symlink("/etc/hostname", layout + "/index.json");
  ExpectRefused("image oci:" + layout + " --skip-db", "index.json: a symbolic link; not followed out of the layout");
  // A symlinked blobs/ directory is refused the same way, one component at a time.
  const std::string copy = TempDirectory() + "/symlink-blobs";
  Shell("mkdir -p " + copy + " && cp -r " + TestData("google+go-containerregistry/pkg/v1/layout/testdata/test_index") +
        "/index.json " + copy + "/ && ln -s " + TestData("google+go-containerregistry/pkg/v1/layout/testdata/test_index") +
        "/blobs " + copy + "/blobs");
  ExpectRefused("image oci:" + copy + ":1 --skip-db", "a symbolic link; not followed");
}

// A layer whose apk database is a hard link: to a target the walk did not keep (a store path no cataloger
// reads, as pnpm stores are), or to a target missing from the layer. Both used to drop every package silently.
TEST(HostileFilesTest, HardLinkToAnUnkeptOrMissingTargetIsReported) {
  const std::string apk_db = TestData("aquasecurity+trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk");
  Shell("cd " + TempDirectory() + " && rm -rf hl && mkdir -p hl && cd hl && python3 - " + apk_db + R"( <<'PY'
import hashlib, io, json, sys, tarfile
db = open(sys.argv[1], 'rb').read()
def image(name, members):
    layer = io.BytesIO()
    with tarfile.open(fileobj=layer, mode='w', format=tarfile.GNU_FORMAT) as t:
        for kind, path, arg in members:
            info = tarfile.TarInfo(path)
            if kind == 'file':
                info.size = len(arg); t.addfile(info, io.BytesIO(arg))
            else:
                info.type = tarfile.LNKTYPE; info.linkname = arg; t.addfile(info)
    data = layer.getvalue()
    config = json.dumps({"architecture": "amd64", "os": "linux",
                         "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(data).hexdigest()]}}).encode()
    manifest = json.dumps([{"Config": "config.json", "RepoTags": [name + ":t"], "Layers": ["layer.tar"]}]).encode()
    with tarfile.open(name + '.tar', 'w') as t:
        for n, b in (("manifest.json", manifest), ("config.json", config), ("layer.tar", data)):
            info = tarfile.TarInfo(n); info.size = len(b); t.addfile(info, io.BytesIO(b))
release = b'3.4.6\n'
image('unkept', [('file', 'etc/alpine-release', release), ('file', 'store/v3/files/ab/cdef', db),
                 ('link', 'lib/apk/db/installed', 'store/v3/files/ab/cdef')])
image('missing', [('file', 'etc/alpine-release', release), ('link', 'lib/apk/db/installed', 'store/gone')])
PY)");
  for (const char* name : {"unkept", "missing"}) {
    auto result = RunDrydock("image " + TempDirectory() + "/hl/" + std::string(name) + ".tar --skip-db -f json");
    ASSERT_EQ(result.exit_code, 0) << result.err;
    json report = json::parse(result.out);
    json reported;
    for (const json& e : report["errors"]) {
      if (e["path"] == "lib/apk/db/installed") reported = e;
    }
    ASSERT_TRUE(reported.is_object()) << name << ": " << report["errors"].dump();
    EXPECT_NE(reported["message"].get<std::string>().find("hard link to store/"), std::string::npos) << reported.dump();
  }
}

// A pnpm install: node_modules/.pnpm/<pkg>/node_modules/<pkg>/package.json is a hard link into the content-addressed
// store (<store>/v3/files/XX/HASH). When the store sorts first in the tar, the store file carries the bytes and the
// package.json is the link, to a path no cataloger reads: lodash 4.17.15 vanished. The package.json is the real one
// from the debian12-app image (npm install lodash@4.17.15), under pnpm's layout; a store file that is not JSON
// (lodash.js) is not kept.
TEST(HostileFilesTest, PnpmStoreHardLinkKeepsThePackage) {
  Shell("cd " + TempDirectory() + " && rm -rf pnpm && mkdir -p pnpm && cd pnpm && python3 - " +
        TestData("images/debian12-app.oci.tar") + R"( <<'PY'
import hashlib, io, json, sys, tarfile
with tarfile.open(sys.argv[1]) as image:
    blob = lambda digest: image.extractfile('blobs/sha256/' + digest.split(':')[1])
    index = json.load(image.extractfile('index.json'))
    manifest = json.load(blob(index['manifests'][0]['digest']))
    lodash = None
    for layer in reversed(manifest['layers']):  # the app layer is near the top: stream from there
        with tarfile.open(fileobj=blob(layer['digest']), mode='r|gz') as t:
            for member in t:
                if member.name.lstrip('./') == 'app/web/node_modules/lodash/package.json':
                    lodash = t.extractfile(member).read()
                    break
        if lodash:
            break
assert json.loads(lodash)['version'] == '4.17.15'
store = 'root/.local/share/pnpm/store/v3/files/'
layer = io.BytesIO()
with tarfile.open(fileobj=layer, mode='w', format=tarfile.GNU_FORMAT) as t:
    def add(path, data=None, link=None):
        info = tarfile.TarInfo(path)
        if link:
            info.type = tarfile.LNKTYPE; info.linkname = link; t.addfile(info)
        else:
            info.size = len(data); t.addfile(info, io.BytesIO(data))
    js = b'module.exports = {};\n'
    add('app/package.json', b'{"name": "app", "version": "1.0.0", "dependencies": {"lodash": "4.17.15"}}')
    add(store + '0f/' + hashlib.sha512(js).hexdigest()[2:], js)
    add(store + '3c/' + hashlib.sha512(lodash).hexdigest()[2:], lodash)
    add('app/node_modules/.pnpm/lodash@4.17.15/node_modules/lodash/package.json',
        link=store + '3c/' + hashlib.sha512(lodash).hexdigest()[2:])
    add('app/node_modules/.pnpm/lodash@4.17.15/node_modules/lodash/lodash.js',
        link=store + '0f/' + hashlib.sha512(js).hexdigest()[2:])
data = layer.getvalue()
config = json.dumps({"architecture": "amd64", "os": "linux",
                     "rootfs": {"type": "layers", "diff_ids": ["sha256:" + hashlib.sha256(data).hexdigest()]}}).encode()
out_manifest = json.dumps([{"Config": "config.json", "RepoTags": ["pnpm:t"], "Layers": ["layer.tar"]}]).encode()
with tarfile.open('pnpm.tar', 'w') as t:
    for n, b in (("manifest.json", out_manifest), ("config.json", config), ("layer.tar", data)):
        info = tarfile.TarInfo(n); info.size = len(b); t.addfile(info, io.BytesIO(b))
PY)");
  auto result = RunDrydock("image " + TempDirectory() + "/pnpm/pnpm.tar --skip-db -f json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json report = json::parse(result.out);
  json lodash;
  for (const json& p : report["packages"]) {
    if (p["name"] == "lodash") lodash = p;
  }
  ASSERT_TRUE(lodash.is_object()) << report["packages"].dump() << report["errors"].dump();
  EXPECT_EQ(lodash["version"], "4.17.15");
  EXPECT_EQ(lodash["path"], "app/node_modules/.pnpm/lodash@4.17.15/node_modules/lodash/package.json");
  for (const json& e : report["errors"]) {
    EXPECT_EQ(e["message"].get<std::string>().find("hard link"), std::string::npos) << e.dump();
  }
}

}  // namespace
}  // namespace drydock::e2e
