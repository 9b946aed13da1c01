FROM python:3.12
RUN pip install --index-url https://ci:Gg--ruTb7#!.D5E!@pypi.acme.io/simple acme-lib==1.2
