#include "cli/progress_line.h"

#include <fmt/core.h>
#include <unistd.h>

#include <string>

namespace drydock {

bool ProgressLine::Wanted(bool quiet) { return !quiet && ::isatty(STDERR_FILENO) == 1; }

ProgressCallback ProgressLine::Callback() {
  return [this](const ScanProgress& p) {
    if (p.finished) return Erase();
    // "\r" + "erase line" (EL 2) redraws in place without leaving residue of a longer previous line.
    // A docker archive compressed as a whole is read before its manifest: the total is not known yet.
    std::string total =
        p.layers_total >= p.layers_done && p.layers_total > 0 ? std::to_string(p.layers_total) : "?";
    fmt::print(stderr, "\r\x1b[2Kdrydock: reading layers {}/{}, {:.1f} MiB", p.layers_done, total,
               static_cast<double>(p.bytes_read) / (1 << 20));
    std::fflush(stderr);
    drawn_ = true;
  };
}

void ProgressLine::Erase() {
  if (!drawn_) return;
  fmt::print(stderr, "\r\x1b[2K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace drydock
