#!/bin/sh
mysql -u root -p"$MYSQL_ROOT_PASSWORD" app < schema.sql
