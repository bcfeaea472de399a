# The image runs `reportbot serve` as a non-root user and holds only what serving needs:
# the wheel (no tests, no benchmark, no fake Bot API server), its pinned dependencies, the
# knowledge at /app/knowledge and jieba's dictionary cache, built once at /app/cache.
#
#   docker build -t reportbot .
#   docker run --read-only --tmpfs /tmp -v reportbot-data:/app/data \
#       -e TELEGRAM_BOT_TOKEN=… -e REPORTBOT_ADMINS=… reportbot
#
# /app/data keeps the question log (a host folder there must be writable by uid 10001);
# /tmp holds only the heartbeat file. Webhook mode: add `-p 8443:8443` and the command
# `reportbot serve --webhook-url https://… --listen 0.0.0.0`.
ARG PYTHON_IMAGE=python:3.11-slim

# Stage 1: the wheel, from the code alone. The build backend (pyproject.toml's
# build-system) gets its own layer, so a code edit rebuilds without the network.
FROM ${PYTHON_IMAGE} AS wheel
WORKDIR /src
RUN pip install --no-cache-dir setuptools==84.2.1 wheel==0.48.0
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip wheel --no-deps --no-build-isolation --no-cache-dir --wheel-dir /wheels .

# Stage 2: what runs.
FROM ${PYTHON_IMAGE}
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    MPLCONFIGDIR=/tmp/matplotlib

# A font with Chinese glyphs for the /stats chart (without one its labels fall back to pinyin).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

# The pinned dependencies first, in their own layer: a code edit does not download them again.
COPY constraints.txt /tmp/constraints.txt
RUN pip install --requirement /tmp/constraints.txt && rm /tmp/constraints.txt

# jieba's dictionary cache, built into the image: a read-only container loads it in a blink.
ENV REPORTBOT_CACHE=/app/cache
RUN mkdir -p /app/cache /app/data \
    && python -c "import tempfile, jieba; tempfile.tempdir = '/app/cache'; jieba.initialize()" \
    && chmod a+r /app/cache/jieba.cache \
    && useradd --system --uid 10001 --home-dir /app --no-create-home reportbot \
    && chown reportbot /app/data

# The code last, without its dependencies (they are above).
COPY --from=wheel /wheels /tmp/wheels
RUN pip install --no-deps /tmp/wheels/*.whl && rm -rf /tmp/wheels
COPY knowledge /app/knowledge

WORKDIR /app
USER reportbot
ENV REPORTBOT_KNOWLEDGE=/app/knowledge \
    REPORTBOT_DATA=/app/data \
    REPORTBOT_HEARTBEAT=/tmp/reportbot-heartbeat
VOLUME /app/data
# Telegram's webhook mode (8443) and `reportbot serve-wecom` (8080); long polling needs none.
EXPOSE 8443 8080
# Healthy while the bot polls (or, with a webhook, runs): the heartbeat is at most 2 minutes old.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, sys, time; sys.exit(time.time() - os.path.getmtime(os.environ['REPORTBOT_HEARTBEAT']) > 120)"]
CMD ["reportbot", "serve"]
