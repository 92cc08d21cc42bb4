# syntax=docker/dockerfile:1
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /source

# Restore as its own layer: only the files that decide package versions.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/OrderConfirm/OrderConfirm.csproj src/OrderConfirm/
RUN dotnet restore src/OrderConfirm/OrderConfirm.csproj

COPY appsettings*.json ./
COPY src/ src/
RUN dotnet publish src/OrderConfirm/OrderConfirm.csproj -c Release --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# curl for the HEALTHCHECK below only; deploy/docker-compose.yml starts Caddy once it reports healthy.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# The embedded SQLite file lives here when no PostgreSQL connection string is set.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl --fail --silent http://localhost:8080/health/ready || exit 1
ENTRYPOINT ["dotnet", "OrderConfirm.dll"]
