FROM alpine:3.19
RUN git clone https://oauth2:glpat-OIxEUPMuq8G-tUx5Ldns@gitlab.com/acme/app.git /src
