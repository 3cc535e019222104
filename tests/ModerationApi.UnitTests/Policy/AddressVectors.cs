namespace ModerationApi.UnitTests.Policy;

/// <summary>Real, publicly posted addresses from shared/docs/domain.md (project donation addresses).</summary>
internal static class AddressVectors
{
    public const string MoneroGeneralFundSubaddress = "888tNkZrPN6JsEgekjMnABU4TBzc2Dt29EPAvkRxbANsAnjyPbb3iQ1YBRk1UXcdRsiKc9dhwMVgN5S9cQUiyoogDavup3H";
    public const string MoneroGeneralFundStandard = "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A";
    public const string XmrigStandard = "48edfHu7V9Z84YzzMa6fUueoELZ9ZRXq9VetWzYGzKt52XU5xvqgzYnDK9URnRoJMk1j8nLwEVsaSWJ4fhdUyZijBGUicoD";
    public const string MoneroProjectBitcoin = "1KTexdemPdxSBcG55heUuTjDRYqbC5ZL8H";
}
