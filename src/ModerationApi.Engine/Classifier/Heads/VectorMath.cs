using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace ModerationApi.Engine.Classifier;

/// <summary>The few dense kernels the heads need.</summary>
/// <remarks>
/// They use <see cref="Vector128{T}"/> rather than <c>Vector&lt;T&gt;</c> so the lane count, and with it the order of
/// every floating-point sum, does not depend on the CPU's vector width (SSE, AVX2, AVX-512): a training run gives the
/// same bits on a developer's machine and on CI. 128 bits is accelerated on every x64 and Arm64 target, and a 384-wide
/// head is cheap at that width.
/// </remarks>
internal static class VectorMath
{
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException("Vectors differ in length.", nameof(b));
        }

        var va = MemoryMarshal.Cast<float, Vector128<float>>(a);
        var vb = MemoryMarshal.Cast<float, Vector128<float>>(b);
        var acc = Vector128<float>.Zero;
        for (var i = 0; i < va.Length; i++)
        {
            acc += va[i] * vb[i];
        }

        // Spelled out rather than Vector128.Sum so the reduction order is fixed by this code, not by the JIT.
        var sum = (acc.GetElement(0) + acc.GetElement(1)) + (acc.GetElement(2) + acc.GetElement(3));
        for (var i = va.Length * Vector128<float>.Count; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>y += alpha · x.</summary>
    public static void AddScaled(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("Vectors differ in length.", nameof(y));
        }

        var vx = MemoryMarshal.Cast<float, Vector128<float>>(x);
        var vy = MemoryMarshal.Cast<float, Vector128<float>>(y);
        var va = Vector128.Create(alpha);
        for (var i = 0; i < vx.Length; i++)
        {
            vy[i] += va * vx[i];
        }

        for (var i = vx.Length * Vector128<float>.Count; i < x.Length; i++)
        {
            y[i] += alpha * x[i];
        }
    }

    /// <summary>The logistic function, written so neither branch can overflow <c>exp</c>.</summary>
    public static float Sigmoid(float z)
    {
        if (z >= 0f)
        {
            return 1f / (1f + MathF.Exp(-z));
        }

        var e = MathF.Exp(z);
        return e / (1f + e);
    }
}
