using System.Diagnostics.CodeAnalysis;

namespace ManifestGuard.References;

/// <summary>
/// An image reference parsed by the distribution reference grammar (the one Docker and containers/image
/// use) and normalized the way they normalize it: a first component without `.` or `:` that is not
/// `localhost` is a Docker Hub path, `index.docker.io` is `docker.io`, and one-component Hub names live
/// under `library/`. Valid by construction: only <see cref="TryParse"/> makes one.
/// </summary>
internal sealed record ImageReference
{
    public const string DockerHub = "docker.io";

    /// <summary>The limit distribution puts on a whole name, registry included.</summary>
    public const int NameTotalLengthMax = 255;

    private ImageReference(string raw, string registry, string repository, string? tag, string? digest, string? writtenRegistry)
    {
        Raw = raw;
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
        WrittenRegistry = writtenRegistry;
    }

    /// <summary>The reference exactly as written in the manifest.</summary>
    public string Raw { get; }

    /// <summary>host[:port], normalized (`docker.io` for Docker Hub).</summary>
    public string Registry { get; }

    /// <summary>The path below the registry, `library/` included for one-component Hub names.</summary>
    public string Repository { get; }

    public string? Tag { get; }

    /// <summary>`algorithm:hex`, e.g. `sha256:…`.</summary>
    public string? Digest { get; }

    /// <summary>The registry as written, or null when the reference names none (OpenShift's admission plugin compares this).</summary>
    public string? WrittenRegistry { get; }

    /// <summary>registry/repository.</summary>
    public string Name => Registry + "/" + Repository;

    /// <summary>Fully qualified: registry/repository[:tag][@digest].</summary>
    public string Normalized => Name + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    public bool IsPinned => Digest is not null;

    /// <summary>The host without the port.</summary>
    public string Host => SplitHostPort(Registry).Host;

    /// <summary>The port, or null when the registry names none.</summary>
    public string? Port => SplitHostPort(Registry).Port;

    public override string ToString() => Raw;

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new FormatException(error);

    public static bool TryParse(string text, [NotNullWhen(true)] out ImageReference? reference, [NotNullWhen(false)] out string? error)
    {
        reference = null;
        error = Check(text, out var name, out var tag, out var digest);
        if (error is not null)
        {
            return false;
        }

        var (domain, remainder) = SplitDomain(name);
        if (domain is not null && !IsValidDomain(domain))
        {
            error = $"invalid registry host \"{domain}\"";
            return false;
        }
        if (domain is null && IsHexIdentifier(remainder))
        {
            error = "a 64-character hexadecimal string is an image ID, not a repository name";
            return false;
        }
        error = CheckPath(remainder);
        if (error is not null)
        {
            return false;
        }

        var registry = domain is null || domain == "index.docker.io" ? DockerHub : domain;
        var repository = registry == DockerHub && !remainder.Contains('/') ? "library/" + remainder : remainder;
        if (registry.Length + 1 + repository.Length > NameTotalLengthMax)
        {
            error = $"repository name is longer than {NameTotalLengthMax} characters";
            return false;
        }
        reference = new ImageReference(text, registry, repository, tag, digest, domain);
        return true;
    }

