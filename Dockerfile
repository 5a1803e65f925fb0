# syntax=docker/dockerfile:1
# ManifestGuard as a small image: the Native AOT binary on a distroless (chiseled) base, non-root.
#
#   docker build -t manifestguard .                          # the CLI: docker run --rm -v "$PWD:/src" -w /src manifestguard check .
#   docker build --target argocd-cmp -t manifestguard-argocd-cmp .   # the Argo CD plugin sidecar (adds kubectl, helm)
#
# Native AOT does not cross-compile between architectures, so each platform builds on its own
# (docker buildx build --platform linux/amd64,linux/arm64 runs the build stage under that platform).

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
ARG TARGETARCH
# The release version (the release workflow passes the tag's); `manifestguard --version` prints it.
ARG VERSION=0.1.0
# The AOT toolchain: clang links the native binary, zlib1g-dev provides libz for the runtime.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends clang zlib1g-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Restore first, so the package layer is cached across source changes.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ManifestGuard/ManifestGuard.csproj src/ManifestGuard/
COPY src/ManifestGuard.Cli/ManifestGuard.Cli.csproj src/ManifestGuard.Cli/
RUN case "${TARGETARCH:-amd64}" in amd64) rid=linux-x64 ;; arm64) rid=linux-arm64 ;; *) echo "unsupported architecture ${TARGETARCH}" >&2; exit 1 ;; esac \
 && echo "$rid" > /rid \
 && dotnet restore src/ManifestGuard.Cli -r "$rid"
COPY README.md ./
COPY rules/ rules/
COPY schema/ schema/
COPY src/ src/
RUN dotnet publish src/ManifestGuard.Cli -c Release -r "$(cat /rid)" --no-restore -p:PublishAot=true -p:Version="$VERSION" -o /out \
 && rm -f /out/*.dbg /out/*.pdb \
 && test "$(/out/manifestguard --version)" = "$VERSION" \
 && /out/manifestguard rules >/dev/null

# kubectl for `kubectl kustomize` in the Argo CD sidecar, checked against its published checksum.
FROM build AS kubectl
ARG TARGETARCH
ARG KUBECTL_VERSION=v1.33.4
RUN arch="${TARGETARCH:-amd64}" \
 && curl -fsSLo /usr/local/bin/kubectl "https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/${arch}/kubectl" \
 && echo "$(curl -fsSL "https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/${arch}/kubectl.sha256")  /usr/local/bin/kubectl" | sha256sum -c - \
 && chmod 0755 /usr/local/bin/kubectl

# helm for `helm template` of chart applications in the Argo CD sidecar (the version the tests render
# with), checked against its published checksum.
FROM build AS helm
ARG TARGETARCH
ARG HELM_VERSION=v4.1.4
RUN arch="${TARGETARCH:-amd64}" \
 && cd /tmp \
 && curl -fsSLO "https://get.helm.sh/helm-${HELM_VERSION}-linux-${arch}.tar.gz" \
 && echo "$(curl -fsSL "https://get.helm.sh/helm-${HELM_VERSION}-linux-${arch}.tar.gz.sha256sum" | cut -d' ' -f1)  helm-${HELM_VERSION}-linux-${arch}.tar.gz" | sha256sum -c - \
 && tar -xzf "helm-${HELM_VERSION}-linux-${arch}.tar.gz" "linux-${arch}/helm" \
 && install -m 0755 "linux-${arch}/helm" /usr/local/bin/helm

# The Argo CD config management plugin sidecar: Argo CD runs it as user 999 with its own cmp-server
# as the command; generate runs `manifestguard argocd generate` (see integrations/argocd/). Not the
# chiseled base: the plugin's discovery is a `sh -c` command, so the image needs a shell.
FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}-noble AS argocd-cmp
COPY --from=build /out/manifestguard /usr/local/bin/manifestguard
COPY --from=kubectl /usr/local/bin/kubectl /usr/local/bin/kubectl
COPY --from=helm /usr/local/bin/helm /usr/local/bin/helm
USER 999
ENTRYPOINT ["/usr/local/bin/manifestguard"]

# The default image: just the CLI, as the non-root user the .NET images define.
FROM mcr.microsoft.com/dotnet/runtime-deps:${DOTNET_VERSION}-noble-chiseled AS manifestguard
COPY --from=build /out/manifestguard /usr/local/bin/manifestguard
USER $APP_UID
WORKDIR /src
ENTRYPOINT ["/usr/local/bin/manifestguard"]
