FROM alpine:3.19
RUN mkdir -p /root/.ssh && cat > /root/.ssh/id_rsa <<'EOF'
-----BEGIN PRIVATE KEY-----
1lu1xz/1B4li0ZZ4+rBQlORpSsU9DcykeBrhpvAz4+snXm/Ky8LC8HZCTEc0oVol
i+fMM5X9RXD7i6bSPurtXKcl3ItUVWJmt3OaLL/H2DLIyvlisrtaFyVuq9g3yGbk
lIMHrsQdYmXwwFDoAv311RG0Yuv+52TuehEbuu9PQG7JIQB6Q/4Qede+JPij1GAu
5k3yDcxdeUVz607YmqAXUByDAhEOpv6Ra+Jhe/OUJDFelQ9Dnu98rxeRp8H97J9/
77ZIVU/OLS6mRfofUuirlCfA==
-----END PRIVATE KEY-----
EOF
