using System.Diagnostics.CodeAnalysis;

namespace ModerationApi.Engine.Crypto;

/// <summary>Parses a single candidate string as a checksum-valid cryptocurrency address.</summary>
internal static class CryptoAddressValidator
{
    /// <summary>Shortest candidate any supported format can have (a minimal native SegWit address).</summary>
    internal const int MinLength = SegwitAddressCodec.MinLength;

    /// <summary>Longest candidate any supported format can have (a Monero integrated address).</summary>
    internal const int MaxLength = MoneroAddressCodec.IntegratedLength;

    /// <summary>
    /// Validates <paramref name="candidate"/> as a Monero, Bitcoin, Ethereum, Tron, Litecoin, Dash or Zcash transparent
    /// address. The whole span must be the address: no surrounding whitespace or URI scheme.
    /// </summary>
    /// <param name="candidate">The exact characters to validate.</param>
    /// <param name="address">The validated address, or null.</param>
    /// <returns>True when the format, prefix and checksum are all valid.</returns>
    public static bool TryParse(ReadOnlySpan<char> candidate, [NotNullWhen(true)] out CryptoAddress? address)
    {
        address = null;
        if (candidate.Length is < MinLength or > MaxLength)
        {
            return false;
        }

        CryptoAsset asset;
        CryptoNetwork network;
        AddressKind kind;
        if (candidate.Length == EthereumAddressCodec.Length && candidate[0] == '0' && candidate[1] == 'x')
        {
            if (!EthereumAddressCodec.TryValidate(candidate, out _))
            {
                return false;
            }

            (asset, network, kind) = (CryptoAsset.Ethereum, CryptoNetwork.Mainnet, AddressKind.Account);
        }
        else if (candidate.Length is MoneroAddressCodec.StandardLength or MoneroAddressCodec.IntegratedLength)
        {
            if (!MoneroAddressCodec.TryValidate(candidate, out network, out kind))
            {
                return false;
            }

            asset = CryptoAsset.Monero;
        }
        else if (!SegwitAddressCodec.TryValidate(candidate, out asset, out network, out kind, out _)
            && !Base58CheckCodec.TryValidate(candidate, out asset, out network, out kind))
        {
            return false;
        }

        // The only allocation, made once every check has passed.
        address = new CryptoAddress(asset, network, kind, new string(candidate));
        return true;
    }
}
