# fakekibana: a fake Kibana on 0.0.0.0:5601, configured with FAKEKIBANA_* variables.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    FAKEKIBANA_HOST=0.0.0.0 \
    FAKEKIBANA_PORT=5601

# A plain install of the package (never editable); the sources are not kept.
WORKDIR /src
COPY pyproject.toml README.md ./
COPY fakekibana ./fakekibana
COPY schemas ./schemas
RUN pip install --no-cache-dir . \
    && rm -rf /src \
    && groupadd --system --gid 1000 fakekibana \
    && useradd --system --uid 1000 --gid fakekibana --no-create-home fakekibana \
    && mkdir /data \
    && chown fakekibana:fakekibana /data

# For --state-file: FAKEKIBANA_STATE_FILE=/data/state.json with a volume on /data.
WORKDIR /data
USER 1000:1000
EXPOSE 5601

# Kibana's own readiness check, with Python's urllib: no curl in the image.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --start-interval=1s --retries=3 \
    CMD ["fakekibana", "--healthcheck"]

ENTRYPOINT ["fakekibana"]
