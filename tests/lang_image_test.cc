// Language packages inside a real image: debian12-app's /app/venv holds four egg-info distributions (see
// images/debian12-app.txt); the dpkg-owned copies in /usr/lib/python3/dist-packages are dpkg's, not reported
// twice.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli_runner.h"

namespace drydock::e2e {
namespace {

using nlohmann::json;

TEST(LangImageTest, VenvPythonPackagesOnceWithTheirLayer) {
  auto result = RunDrydock("image " + TestData("images/debian12-app.docker.tar.gz") +
                           " --skip-db -q -f json --no-cache");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  json report = json::parse(result.out);
  std::set<std::string> rows, layers;
  for (const auto& p : report["packages"]) {
    if (p["ecosystem"] != "pypi") continue;
    rows.insert(p["name"].get<std::string>() + " " + p["version"].get<std::string>() + " " +
                p["path"].get<std::string>());
    layers.insert(p["layer_diff_id"].get<std::string>());
    EXPECT_FALSE(p["purl"].get<std::string>().starts_with("pkg:pypi/debian")) << p["purl"];
    if (p["name"] == "Jinja2") {
      EXPECT_EQ(p["id"], "pypi:jinja2@3.1.2");
      EXPECT_EQ(p["purl"], "pkg:pypi/jinja2@3.1.2");
    }
  }
  const std::string venv = "app/venv/lib/python3.11/site-packages/";
  // Names as the metadata spells them ("Jinja2"); ids and purls fold them (PEP 503, purl-spec).
  EXPECT_EQ(rows, (std::set<std::string>{"Jinja2 3.1.2 " + venv + "Jinja2-3.1.2.egg-info/PKG-INFO",
                                         "MarkupSafe 2.1.2 " + venv + "MarkupSafe-2.1.2.egg-info/PKG-INFO",
                                         "requests 2.28.1 " + venv + "requests-2.28.1.egg-info/PKG-INFO",
                                         "urllib3 1.26.12 " + venv + "urllib3-1.26.12.egg-info/PKG-INFO"}));
  ASSERT_EQ(layers.size(), 1u);  // one layer copied the venv in
  EXPECT_NE(*layers.begin(), report["artifact"]["layers"][0]["diff_id"].get<std::string>()) << "not the base layer";
}

}  // namespace
}  // namespace drydock::e2e
