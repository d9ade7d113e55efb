// kernels/api.h's fault injection, which `tramontane-cli selftest --backend cuda --faults` relies
// on (its cases count on "nth == 1 fails the next call"). The hooks run before any CUDA call, so
// this holds with or without a GPU: an injected failure is cudaErrorMemoryAllocation (2) with a
// null pointer; a call that is not injected gives whatever CUDA gives (success on a GPU, a
// "no device" error without one), never the injected result.
#include <QtTest>

#include "kernels/api.h"

using tramontane::kernels::FaultPoint;
namespace k = tramontane::kernels;

namespace {
constexpr int kOutOfMemory = 2;  // cudaErrorMemoryAllocation

// One malloc_device of 256 bytes: true when it was the injected failure.
bool malloc_injected() {
  void* p = reinterpret_cast<void*>(1);
  const int rc = k::malloc_device(&p, 256);
  if (rc == 0) {
    k::free_device(p);
    return false;
  }
  return rc == kOutOfMemory && p == nullptr;
}
}  // namespace

class TestFaultInjection : public QObject {
  Q_OBJECT

 private slots:
  void mallocCountdown() {
    const long calls = k::fault_calls(FaultPoint::Malloc);
    QVERIFY(!malloc_injected());  // disarmed
    k::fault_arm(FaultPoint::Malloc, 3);
    QVERIFY(!malloc_injected());
    QVERIFY(!malloc_injected());
    QVERIFY(malloc_injected());   // the third call from the arming
    QVERIFY(!malloc_injected());  // once only
    k::fault_arm(FaultPoint::Malloc, 1);
    QVERIFY(malloc_injected());   // 1: the next call
    k::fault_arm(FaultPoint::Malloc, 2);
    k::fault_arm(FaultPoint::Malloc, 0);  // disarmed before it fired
    QVERIFY(!malloc_injected());
    QVERIFY(!malloc_injected());
    QCOMPARE(k::fault_calls(FaultPoint::Malloc) - calls, 8L);
  }

  void syncCountsItsCalls() {
    const long syncs = k::fault_calls(FaultPoint::TrapAtSync);
    k::stream_sync(nullptr);
    k::stream_sync(nullptr);
    QCOMPARE(k::fault_calls(FaultPoint::TrapAtSync) - syncs, 2L);
  }
};

QTEST_GUILESS_MAIN(TestFaultInjection)
#include "test_fault_injection.moc"