    /// <summary>Splits tag and digest off and checks them; returns an error or null.</summary>
    private static string? Check(string text, out string name, out string? tag, out string? digest)
    {
        name = text;
        tag = null;
        digest = null;
        if (text.Length == 0)
        {
            return "empty image reference";
        }
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c))
            {
                return "image reference contains white space or control characters";
            }
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = text[(at + 1)..];
            name = text[..at];
            var digestError = CheckDigest(digest);
            if (digestError is not null)
            {
                return digestError;
            }
        }

        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
            if (!IsValidTag(tag))
            {
                return $"invalid tag \"{tag}\": a tag is up to 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`";
            }
        }
        return name.Length == 0 ? "missing repository name" : null;
    }

    /// <summary>go-digest accepts sha256, sha384 and sha512, each with its exact length of lowercase hex.</summary>
    private static string? CheckDigest(string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return $"invalid digest \"{digest}\": expected algorithm:hex, e.g. sha256:<64 hex digits>";
        }
        var algorithm = digest[..colon];
        var hex = digest.AsSpan(colon + 1);
        int expected = algorithm switch
        {
            "sha256" => 64,
            "sha384" => 96,
            "sha512" => 128,
            _ => 0,
        };
        if (expected == 0)
        {
            return $"unsupported digest algorithm \"{algorithm}\"";
        }
        if (hex.Length != expected || !IsLowerHex(hex))
        {
            return $"invalid {algorithm} digest: expected {expected} lowercase hexadecimal digits";
        }
        return null;
    }

    private static bool IsValidTag(string tag)
    {
        if (tag.Length is 0 or > 128 || !IsWordChar(tag[0]))
        {
            return false;
        }
        foreach (var c in tag)
        {
            if (!IsWordChar(c) && c != '.' && c != '-')
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The rule of splitDockerDomain: the first component is a registry when it has `.` or `:`, is `localhost`, or has upper case.</summary>
    private static (string? Domain, string Remainder) SplitDomain(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (null, name);
        }
        var first = name[..slash];
        var isDomain = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost" || !first.Equals(first.ToLowerInvariant(), StringComparison.Ordinal);
        return isDomain ? (first, name[(slash + 1)..]) : (null, name);
    }

    /// <summary>host[:port], where host is a DNS name, an IPv4 address or a bracketed IPv6 address.</summary>
    internal static bool IsValidDomain(string domain)
    {
        var (host, port) = SplitHostPort(domain);
        if (port is not null && (port.Length == 0 || !port.All(char.IsAsciiDigit)))
        {
            return false;
        }
        if (host.StartsWith('['))
        {
            return host.Length > 2 && host.EndsWith(']') && host[1..^1].All(c => char.IsAsciiHexDigit(c) || c == ':');
        }
        if (host.Length == 0)
        {
            return false;
        }
        foreach (var label in host.Split('.'))
        {
            if (label.Length == 0 || label[0] == '-' || label[^1] == '-' || !label.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return false;
            }
        }
        return true;
    }

    internal static (string Host, string? Port) SplitHostPort(string registry)
    {
        var searchFrom = registry.StartsWith('[') ? Math.Max(registry.IndexOf(']', StringComparison.Ordinal), 0) : 0;
        var colon = registry.IndexOf(':', searchFrom);
        return colon < 0 ? (registry, null) : (registry[..colon], registry[(colon + 1)..]);
    }

    /// <summary>Path components of lowercase letters and digits joined by `.`, `_`, `__` or runs of `-`.</summary>
    private static string? CheckPath(string path)
    {
        foreach (var component in path.Split('/'))
        {
            if (component.Length == 0)
            {
                return "empty path component in repository name";
            }
            if (component.Any(char.IsAsciiLetterUpper))
            {
                return "repository name must be lowercase";
            }
            if (!IsValidPathComponent(component))
            {
                return $"invalid repository path component \"{component}\"";
            }
        }
        return null;
    }

    private static bool IsValidPathComponent(string component)
    {
        var i = 0;
        while (true)
        {
            var start = i;
            while (i < component.Length && IsLowerAlphaNumeric(component[i]))
            {
                i++;
            }
            if (i == start)
            {
                return false;
            }
            if (i == component.Length)
            {
                return true;
            }
            // separator: `.`, `_`, `__`, or one or more `-`
            var c = component[i];
            if (c == '.')
            {
                i++;
            }
            else if (c == '_')
            {
                i += i + 1 < component.Length && component[i + 1] == '_' ? 2 : 1;
            }
            else if (c == '-')
            {
                while (i < component.Length && component[i] == '-')
                {
                    i++;
                }
            }
            else
            {
                return false;
            }
        }
    }

    private static bool IsHexIdentifier(string name) => name.Length == 64 && IsLowerHex(name);

    private static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!(char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsLowerAlphaNumeric(char c) => char.IsAsciiDigit(c) || c is >= 'a' and <= 'z';

    private static bool IsWordChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';
}
