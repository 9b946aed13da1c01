FROM alpine:3.19
RUN git clone https://ci:${GITLAB_TOKEN}@gitlab.com/acme/app.git
