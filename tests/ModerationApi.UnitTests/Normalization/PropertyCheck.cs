using System.Text;
using CsCheck;

namespace ModerationApi.UnitTests.Normalization;

/// <summary>
/// Runs a property over generated posts. By default the posts come from a fixed seed, so every run checks the same
/// inputs. Set NORMALIZATION_SEED=random to explore new inputs with CsCheck (it shrinks a failure and prints its
/// seed), or to such a printed seed to replay that failure.
/// </summary>
internal static class PropertyCheck
{
    private const string FixedSeed = "0000vjoH-w91";
    private static readonly string? SeedOption = Environment.GetEnvironmentVariable("NORMALIZATION_SEED");
    private static readonly int Iterations =
        int.TryParse(Environment.GetEnvironmentVariable("NORMALIZATION_ITERATIONS"), out int iterations) ? iterations : 1500;

    internal static void ForAll(Gen<string> gen, Action<string> property)
    {
        if (SeedOption is not null)
        {
            string? seed = SeedOption == "random" ? null : SeedOption;
            gen.Sample(property, seed: seed, iter: Iterations, threads: 1, print: Escape);
            return;
        }

        // CsCheck only pins the first iteration to a seed, so draw the whole corpus as one sample instead.
        gen.Array[Iterations].Sample(
            posts =>
            {
                foreach (string post in posts)
                {
                    try
                    {
                        property(post);
                    }
                    catch (Exception e)
                    {
                        throw new InvalidOperationException($"Property failed for \"{Escape(post)}\": {e.Message}", e);
                    }
                }
            },
            seed: FixedSeed,
            iter: 1,
            threads: 1,
            print: _ => "(see the failing post in the exception)");
    }

    /// <summary>Shows invisible and non-ASCII characters as \uXXXX so a failing post can be pasted into a test.</summary>
    internal static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length * 2);
        foreach (char c in text)
        {
            if (c is >= ' ' and < '\u007F' and not '"' and not '\\')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("X4"));
            }
        }

        return sb.ToString();
    }
}
