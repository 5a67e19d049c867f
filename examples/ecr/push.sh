#!/usr/bin/env bash
# Baut das Beispiel-Image aus examples/docker und lädt es in ein privates
# Repository in Amazon ECR hoch.
#
# Voraussetzungen: AWS CLI v2 mit gültigen Zugangsdaten (aws configure oder
# aws sso login) und ein laufendes Docker.
# Aufruf:  AWS_ACCOUNT_ID=123456789012 ./push.sh
# Andere Werte:  AWS_REGION=eu-west-1 IMAGE_TAG=1.1 AWS_ACCOUNT_ID=… ./push.sh
set -euo pipefail

# Ausgaben der AWS CLI nicht in einem Pager (less) öffnen
export AWS_PAGER=""

# ANCHOR: variablen
AWS_REGION="${AWS_REGION:-eu-central-1}"       # Region der Registry (Frankfurt)
AWS_ACCOUNT_ID="${AWS_ACCOUNT_ID:?Bitte AWS_ACCOUNT_ID setzen (12-stellige Konto-ID)}"
REPO_NAME="${REPO_NAME:-hallo-docker}"         # Name des Repositorys
IMAGE_TAG="${IMAGE_TAG:-1.0}"                  # Version des Images
PLATFORM="${PLATFORM:-linux/amd64}"            # CPU-Architektur der Zielmaschinen

REGISTRY="${AWS_ACCOUNT_ID}.dkr.ecr.${AWS_REGION}.amazonaws.com"
IMAGE_URI="${REGISTRY}/${REPO_NAME}:${IMAGE_TAG}"
# ANCHOR_END: variablen

# ANCHOR: login
# 1. Docker bei der privaten Registry anmelden (Token gilt 12 Stunden)
aws ecr get-login-password --region "${AWS_REGION}" \
  | docker login --username AWS --password-stdin "${REGISTRY}"
# ANCHOR_END: login

# ANCHOR: repository
# 2. Repository anlegen, falls es noch nicht existiert
if ! aws ecr describe-repositories --region "${AWS_REGION}" \
  --repository-names "${REPO_NAME}" >/dev/null 2>&1; then
  aws ecr create-repository \
    --region "${AWS_REGION}" \
    --repository-name "${REPO_NAME}" \
    --image-tag-mutability IMMUTABLE \
    --image-scanning-configuration scanOnPush=true
fi
# ANCHOR_END: repository

# ANCHOR: build-tag-push
# 3. Image bauen, 4. mit dem vollen ECR-Namen taggen, 5. hochladen
docker build --platform "${PLATFORM}" -t "${REPO_NAME}:${IMAGE_TAG}" \
  "$(dirname "$0")/../docker"
docker tag "${REPO_NAME}:${IMAGE_TAG}" "${IMAGE_URI}"
docker push "${IMAGE_URI}"
# ANCHOR_END: build-tag-push

echo "Fertig: ${IMAGE_URI}"
