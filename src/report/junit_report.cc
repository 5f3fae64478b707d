// JUnit XML for CI test dashboards: one testsuite per artifact, one testcase per package, a <failure> listing
// the findings (after --severity / --ignore-unfixed / policy filters) of a package that has any.
#include <pugixml.hpp>

#include <map>
#include <vector>

#include "report/report.h"
#include "report/report_common.h"

namespace drydock {
namespace {

// XML 1.0 cannot carry most control characters even escaped; image metadata may hold them.
std::string XmlText(std::string text) {
  for (char& c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 && u != '\t' && u != '\n' && u != '\r') c = '?';
  }
  return text;
}

}  // namespace

void WriteJunitReport(const ScanReport& report, std::ostream& out) {
  std::map<std::string_view, std::vector<const Finding*>> by_package;
  for (const Finding& f : report.vulnerabilities) by_package[f.package_id].push_back(&f);

  pugi::xml_document doc;
  auto declaration = doc.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
  auto suites = doc.append_child("testsuites");
  suites.append_attribute("name") = std::string(kToolName).c_str();
  auto suite = suites.append_child("testsuite");
  suite.append_attribute("name") = XmlText(report.artifact.name).c_str();
  suite.append_attribute("timestamp") = ReportTimestamp(report).c_str();
  std::size_t failures = 0;
  for (const Package& p : report.packages) {
    auto testcase = suite.append_child("testcase");
    testcase.append_attribute("classname") = XmlText(fmt::format("{}.{}", report.artifact.name, p.ecosystem)).c_str();
    testcase.append_attribute("name") = XmlText(fmt::format("{}@{}", p.name, p.version)).c_str();
    testcase.append_attribute("file") = XmlText(p.path).c_str();
    auto found = by_package.find(p.id);
    if (found == by_package.end()) continue;
    ++failures;
    std::string text;
    for (const Finding* f : found->second) {
      text += fmt::format("{} [{}] {} installed {}, {}\n", f->id, f->severity, f->title, f->installed_version,
                          f->fixed_version.empty() ? "no fix yet" : "fixed in " + f->fixed_version);
    }
    auto failure = testcase.append_child("failure");
    failure.append_attribute("type") = "vulnerability";
    failure.append_attribute("message") =
        XmlText(fmt::format("{} vulnerabilit{} in {} {}", found->second.size(), found->second.size() == 1 ? "y" : "ies",
                    p.name, p.version)).c_str();
    failure.append_child(pugi::node_pcdata).set_value(XmlText(text).c_str());
  }
  for (auto* node : {&suites, &suite}) {
    node->append_attribute("tests") = report.packages.size();
    node->append_attribute("failures") = failures;
    node->append_attribute("errors") = report.errors.size();
  }
  if (!report.errors.empty()) {
    std::string text;
    for (const ScanError& e : report.errors) text += fmt::format("[{}] {} {}\n", e.stage, e.path, e.message);
    suite.append_child("system-err").append_child(pugi::node_pcdata).set_value(XmlText(text).c_str());
  }
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
}

}  // namespace drydock
