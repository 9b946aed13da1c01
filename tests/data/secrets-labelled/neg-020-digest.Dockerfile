FROM python:3.12-slim@sha256:be29d9631df5551864bb879269f29416d7a341c83ec6a9ffb5815632f24bc64c
RUN pip install --no-cache-dir requests==2.31.0
