#pragma once
// Shared by the fuzz targets. Readers that take a path get the input through one file per process
// in memory-backed /dev/shm (or $TMPDIR), rewritten for every input and removed at exit.
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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

// Writes `size` bytes to `path` (created or truncated). Aborts on failure, as input_file.
inline void write_file(const std::string& path, const void* data, size_t size) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) std::abort();
  const auto* p = static_cast<const uint8_t*>(data);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = write(fd, p + done, size - done);
    if (n <= 0) std::abort();
    done += size_t(n);
  }
  close(fd);
}

// This process's own directory (for readers that take a directory: a model or adapter folder),
// "<dir>/tramontane-fuzz-<pid><suffix>/" in /dev/shm (or $TMPDIR), created empty at the first call
// and removed with everything in it at exit. Returns the path without a trailing '/'.
inline std::string temp_dir(const char* suffix) {
  const char* dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : (std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp");
  const std::string p = std::string(dir) + "/tramontane-fuzz-" + std::to_string(getpid()) + suffix;
  static std::string for_exit;
  if (for_exit.empty()) {
    for_exit = p;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(for_exit, ec);
    });
  } else if (for_exit != p) {
    std::abort();  // one directory per process
  }
  std::error_code ec;
  std::filesystem::remove_all(p, ec);
  if (!std::filesystem::create_directory(p, ec)) std::abort();
  return p;
}

// The bytes of a fixture file (the target's setup; abort when missing).
inline std::string slurp(const std::string& path) {
  const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    __builtin_printf("cannot read %s\n", path.c_str());
    std::abort();
  }
  std::string out;
  char buf[65536];
  for (ssize_t n; (n = read(fd, buf, sizeof buf)) > 0;) out.append(buf, size_t(n));
  close(fd);
  return out;
}

// With TRAMONTANE_FUZZ_VERBOSE=1 in the environment, prints what a target was told (an error
// message, "accepted"): to see what a seed reaches when running it alone. Silent otherwise.
inline void note(const std::string& what) {
  static const bool on = std::getenv("TRAMONTANE_FUZZ_VERBOSE") && std::string(std::getenv("TRAMONTANE_FUZZ_VERBOSE")) == "1";
  if (on) std::fprintf(stderr, "note: %s\n", what.c_str());
}

// A check of the fuzz target itself (e.g. a tensor range outside the map): a finding.
#define FUZZ_CHECK(cond)                                                              \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      __builtin_trap();                                                               \
    }                                                                                 \
  } while (0)

}  // namespace tramontane::fuzz
