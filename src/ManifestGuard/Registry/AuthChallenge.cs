using System.Net.Http.Headers;
using System.Text;

namespace ManifestGuard.Registry;

/// <summary>A `WWW-Authenticate` challenge: the scheme and its parameters (realm, service, scope for Bearer).</summary>
internal sealed record AuthChallenge(string Scheme, IReadOnlyDictionary<string, string> Parameters)
{
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    public string? this[string name] => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>The first Bearer challenge, else the first Basic one, else null: Bearer is what registries mean when they offer both.</summary>
    public static AuthChallenge? From(HttpHeaderValueCollection<AuthenticationHeaderValue> headers)
    {
        AuthChallenge? basic = null;
        foreach (var header in headers)
        {
            var challenge = new AuthChallenge(header.Scheme, ParseParameters(header.Parameter ?? ""));
            if (challenge.IsBearer)
            {
                return challenge;
            }
            basic ??= challenge.IsBasic ? challenge : null;
        }
        return basic;
    }

    /// <summary>RFC 7235 auth-params: `name=token` or `name="quoted \" string"`, separated by commas.</summary>
    public static IReadOnlyDictionary<string, string> ParseParameters(string text)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }
            var nameStart = i;
            while (i < text.Length && text[i] != '=' && text[i] != ',')
            {
                i++;
            }
            var name = text[nameStart..i].Trim();
            if (i >= text.Length || text[i] != '=')
            {
                continue;
            }
            i++;
            var value = new StringBuilder();
            if (i < text.Length && text[i] == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }
                    value.Append(text[i]);
                    i++;
                }
                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ',')
                {
                    value.Append(text[i]);
                    i++;
                }
            }
            if (name.Length > 0)
            {
                parameters[name] = value.ToString().Trim();
            }
        }
        return parameters;
    }

    public override string ToString() => $"{Scheme} {string.Join(", ", Parameters.Select(p => $"{p.Key}=\"{p.Value}\""))}";
}
