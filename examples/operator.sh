#!/usr/bin/env bash
# What an operator does with the management API, with curl and jq: an admin token, then an environment,
# an application and a user; then that user signs in through the JSON flow API (authorization code + PKCE)
# and the application gets tokens. Prints each step; exits non-zero at the first unexpected answer.
#
#   FLOWS_URL=http://127.0.0.1:5000 ADMIN_CLIENT_SECRET=… examples/operator.sh [environment-id]
set -euo pipefail

base=${FLOWS_URL:-http://127.0.0.1:5000}
admin_client=${ADMIN_CLIENT_ID:-flows-admin}
admin_secret=${ADMIN_CLIENT_SECRET:?set ADMIN_CLIENT_SECRET to the admin client secret printed at first start}
env_id=${1:-shop}
redirect=https://shop.example/callback
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT

# call METHOD PATH EXPECTED-STATUS [JSON]: prints the body, fails unless the status is the expected one.
call() {
  local method=$1 path=$2 expected=$3 body=${4:-}
  local out status
  out=$(curl -sS -X "$method" "$base$path" -H "Authorization: Bearer $token" \
    ${body:+-H "Content-Type: application/json" --data "$body"} -w '\n%{http_code}')
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [[ $status != "$expected" ]]; then
    echo "$method $path: expected $expected, got $status: $out" >&2
    exit 1
  fi
  printf '%s' "$out"
}

echo "1. admin token (client credentials)"
token=$(curl -sS --fail-with-body -u "$admin_client:$admin_secret" -d grant_type=client_credentials "$base/admin/as/token" | jq -r .access_token)

echo "2. environment $env_id"
call POST /v1/environments 201 "{\"id\": \"$env_id\", \"name\": \"Shop\"}" | jq -c '{id, issuer}'

echo "3. application"
app=$(call POST "/v1/environments/$env_id/applications" 201 "{
  \"name\": \"Shop web\", \"type\": \"confidential\", \"grantTypes\": [\"authorization_code\", \"refresh_token\"],
  \"redirectUris\": [\"$redirect\"], \"postLogoutRedirectUris\": [], \"scopes\": [\"openid\", \"profile\", \"email\", \"offline_access\"],
  \"flow\": \"username-password\"}")
client_id=$(jq -r .clientId <<<"$app")
client_secret=$(jq -r .clientSecret <<<"$app")
echo "   clientId $client_id (the secret is shown only in this answer)"

echo "4. user erin"
user_id=$(call POST "/v1/environments/$env_id/users" 201 \
  '{"username": "erin", "email": "erin@shop.example", "name": "Erin Shopper", "password": "erin-first-password"}' | jq -r .id)
call PUT "/v1/environments/$env_id/users/$user_id/password" 204 '{"newPassword": "erin-password-2"}'
echo "   id $user_id, password set"

echo "5. erin signs in through the flow API"
verifier=$(openssl rand -base64 48 | tr '+/' '-_' | tr -d '=\n')
challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | openssl base64 | tr '+/' '-_' | tr -d '=\n')
location=$(curl -sS -o /dev/null -c "$jar" -w '%{redirect_url}' -G "$base/$env_id/as/authorize" \
  --data-urlencode response_type=code --data-urlencode "client_id=$client_id" --data-urlencode "redirect_uri=$redirect" \
  --data-urlencode "scope=openid profile email offline_access" --data-urlencode state=s1 \
  --data-urlencode "code_challenge=$challenge" --data-urlencode code_challenge_method=S256)
flow_id=${location##*flowId=}
flow=$(curl -sS -b "$jar" -c "$jar" -H 'Content-Type: application/vnd.pingidentity.usernamePassword.check+json' \
  --data '{"username": "erin", "password": "erin-password-2"}' "$base/$env_id/flows/$flow_id")
[[ $(jq -r .status <<<"$flow") == COMPLETED ]] || { echo "flow did not complete: $flow" >&2; exit 1; }
callback=$(curl -sS -o /dev/null -b "$jar" -w '%{redirect_url}' "$(jq -r .resumeUrl <<<"$flow")")
code=$(sed -E 's/.*[?&]code=([^&]+).*/\1/' <<<"$callback")

echo "6. the application redeems the code"
tokens=$(curl -sS --fail-with-body -u "$client_id:$client_secret" -d grant_type=authorization_code \
  --data-urlencode "code=$code" --data-urlencode "redirect_uri=$redirect" --data-urlencode "code_verifier=$verifier" \
  "$base/$env_id/as/token")
jq -c '{token_type, expires_in, scope, has_id_token: (.id_token != null), has_refresh_token: (.refresh_token != null)}' <<<"$tokens"

echo "7. the completed sign-in in the flow instance list"
call GET "/v1/environments/$env_id/flowInstances?status=COMPLETED" 200 | jq -c '.items[] | {id, status, definitionId, definitionVersion, applicationId}'
