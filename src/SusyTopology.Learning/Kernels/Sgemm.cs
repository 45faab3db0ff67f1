using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SusyTopology.Learning.Kernels;

/// <summary>
/// Single-precision general matrix multiply on row-major dense matrices: <c>C[M,N] (+)= A[M,K] · B[K,N]</c>.
/// Every layer of the network (forward, input gradient, weight gradient) is expressed as this one "NN" product
/// after a cheap transpose, so one well-tuned kernel serves them all.
/// </summary>
/// <remarks>
/// Blocking: K is cut into panels of <see cref="KPanel"/> so the active rows of B stay in L1/L2 while a 4×16
/// register tile of C accumulates in eight <see cref="Vector256{T}"/> registers (4 broadcasts + 2 loads per
/// 8 fused multiply-adds). AVX-512 machines get a 4×32 tile of <see cref="Vector512{T}"/>. Edges and machines
/// without SIMD fall back to scalar code with the same summation order per element within a K panel.
/// </remarks>
public static class Sgemm
{
    /// <summary>K panel length: 256 rows of B × up to 256 columns is 256 KiB, the L2 working set.</summary>
    private const int KPanel = 256;

    /// <summary>Computes <c>C = A·B</c> (or <c>C += A·B</c> when <paramref name="accumulate"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (a.Length < m * k) throw new ArgumentException($"A needs {m}×{k} elements, has {a.Length}.", nameof(a));
        if (b.Length < k * n) throw new ArgumentException($"B needs {k}×{n} elements, has {b.Length}.", nameof(b));
        if (c.Length < m * n) throw new ArgumentException($"C needs {m}×{n} elements, has {c.Length}.", nameof(c));
        if (!accumulate) c[..(m * n)].Clear();
        if (m == 0 || n == 0 || k == 0) return;

