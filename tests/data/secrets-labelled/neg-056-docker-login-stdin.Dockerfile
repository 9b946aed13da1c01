FROM docker:24
RUN --mount=type=secret,id=pw cat /run/secrets/pw | docker login -u ci --password-stdin registry.acme.io
