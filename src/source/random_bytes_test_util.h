// Test inputs: `n` bytes that do not compress and that a test run sees again (a fixed seed).
#pragma once

#include <cstddef>
#include <random>
#include <string>

namespace drydock {

inline std::string RandomBytes(std::size_t n) {
  std::mt19937 rng(42);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng());
  return out;
}

}  // namespace drydock
