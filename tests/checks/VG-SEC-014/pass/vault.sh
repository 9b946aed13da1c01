export VAULT_TOKEN="$(cat /run/secrets/vault-token)"
