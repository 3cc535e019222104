# Multi-stage build: the SDK builds and publishes; the runtime image runs as a non-root user with ICU present
# (accent stripping and NFKC need it: never set invariant globalization here).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/ModerationApi.Engine/ModerationApi.Engine.csproj src/ModerationApi.Engine/
COPY src/ModerationApi/ModerationApi.csproj src/ModerationApi/
COPY src/ModerationApi.Storage/ModerationApi.Storage.csproj src/ModerationApi.Storage/
RUN dotnet restore src/ModerationApi/ModerationApi.csproj
COPY src/ src/
COPY models/ models/
RUN dotnet publish src/ModerationApi/ModerationApi.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
ENV ASPNETCORE_HTTP_PORTS=8080 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false
WORKDIR /app
COPY --from=build /app ./
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "ModerationApi.dll"]