        unsafe
        {
            fixed (float* pa = a, pb = b, pc = c)
            {
                for (var k0 = 0; k0 < k; k0 += KPanel)
                {
                    var kc = Math.Min(KPanel, k - k0);
                    Panel(pa + k0, k, pb + (long)k0 * n, pc, m, kc, n);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Panel(float* a, int lda, float* b, float* c, int m, int kc, int n)
    {
        if (n == 1)
        {
            // A single output column (the logit layer): B is one contiguous vector, so each row is a dot product.
            var column = new ReadOnlySpan<float>(b, kc);
            for (var row = 0; row < m; row++) c[row] += System.Numerics.Tensors.TensorPrimitives.Dot(new ReadOnlySpan<float>(a + (long)row * lda, kc), column);
            return;
        }
        var i = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            for (; i + 4 <= m; i += 4)
            {
                var j = 0;
                for (; j + 32 <= n; j += 32) Tile4x32(a + (long)i * lda, lda, b + j, n, c + (long)i * n + j, n, kc);
                for (; j + 16 <= n; j += 16) Tile4x16(a + (long)i * lda, lda, b + j, n, c + (long)i * n + j, n, kc);
                if (j < n) ScalarBlock(a + (long)i * lda, lda, b, n, c + (long)i * n, 4, kc, j, n);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 4 <= m; i += 4)
            {
                var j = 0;
                for (; j + 16 <= n; j += 16) Tile4x16(a + (long)i * lda, lda, b + j, n, c + (long)i * n + j, n, kc);
                if (j < n) ScalarBlock(a + (long)i * lda, lda, b, n, c + (long)i * n, 4, kc, j, n);
            }
        }
        // Leftover rows (M not a multiple of 4, or no SIMD at all): row-at-a-time AXPY form.
        for (; i < m; i++) RowAxpy(a + (long)i * lda, b, n, c + (long)i * n, kc);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MulAdd(Vector256<float> x, Vector256<float> y, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, acc) : acc + x * y;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile4x16(float* a, int lda, float* b, int ldb, float* c, int ldc, int kc)
    {
        var c00 = Vector256.Load(c); var c01 = Vector256.Load(c + 8);
        var c10 = Vector256.Load(c + ldc); var c11 = Vector256.Load(c + ldc + 8);
        var c20 = Vector256.Load(c + 2 * ldc); var c21 = Vector256.Load(c + 2 * ldc + 8);
        var c30 = Vector256.Load(c + 3 * ldc); var c31 = Vector256.Load(c + 3 * ldc + 8);
        for (var p = 0; p < kc; p++)
        {
            var brow = b + (long)p * ldb;
            var b0 = Vector256.Load(brow);
            var b1 = Vector256.Load(brow + 8);
            var a0 = Vector256.Create(a[p]);
            c00 = MulAdd(a0, b0, c00); c01 = MulAdd(a0, b1, c01);
            var a1 = Vector256.Create(a[lda + p]);
            c10 = MulAdd(a1, b0, c10); c11 = MulAdd(a1, b1, c11);
            var a2 = Vector256.Create(a[2 * lda + p]);
            c20 = MulAdd(a2, b0, c20); c21 = MulAdd(a2, b1, c21);
            var a3 = Vector256.Create(a[3 * lda + p]);
            c30 = MulAdd(a3, b0, c30); c31 = MulAdd(a3, b1, c31);
        }
        c00.Store(c); c01.Store(c + 8);
        c10.Store(c + ldc); c11.Store(c + ldc + 8);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 8);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Tile4x32(float* a, int lda, float* b, int ldb, float* c, int ldc, int kc)
    {
        var c00 = Vector512.Load(c); var c01 = Vector512.Load(c + 16);
        var c10 = Vector512.Load(c + ldc); var c11 = Vector512.Load(c + ldc + 16);
        var c20 = Vector512.Load(c + 2 * ldc); var c21 = Vector512.Load(c + 2 * ldc + 16);
        var c30 = Vector512.Load(c + 3 * ldc); var c31 = Vector512.Load(c + 3 * ldc + 16);
        for (var p = 0; p < kc; p++)
        {
            var brow = b + (long)p * ldb;
            var b0 = Vector512.Load(brow);
            var b1 = Vector512.Load(brow + 16);
            var a0 = Vector512.Create(a[p]);
            c00 = Avx512F.FusedMultiplyAdd(a0, b0, c00); c01 = Avx512F.FusedMultiplyAdd(a0, b1, c01);
            var a1 = Vector512.Create(a[lda + p]);
            c10 = Avx512F.FusedMultiplyAdd(a1, b0, c10); c11 = Avx512F.FusedMultiplyAdd(a1, b1, c11);
            var a2 = Vector512.Create(a[2 * lda + p]);
            c20 = Avx512F.FusedMultiplyAdd(a2, b0, c20); c21 = Avx512F.FusedMultiplyAdd(a2, b1, c21);
            var a3 = Vector512.Create(a[3 * lda + p]);
            c30 = Avx512F.FusedMultiplyAdd(a3, b0, c30); c31 = Avx512F.FusedMultiplyAdd(a3, b1, c31);
        }
        c00.Store(c); c01.Store(c + 16);
        c10.Store(c + ldc); c11.Store(c + ldc + 16);
        c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16);
        c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
    }

    /// <summary>Columns [j0, n) of a block of rows, scalar.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ScalarBlock(float* a, int lda, float* b, int ldb, float* c, int rows, int kc, int j0, int n)
    {
        for (var r = 0; r < rows; r++)
            for (var j = j0; j < n; j++)
            {
                var sum = c[(long)r * ldb + j];
                for (var p = 0; p < kc; p++) sum = MathF.FusedMultiplyAdd(a[(long)r * lda + p], b[(long)p * ldb + j], sum);
                c[(long)r * ldb + j] = sum;
            }
    }

    /// <summary>
    /// One row of C: <c>c += Σ_p a[p]·B[p,:]</c> (a vector-matrix product: scoring one event, or rows left over by the
    /// 4-row tiles). The row is cut into blocks of up to four vectors that stay in registers over the whole K panel, so
    /// each step is one load of B per fused multiply-add rather than a load and a store of C as well. Per element the
    /// sum runs over p in order with one FMA each, as in the tiles: the same result bit for bit, batched or not.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void RowAxpy(float* a, float* b, int n, float* c, int kc)
    {
        var j = 0;
        if (Vector512.IsHardwareAccelerated && Avx512F.IsSupported)
        {
            for (; j + 64 <= n; j += 64)
            {
                var c0 = Vector512.Load(c + j); var c1 = Vector512.Load(c + j + 16);
                var c2 = Vector512.Load(c + j + 32); var c3 = Vector512.Load(c + j + 48);
                for (var p = 0; p < kc; p++)
                {
                    var brow = b + (long)p * n + j;
                    var s = Vector512.Create(a[p]);
                    c0 = Avx512F.FusedMultiplyAdd(s, Vector512.Load(brow), c0);
                    c1 = Avx512F.FusedMultiplyAdd(s, Vector512.Load(brow + 16), c1);
                    c2 = Avx512F.FusedMultiplyAdd(s, Vector512.Load(brow + 32), c2);
                    c3 = Avx512F.FusedMultiplyAdd(s, Vector512.Load(brow + 48), c3);
                }
                c0.Store(c + j); c1.Store(c + j + 16); c2.Store(c + j + 32); c3.Store(c + j + 48);
            }
            for (; j + 16 <= n; j += 16)
            {
                var c0 = Vector512.Load(c + j);
                for (var p = 0; p < kc; p++) c0 = Avx512F.FusedMultiplyAdd(Vector512.Create(a[p]), Vector512.Load(b + (long)p * n + j), c0);
                c0.Store(c + j);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; j + 32 <= n; j += 32)
            {
                var c0 = Vector256.Load(c + j); var c1 = Vector256.Load(c + j + 8);
                var c2 = Vector256.Load(c + j + 16); var c3 = Vector256.Load(c + j + 24);
                for (var p = 0; p < kc; p++)
                {
                    var brow = b + (long)p * n + j;
                    var s = Vector256.Create(a[p]);
                    c0 = MulAdd(s, Vector256.Load(brow), c0);
                    c1 = MulAdd(s, Vector256.Load(brow + 8), c1);
                    c2 = MulAdd(s, Vector256.Load(brow + 16), c2);
                    c3 = MulAdd(s, Vector256.Load(brow + 24), c3);
                }
                c0.Store(c + j); c1.Store(c + j + 8); c2.Store(c + j + 16); c3.Store(c + j + 24);
            }
            for (; j + 8 <= n; j += 8)
            {
                var c0 = Vector256.Load(c + j);
                for (var p = 0; p < kc; p++) c0 = MulAdd(Vector256.Create(a[p]), Vector256.Load(b + (long)p * n + j), c0);
                c0.Store(c + j);
            }
        }
        for (; j < n; j++)
        {
            var sum = c[j];
            for (var p = 0; p < kc; p++) sum = MathF.FusedMultiplyAdd(a[p], b[(long)p * n + j], sum);
            c[j] = sum;
        }
    }

    /// <summary>Writes the transpose of the row-major <c>[rows, cols]</c> matrix <paramref name="source"/> into <paramref name="destination"/> (<c>[cols, rows]</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(ReadOnlySpan<float> source, Span<float> destination, int rows, int cols)
    {
        if (source.Length < rows * cols || destination.Length < rows * cols)
            throw new ArgumentException($"Transpose of {rows}×{cols} needs {rows * cols} elements on both sides.");
        unsafe
        {
            fixed (float* src = source, dst = destination)
            {
                // 8×8 blocks in registers where AVX is there (the learner transposes every layer's activations and
                // weights at each step: scalar, that was an eighth of its time), the ragged edges element by element.
                var r8 = Avx.IsSupported ? rows / 8 * 8 : 0;
                var c8 = Avx.IsSupported ? cols / 8 * 8 : 0;
                for (var r0 = 0; r0 < r8; r0 += 8)
                    for (var c0 = 0; c0 < c8; c0 += 8)
                        Transpose8x8(src + (long)r0 * cols + c0, cols, dst + (long)c0 * rows + r0, rows);
                ScalarTranspose(src, dst, rows, cols, 0, r8, c8, cols);  // right edge of the blocked rows
                ScalarTranspose(src, dst, rows, cols, r8, rows, 0, cols); // bottom rows
            }
        }
    }

    /// <summary>Rows [r0, r1) × columns [c0, c1), in 16×16 tiles so both streams stay within a few cache lines.</summary>
    private static unsafe void ScalarTranspose(float* src, float* dst, int rows, int cols, int r0, int r1, int c0, int c1)
    {
        const int Tile = 16;
        for (var rt = r0; rt < r1; rt += Tile)
            for (var ct = c0; ct < c1; ct += Tile)
            {
                var re = Math.Min(rt + Tile, r1);
                var ce = Math.Min(ct + Tile, c1);
                for (var r = rt; r < re; r++)
                    for (var col = ct; col < ce; col++)
                        dst[(long)col * rows + r] = src[(long)r * cols + col];
            }
    }

    /// <summary>The classic AVX 8×8 transpose: unpack pairs of rows, shuffle quads, swap 128-bit halves.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Transpose8x8(float* src, int lds, float* dst, int ldd)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + 2 * lds);
        var r3 = Avx.LoadVector256(src + 3 * lds);
        var r4 = Avx.LoadVector256(src + 4 * lds);
        var r5 = Avx.LoadVector256(src + 5 * lds);
        var r6 = Avx.LoadVector256(src + 6 * lds);
        var r7 = Avx.LoadVector256(src + 7 * lds);
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);
        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31));
    }
}
