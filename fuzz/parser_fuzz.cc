// One harness for every pure parser that takes bytes: CMake builds it once per parser, naming the function
// (DRYDOCK_FUZZ_ENTRY) and its header (DRYDOCK_FUZZ_HEADER), so each binary and each crash names one parser.
// A parser may return an error for anything; it may not crash, leak or read out of bounds.
#include <cstdint>
#include <string_view>

#include DRYDOCK_FUZZ_HEADER

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto result = drydock::DRYDOCK_FUZZ_ENTRY(std::string_view(reinterpret_cast<const char*>(data), size));
  (void)result;
  return 0;
}
