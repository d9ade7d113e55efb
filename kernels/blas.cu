// Matrix products through cuBLAS for prefill and batches: y[t, r] = sum_c W[r, c] x[t, c].
//
// Row-major W [rows, cols] is column-major W^T, so in cuBLAS's column-major terms
//   Y^T (rows x n) = op_T(W_cm (cols x rows, ld cols)) * X^T (cols x n, ld cols),
// and Y^T column-major with ld rows is y row-major [n, rows].
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <new>

#include "kernels/api.h"
#include "kernels/common.cuh"

namespace tramontane::kernels {

namespace {

constexpr size_t kWorkspaceBytes = size_t(32) << 20;  // cuBLAS's recommendation for Hopper

struct BlasState {
  cublasHandle_t handle = nullptr;
  void* workspace = nullptr;
};

int blas_status(cublasStatus_t st) { return st == CUBLAS_STATUS_SUCCESS ? 0 : kCublasErrorBase + int(st); }

}  // namespace

int blas_create(Blas* out, Stream s) {
  *out = nullptr;
  auto* b = new (std::nothrow) BlasState;
  if (!b) return int(cudaErrorMemoryAllocation);
  int rc = blas_status(cublasCreate(&b->handle));
  if (rc == 0) rc = int(cudaMalloc(&b->workspace, kWorkspaceBytes));
  if (rc == 0) rc = blas_status(cublasSetWorkspace(b->handle, b->workspace, kWorkspaceBytes));
  if (rc == 0) rc = blas_status(cublasSetStream(b->handle, stream(s)));
  // Float32 products stay float32 (no TF32): the F32 path is the exact one.
  if (rc == 0) rc = blas_status(cublasSetMathMode(b->handle, CUBLAS_DEFAULT_MATH));
  if (rc != 0) {
    blas_destroy(b);
    return rc;
  }
  *out = b;
  return 0;
}

int blas_destroy(Blas handle) {
  auto* b = static_cast<BlasState*>(handle);
  if (!b) return 0;
  if (b->handle) cublasDestroy(b->handle);
  if (b->workspace) cudaFree(b->workspace);
  delete b;
  return 0;
}

int gemm(Blas handle, WType t, const void* w, int64_t rows, int64_t cols, const float* x, int64_t n_tokens, float* y,
         void* x16, void* w16, Stream s) {
  auto* b = static_cast<BlasState*>(handle);
  if (n_tokens <= 0 || rows <= 0) return 0;
  if (rows > INT32_MAX || cols > INT32_MAX || n_tokens > INT32_MAX) return int(cudaErrorInvalidValue);
  int rc = blas_status(cublasSetStream(b->handle, stream(s)));
  if (rc != 0) return rc;
  const int m = int(rows), n = int(n_tokens), k = int(cols);
  const float alpha = 1.0f, beta = 0.0f;
  if (t == WType::F32)
    return blas_status(cublasSgemm(b->handle, CUBLAS_OP_T, CUBLAS_OP_N, m, n, k, &alpha, static_cast<const float*>(w),
                                   k, x, k, &beta, y, m));

  cudaDataType_t type = CUDA_R_16F;
  const void* a = w;
  if (t == WType::BF16) {
    type = CUDA_R_16BF;
    rc = f32_to_bf16(x, n_tokens * cols, x16, s);
  } else {
    if (t != WType::F16) {  // quantized: exact values, rounded to float16, then as F16
      rc = dequant_rows(t, w, cols, nullptr, rows, w16, true, s);
      if (rc != 0) return rc;
      a = w16;
    }
    rc = f32_to_f16(x, n_tokens * cols, x16, s);
  }
  if (rc != 0) return rc;
  return blas_status(cublasGemmEx(b->handle, CUBLAS_OP_T, CUBLAS_OP_N, m, n, k, &alpha, a, type, k, x16, type, k, &beta,
                                  y, CUDA_R_32F, m, CUBLAS_COMPUTE_32F, CUBLAS_GEMM_DEFAULT));
}

}  // namespace tramontane::kernels
