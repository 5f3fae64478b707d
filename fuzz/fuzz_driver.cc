// A standalone driver for LLVMFuzzerTestOneInput harnesses, for toolchains without libFuzzer: Debian 12's
// clang (14, 15) cannot compile libstdc++ 12's <expected>, and GCC has no libFuzzer. It replays every seed,
// then feeds deterministic mutations of them (bit flips, truncations, overwritten length fields, spliced and
// repeated chunks) for a bounded number of runs. Build with the asan preset so a memory error aborts.
// Usage: HARNESS [-runs=N] [-max_len=BYTES] SEED_FILE_OR_DIR...
// With a libFuzzer-capable clang the same harness files link against -fsanitize=fuzzer instead of this file.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::string Slurp(const std::filesystem::path& path, std::size_t max_len) {
  std::ifstream in(path, std::ios::binary);
  std::string bytes(max_len, '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(max_len));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return bytes;
}

void Run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
}

// One mutation of `seed`, chosen by `rng`; every kind keeps the input's structure mostly intact, so the parser
// gets past its magic checks and into the offsets and counts that hostile input attacks.
std::string Mutate(const std::string& seed, const std::vector<std::string>& seeds, std::mt19937_64& rng) {
  std::string s = seed;
  if (s.empty()) return std::string(1, static_cast<char>(rng()));
  auto at = [&] { return static_cast<std::size_t>(rng() % s.size()); };
  const int rounds = 1 + static_cast<int>(rng() % 4);
  for (int r = 0; r < rounds && !s.empty(); ++r) {
    switch (rng() % 7) {
      case 0: s[at()] ^= static_cast<char>(1u << (rng() % 8)); break;                 // flip a bit
      case 1: s.resize(at()); break;                                                  // truncate
      case 2: {                                                                       // a hostile 32-bit field
        static constexpr std::uint32_t kValues[] = {0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0, 16};
        std::uint32_t v = kValues[rng() % std::size(kValues)];
        std::size_t i = at();
        std::memcpy(s.data() + i, &v, std::min<std::size_t>(4, s.size() - i));
        break;
      }
      case 3: s[at()] = static_cast<char>(rng()); break;                              // random byte
      case 4: {                                                                       // repeat a chunk
        std::size_t i = at(), n = std::min<std::size_t>(1 + rng() % 64, s.size() - i);
        s.insert(at(), s.substr(i, n));
        break;
      }
      case 5: {                                                                       // splice another seed
        const std::string& other = seeds[rng() % seeds.size()];
        if (!other.empty()) s = s.substr(0, at()) + other.substr(rng() % other.size());
        break;
      }
      case 6: s.erase(at(), 1 + rng() % 16); break;                                   // delete a few bytes
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t runs = 10000, max_len = 8 << 20;
  std::vector<std::string> seeds;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg.starts_with("-runs=")) {
      runs = std::stoull(arg.substr(6));
    } else if (arg.starts_with("-max_len=")) {
      max_len = std::stoull(arg.substr(9));
    } else if (std::filesystem::is_directory(arg)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(arg)) {
        if (entry.is_regular_file()) seeds.push_back(Slurp(entry.path(), max_len));
      }
    } else {
      seeds.push_back(Slurp(arg, max_len));
    }
  }
  if (seeds.empty()) seeds.emplace_back();
  for (const std::string& seed : seeds) Run(seed);
  std::mt19937_64 rng(20261202);
  for (std::size_t i = 0; i < runs; ++i) Run(Mutate(seeds[i % seeds.size()], seeds, rng));
  std::printf("%zu seeds, %zu mutated inputs: no crash\n", seeds.size(), runs);
  return 0;
}
