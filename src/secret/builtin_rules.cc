// The rule database compiled at build time (compile_rules_main.cc writes DRYDOCK_SECRET_RULES_FILE), linked in
// as read-only bytes with the assembler's .incbin: GCC 12 has no #embed, and a generated array of 300 KB would
// be slow to compile. A compiler cache hashes this file and its headers, not what .incbin reads: the digest
// header, rewritten with the database, changes what it hashes.
#include "secret/rules_database.h"
#include "secret_rules_digest.h"  // generated beside the database; defines DRYDOCK_SECRET_RULES_SHA256

#ifndef DRYDOCK_SECRET_RULES_FILE
#error "DRYDOCK_SECRET_RULES_FILE must name the compiled rules (see src/secret/CMakeLists.txt)"
#endif

asm(".section .rodata.drydock_secret_rules,\"a\"\n"
    ".balign 16\n"
    ".globl drydock_secret_rules_begin\n"
    ".hidden drydock_secret_rules_begin\n"
    "drydock_secret_rules_begin:\n"
    ".incbin \"" DRYDOCK_SECRET_RULES_FILE "\"\n"
    ".globl drydock_secret_rules_end\n"
    ".hidden drydock_secret_rules_end\n"
    "drydock_secret_rules_end:\n"
    ".ascii \"sha256:" DRYDOCK_SECRET_RULES_SHA256 "\"\n"  // also keeps a compiler cache honest (see above)
    ".previous\n");

extern "C" const char drydock_secret_rules_begin[];
extern "C" const char drydock_secret_rules_end[];

namespace drydock {

std::string_view BuiltInRulesBytes() {
  return std::string_view(drydock_secret_rules_begin,
                          static_cast<std::size_t>(drydock_secret_rules_end - drydock_secret_rules_begin));
}

}  // namespace drydock
