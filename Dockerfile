# Interlog in a container: `docker build -t interlog .`, then for example
#   docker run -d --restart=unless-stopped --env-file .env -v interlog-data:/data interlog
# (SQLite in the volume), or with DATABASE_URL=postgresql+asyncpg://... and WEBHOOK_* set,
# one container per instance behind the reverse proxy. Any interlog command works too:
#   docker run --rm --env-file .env -v interlog-data:/data interlog db upgrade
# PYTHON_IMAGE: any Debian-based image with Python 3.11+ and pip on PATH (a mirror's copy of
# python:3.12-slim, say): `docker build --build-arg PYTHON_IMAGE=... -t interlog .`
ARG PYTHON_IMAGE=python:3.12-slim
FROM ${PYTHON_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
COPY pyproject.toml README.md ./
COPY cli ./cli
COPY bot ./bot
COPY domain ./domain
COPY storage ./storage
COPY sandbox ./sandbox
RUN pip install '.[postgres]' && rm -rf /src

# Never as root; the data (the SQLite file, backups) lives in a volume the user owns.
RUN useradd --system --no-create-home --home-dir /data --shell /usr/sbin/nologin interlog \
    && install -d -o interlog -g interlog /data
USER interlog
WORKDIR /data
VOLUME ["/data"]

# Inside a container the webhook and metrics ports must listen beyond the loopback; only
# the ports you publish are reachable.
ENV DATABASE_URL=sqlite+aiosqlite:////data/interlog.db \
    WEBHOOK_LISTEN=0.0.0.0 \
    METRICS_LISTEN=0.0.0.0
EXPOSE 8443

# `interlog run` stops cleanly on SIGTERM (docker stop) and exits non-zero when it must be
# restarted (a revoked token, updates no longer coming in).
ENTRYPOINT ["interlog"]
CMD ["run"]
