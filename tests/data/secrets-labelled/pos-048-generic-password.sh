#!/bin/bash
export MYSQL_ROOT_PASSWORD='PBuOnNdvLJ-Al00jRB'
