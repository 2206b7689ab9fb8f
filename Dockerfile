# Coverage Explorer: one Streamlit process per container. UNTESTED: no container engine was
# available where this was written (the docker client exists there, `docker build` does not work).
# The same command line is tested outside a container (tests/deploy, scripts/offline_kit.sh).
#
#   docker build -t coverage-explorer .
#   docker run --rm -p 8501:8501 -e STREAMLIT_SERVER_COOKIE_SECRET="$(openssl rand -hex 32)" coverage-explorer
#
# Several replicas: run N containers with the SAME STREAMLIT_SERVER_COOKIE_SECRET behind nginx with
# sticky sessions (deploy/nginx.conf.template; README "Production and offline use").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Chart PNG/SVG downloads: kaleido drives this Chromium (offline flags in explorer/export.py); DejaVu
# draws Cyrillic text in the images.
RUN apt-get update && apt-get install -y --no-install-recommends chromium fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

# The app, its data and its Streamlit configuration (.streamlit/config.toml); see .dockerignore.
COPY app.py ./
COPY .streamlit/config.toml .streamlit/config.toml
COPY components/ components/
COPY pages/ pages/
COPY policy/ policy/
COPY explorer/ explorer/
COPY api/ api/
COPY locales/ locales/
COPY static/ static/
COPY data/ data/

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin app
USER app

EXPOSE 8501
# python:3.11-slim has no curl: probe with the interpreter.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).read().strip() != b'ok')"]

CMD ["python", "-m", "streamlit", "run", "app.py", \
     "--server.address", "0.0.0.0", "--server.port", "8501", \
     "--server.headless", "true", "--server.fileWatcherType", "none", \
     "--global.developmentMode", "false"]
