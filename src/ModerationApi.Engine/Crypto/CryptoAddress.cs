using System.Globalization;

namespace ModerationApi.Engine.Crypto;

/// <summary>A cryptocurrency address whose structure and checksum have been verified.</summary>
/// <param name="Asset">The coin the address belongs to.</param>
/// <param name="Network">The network encoded in the address prefix or version.</param>
/// <param name="Kind">The structural kind of the address.</param>
/// <param name="Value">The address exactly as validated (pieces of a whitespace-split address joined).</param>
internal sealed record CryptoAddress(CryptoAsset Asset, CryptoNetwork Network, AddressKind Kind, string Value)
{
    /// <summary>
    /// Returns evidence text such as "Monero mainnet subaddress, checksum valid". Integrated Monero addresses include
    /// their payment id; Ethereum addresses say whether an EIP-55 checksum was present.
    /// </summary>
    /// <returns>A one-line human-readable description.</returns>
    public string Describe()
    {
        var network = Network switch
        {
            CryptoNetwork.Testnet => "testnet",
            CryptoNetwork.Stagenet => "stagenet",
            _ => "mainnet",
        };

        return Asset switch
        {
            CryptoAsset.Monero => $"Monero {network} {DescribeMoneroKind()}, checksum valid",
            CryptoAsset.Ethereum => IsMixedCase(Value)
                ? "Ethereum account address, EIP-55 checksum valid"
                : "Ethereum account address, no checksum (single-case hex)",
            _ => $"{Asset} {network} {DescribeTransparentKind()}, checksum valid",
        };
    }

    private string DescribeMoneroKind()
    {
        if (Kind != AddressKind.Integrated)
        {
            return Kind == AddressKind.Subaddress ? "subaddress" : "standard address";
        }

        Span<byte> paymentId = stackalloc byte[MoneroAddressCodec.PaymentIdLength];
        return MoneroAddressCodec.TryGetPaymentId(Value, paymentId)
            ? $"integrated address with payment id {Convert.ToHexStringLower(paymentId)}"
            : "integrated address";
    }

    private string DescribeTransparentKind() => Kind switch
    {
        AddressKind.PayToPublicKeyHash => "P2PKH address",
        AddressKind.PayToScriptHash => "P2SH address",
        AddressKind.WitnessV0 => "native SegWit v0 address (bech32)",
        AddressKind.WitnessV1Plus => $"native SegWit v{WitnessVersion().ToString(CultureInfo.InvariantCulture)} address (bech32m)",
        AddressKind.Account => "account address",
        _ => $"{Kind} address",
    };

    private int WitnessVersion()
    {
        var separator = Value.LastIndexOf('1');
        return separator >= 0 && separator + 1 < Value.Length ? Bech32.CharValue(Value[separator + 1]) : -1;
    }

    private static bool IsMixedCase(string value)
    {
        bool lower = false, upper = false;
        for (var i = 2; i < value.Length; i++)
        {
            lower |= value[i] is >= 'a' and <= 'f';
            upper |= value[i] is >= 'A' and <= 'F';
        }

        return lower && upper;
    }
}
