// The progress line a scan shows on a terminal: redrawn in place on stderr, erased when the layers are read,
// so neither the report on stdout nor a CI log (stderr not a TTY) ever contains it.
#pragma once

#include <cstdio>

#include "drydock/options.h"

namespace drydock {

class ProgressLine {
 public:
  // True when stderr is a terminal and the user did not ask for --quiet.
  static bool Wanted(bool quiet);
  // Draws "drydock: reading layers 2/4, 45.2 MiB" over the previous line. The ProgressLine must outlive it.
  ProgressCallback Callback();
  // Clears the line when one was drawn; safe to call more than once.
  void Erase();

 private:
  bool drawn_ = false;
};

}  // namespace drydock
