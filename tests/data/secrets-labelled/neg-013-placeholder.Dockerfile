FROM alpine:3.19
ENV DB_PASSWORD_FILE=/run/secrets/db_password
