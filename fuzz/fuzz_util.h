#pragma once
// Shared by the fuzz targets. Readers that take a path get the input through one file per process
// in memory-backed /dev/shm (or $TMPDIR), rewritten for every input and removed at exit.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>

namespace tramontane::fuzz {

// Writes the input to this process's file (its name ends with `suffix`, e.g. ".gguf") and
// returns the path. A failure to write is a broken machine, not a finding: abort loudly.
inline const std::string& input_file(const uint8_t* data, size_t size, const char* suffix) {
  static const std::string path = [suffix] {
    const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
    std::string p = std::string(dir) + "/tramontane-fuzz-" + std::to_string(getpid()) + suffix;
    static std::string for_exit = p;
    std::atexit([] { unlink(for_exit.c_str()); });
    return p;
  }();
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) std::abort();
  size_t done = 0;
  while (done < size) {
    const ssize_t n = write(fd, data + done, size - done);
    if (n <= 0) std::abort();
    done += size_t(n);
  }
  close(fd);
  return path;
}

// A check of the fuzz target itself (e.g. a tensor range outside the map): a finding.
#define FUZZ_CHECK(cond)                                                              \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      __builtin_printf("FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      __builtin_trap();                                                               \
    }                                                                                 \
  } while (0)

}  // namespace tramontane::fuzz
