FROM alpine:3.19
ENV DATABASE_URL=mysql://root:.6kQFkz9-cmfdv1@mysql:3306/app
