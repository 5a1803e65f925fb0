using System.Text;
using ManifestGuard.Signatures.Sigstore;
using Xunit;

namespace ManifestGuard.Tests.Signatures.Sigstore;

/// <summary>RFC 8785 (JSON Canonicalization Scheme), the form a Rekor SET signs; examples from the RFC.</summary>
public sealed class CanonicalJsonTests
{
    [Theory]
    // RFC 8785 section 3.2.2: the sample input and its canonical form.
    [InlineData(
        """{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/", "literals": [null, true, false]}""",
        """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"""
    )]
    // Section 3.2.3: members sorted by UTF-16 code units (U+20AC after U+0080; a surrogate pair before U+FB33).
    [InlineData(
        """{"\u20ac": "Euro Sign", "\r": "Carriage Return", "\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\ud83d\ude00": "Emoji: Grinning Face", "\u0080": "Control", "\u00f6": "Latin Small Letter O With Diaeresis"}""",
        "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\",\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}"
    )]
    // Appendix B: integers in full below 10^21, exponents beyond.
    [InlineData("[1674247893, 11605770, 1e21, 1e20, 0.000001, 1e-7, -0]", "[1674247893,11605770,1e+21,100000000000000000000,0.000001,1e-7,0]")]
    public void Writes_the_canonical_form(string input, string expected)
    {
        var canonical = Encoding.UTF8.GetString(CanonicalJson.Transform(Encoding.UTF8.GetBytes(input)));

        Assert.Equal(expected, canonical);
    }

    [Fact]
    public void Refuses_duplicate_member_names()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() =>
            CanonicalJson.Transform("""{"a": 1, "a": 2}"""u8)
        );
    }
}
