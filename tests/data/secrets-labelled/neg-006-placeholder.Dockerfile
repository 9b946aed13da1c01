FROM alpine:3.19
ARG API_TOKEN
RUN --mount=type=secret,id=token TOKEN=$(cat /run/secrets/token) ./deploy.sh
