# A small image that runs `reportbot serve` as a non-root user.
# The knowledge is inside at /app/knowledge; mount your own over it (read-only is fine):
#   docker run -e TELEGRAM_BOT_TOKEN=… -v $PWD/knowledge:/app/knowledge:ro reportbot
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    REPORTBOT_KNOWLEDGE=/app/knowledge \
    MPLCONFIGDIR=/tmp/matplotlib

# A font with Chinese glyphs for the /stats chart (without one its labels fall back to pinyin).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md constraints.txt ./
COPY bot ./bot
COPY knowledge ./knowledge
RUN pip install -c constraints.txt . \
    && useradd --system --uid 10001 --home-dir /app reportbot \
    && mkdir -p /app/data && chown reportbot /app/data

USER reportbot
ENV REPORTBOT_DATA=/app/data
CMD ["reportbot", "serve"]
