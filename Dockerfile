# fakekibana: a fake Kibana on 0.0.0.0:5601, configured with FAKEKIBANA_* variables.
# Builds on Docker Engine 20.10 and later, with the legacy builder and with BuildKit.

# Any Python 3.11+ image laid out like python:3.12-slim; teams with a registry mirror
# pass its copy: docker build --build-arg PYTHON_IMAGE=mirror.example/python:3.12-slim .
ARG PYTHON_IMAGE=python:3.12-slim
FROM ${PYTHON_IMAGE}

# A package index other than PyPI for pip (a mirror); left unset, pip uses PyPI.
ARG PIP_INDEX_URL

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    FAKEKIBANA_HOST=0.0.0.0 \
    FAKEKIBANA_PORT=5601

# A plain install of the package (never editable); the sources are not kept.
# `python3 -m pip`, not `pip`: every Python image has python3, not all have a pip script.
WORKDIR /src
COPY pyproject.toml README.md ./
COPY fakekibana ./fakekibana
COPY schemas ./schemas
RUN python3 -m pip install --no-cache-dir . \
    && rm -rf /src \
    && groupadd --system --gid 1000 fakekibana \
    && useradd --system --uid 1000 --gid fakekibana --no-create-home fakekibana \
    && mkdir /data \
    && chown fakekibana:fakekibana /data

# For --state-file: FAKEKIBANA_STATE_FILE=/data/state.json with a volume on /data.
WORKDIR /data
USER 1000:1000
EXPOSE 5601

# Kibana's own readiness check, with Python's urllib: no curl in the image. No
# --start-interval (it needs Engine 25): a short interval makes the first check come soon.
HEALTHCHECK --interval=2s --timeout=5s --start-period=30s --retries=3 \
    CMD ["fakekibana", "--healthcheck"]

ENTRYPOINT ["fakekibana"]
