#!/bin/sh
aws configure set aws_access_key_id AKIABNCW63OCBK3VFZRR
