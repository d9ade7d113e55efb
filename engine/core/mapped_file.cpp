#include "engine/core/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <optional>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tramontane {

namespace {
Error io_error(const std::string& path, const char* what) {
  return Error{ErrorKind::BadInput, path + ": " + what + ": " + std::strerror(errno)};
}

struct Fd {
  int fd = -1;
  ~Fd() { if (fd >= 0) ::close(fd); }
};

// Opens `path` read-only into `f` and fills `st`; refuses anything but a regular file (a FIFO or
// a device would block or never end).
std::optional<Error> open_regular(const std::string& path, Fd& f, struct stat& st) {
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) return io_error(path, "cannot open");
  if (::fstat(f.fd, &st) != 0) return io_error(path, "cannot stat");
  if (!S_ISREG(st.st_mode)) return Error{ErrorKind::BadInput, path + ": not a regular file"};
  return std::nullopt;
}
}  // namespace

Expected<std::shared_ptr<MappedFile>> MappedFile::open(const std::string& path) {
  Fd f;
  struct stat st {};
  if (auto err = open_regular(path, f, st)) return *err;
  std::shared_ptr<MappedFile> m(new MappedFile());
  m->path_ = path;
  m->size_ = uint64_t(st.st_size);
  if (m->size_ > 0) {
    void* p = ::mmap(nullptr, m->size_, PROT_READ, MAP_PRIVATE, f.fd, 0);
    if (p == MAP_FAILED) return io_error(path, "cannot map");
    m->data_ = static_cast<const uint8_t*>(p);
  }
  return m;
}

MappedFile::~MappedFile() {
  if (data_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

Expected<std::string> read_text_file(const std::string& path, uint64_t max_bytes) {
  Fd f;
  struct stat st {};
  if (auto err = open_regular(path, f, st)) return *err;
  if (uint64_t(st.st_size) > max_bytes)
    return Error{ErrorKind::BadInput, path + ": file is " + std::to_string(st.st_size) +
                                          " bytes, more than the limit of " + std::to_string(max_bytes)};
  std::string out(size_t(st.st_size), '\0');
  size_t got = 0;
  while (got < out.size()) {
    ssize_t n = ::read(f.fd, out.data() + got, out.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error(path, "cannot read");
    }
    if (n == 0) break;
    got += size_t(n);
  }
  out.resize(got);
  return out;
}

}  // namespace tramontane
