#include "test_images.h"

#include "cli_runner.h"

namespace drydock::e2e {

std::string MakeAlpine34Image() {
  static const std::string image = [] {
    std::string dir = TempDirectory() + "/alpine34";
    Shell("rm -rf " + dir + " && mkdir -p " + dir + "/root/lib/apk/db " + dir + "/root/etc && cd " + dir +
          " && cp " + TestData("aquasecurity+trivy/pkg/fanal/analyzer/pkg/apk/testdata/apk") +
          " root/lib/apk/db/installed && printf '3.4.6\\n' > root/etc/alpine-release"
          " && tar --owner=0 --group=0 -cf layer.tar -C root etc lib"
          " && diff=$(sha256sum layer.tar | cut -d' ' -f1)"
          " && printf '{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":"
          "[\"sha256:%s\"]}}' $diff > config.json"
          " && printf '[{\"Config\":\"config.json\",\"RepoTags\":[\"alpine34:test\"],\"Layers\":[\"layer.tar\"]}]'"
          " > manifest.json && tar -cf image.tar manifest.json config.json layer.tar");
    return dir + "/image.tar";
  }();
  return image;
}

}  // namespace drydock::e2e
