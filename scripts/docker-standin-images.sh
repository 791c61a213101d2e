#!/bin/sh
# Local STAND-INS for the three base images the Dockerfile and compose.yaml name,
# for a machine with a Docker daemon and a Debian mirror but no access to Docker Hub
# (docs/deploy.md, "Without a registry"). They are not the official images:
#
#   node:20-bookworm-slim  a debootstrap'ed bookworm (minbase) with THIS machine's Node 20
#                          (node, npm, corepack, headers) copied to /usr/local, user `node`
#                          (uid/gid 1000); no yarn; npm_config_nodedir=/usr/local so node-gyp
#                          uses those headers instead of downloading them from nodejs.org; the
#                          file in NODE_EXTRA_CA_CERTS here, if set, is trusted there too
#   redis:7-alpine         Debian's redis-server 7.0 on bookworm (not Alpine); runs as `redis`
#                          with protected mode off, as the official image does; /data
#   postgres:16-alpine     Debian bookworm's PostgreSQL 15 (bookworm has no 16; not Alpine);
#                          an entry point doing what compose.yaml uses of the official one:
#                          initdb on an empty PGDATA with POSTGRES_USER/PASSWORD/DB, trust on the
#                          socket and loopback, password (scram) over TCP from elsewhere, runs as
#                          `postgres`; pg_isready in PATH
#
# Run as root (debootstrap): sh scripts/docker-standin-images.sh
# MIRROR (default http://deb.debian.org/debian) is used by debootstrap and inside the images.
# Existing tags are overwritten; `docker rmi node:20-bookworm-slim redis:7-alpine
# postgres:16-alpine hegui-standin/bookworm` removes them, and the real images can then be pulled.
set -eu
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SECURITY=${SECURITY_MIRROR:-http://deb.debian.org/debian-security}
BASE=hegui-standin/bookworm
node_bin=$(readlink -f "$(command -v node)")
node_prefix=$(dirname "$(dirname "$node_bin")")
node_version=$("$node_bin" -p process.versions.node)
case $node_version in 20.*) ;; *) echo "need Node 20 on this machine, found $node_version" >&2; exit 1 ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. bookworm rootfs -> $BASE (kept from an earlier run unless FRESH_BASE=1)
if [ "${FRESH_BASE:-0}" = 1 ] || ! docker image inspect "$BASE" >/dev/null 2>&1; then
  debootstrap --variant=minbase bookworm "$work/rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  rm -f "$work/rootfs/etc/apt/sources.list"
  cat >"$work/rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  printf '#!/bin/sh\nexit 101\n' >"$work/rootfs/usr/sbin/policy-rc.d"   # no services start during apt-get install
  chmod 755 "$work/rootfs/usr/sbin/policy-rc.d"
  rm -rf "$work"/rootfs/var/lib/apt/lists/* "$work"/rootfs/var/cache/apt/*.bin "$work"/rootfs/var/cache/apt/archives/*.deb
  tar -C "$work/rootfs" -c . | docker import -c 'CMD ["bash"]' - "$BASE" >/dev/null
  rm -rf "$work/rootfs"
fi

# 2. node:20-bookworm-slim
mkdir -p "$work/node/usr/local/bin" "$work/node/usr/local/etc" "$work/node/usr/local/lib/node_modules" "$work/node/usr/local/include"
cp "$node_bin" "$work/node/usr/local/bin/node"
cp -a "$node_prefix/lib/node_modules/npm" "$node_prefix/lib/node_modules/corepack" "$work/node/usr/local/lib/node_modules/"
cp -a "$node_prefix/include/node" "$work/node/usr/local/include/"
# This machine's Node trusts extra CAs (e.g. a TLS-intercepting egress proxy's): so does the stand-in.
extra_ca=
if [ -r "${NODE_EXTRA_CA_CERTS:-}" ]; then
  cp "$NODE_EXTRA_CA_CERTS" "$work/node/usr/local/etc/extra-ca-certs.pem"
  extra_ca=" NODE_EXTRA_CA_CERTS=/usr/local/etc/extra-ca-certs.pem"
fi
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$work/node/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$work/node/usr/local/bin/npx"
ln -s ../lib/node_modules/corepack/dist/corepack.js "$work/node/usr/local/bin/corepack"
cat >"$work/node/Dockerfile" <<EOF
FROM $BASE
COPY usr/local /usr/local
RUN groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node
ENV NODE_VERSION=$node_version npm_config_nodedir=/usr/local$extra_ca
CMD ["node"]
EOF
docker build -q -t node:20-bookworm-slim "$work/node"

# 3. redis:7-alpine
mkdir -p "$work/redis"
cat >"$work/redis/entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
case ${1:-} in -*) set -- redis-server "$@" ;; esac
if [ "${1:-}" = redis-server ]; then
  shift
  set -- redis-server --protected-mode no "$@"
  if [ "$(id -u)" = 0 ]; then
    chown -R redis:redis .
    exec setpriv --reuid=redis --regid=redis --init-groups "$@"
  fi
fi
exec "$@"
EOF
chmod 755 "$work/redis/entrypoint.sh"
cat >"$work/redis/Dockerfile" <<EOF
FROM $BASE
RUN apt-get update && apt-get install -y --no-install-recommends redis-server \\
 && rm -rf /var/lib/apt/lists/* && mkdir /data && chown redis:redis /data
COPY entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /data
WORKDIR /data
EXPOSE 6379
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["redis-server"]
EOF
docker build -q -t redis:7-alpine "$work/redis"

# 4. postgres:16-alpine (PostgreSQL 15 inside)
mkdir -p "$work/postgres"
cat >"$work/postgres/entrypoint.sh" <<'EOF'
#!/bin/sh
set -e
case ${1:-} in -*) set -- postgres "$@" ;; esac
if [ "${1:-}" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"
  user=${POSTGRES_USER:-postgres}
  db=${POSTGRES_DB:-$user}
  pw=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pw"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pw" --auth-local=trust --auth-host=trust >/dev/null
  rm -f "$pw"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  if [ "$db" != postgres ]; then
    echo "CREATE DATABASE \"$db\" OWNER \"$user\";" | postgres --single -D "$PGDATA" postgres >/dev/null
  fi
  echo "stand-in postgres: initialised $PGDATA (user $user, database $db)"
fi
exec "$@"
EOF
chmod 755 "$work/postgres/entrypoint.sh"
cat >"$work/postgres/Dockerfile" <<EOF
FROM $BASE
RUN mkdir -p /etc/postgresql-common && echo 'create_main_cluster = false' >/etc/postgresql-common/createcluster.conf \\
 && apt-get update && apt-get install -y --no-install-recommends postgresql-15 \\
 && rm -rf /var/lib/apt/lists/*
ENV PATH=/usr/lib/postgresql/15/bin:\$PATH PGDATA=/var/lib/postgresql/data LANG=C.UTF-8
COPY entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
EOF
docker build -q -t postgres:16-alpine "$work/postgres"

echo "stand-in images (not the official ones): node:20-bookworm-slim (Node $node_version), redis:7-alpine (Debian redis 7.0), postgres:16-alpine (Debian PostgreSQL 15)"
