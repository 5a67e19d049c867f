#!/usr/bin/env bash
# Stellt die Python-Funktion aus python/handler.py als Lambda-Funktion bereit
# und ruft sie einmal auf. Voraussetzung: AWS CLI v2, angemeldet (aws configure),
# eine Region ist eingestellt, und das Programm zip ist installiert.
set -euo pipefail

FUNCTION_NAME="${FUNCTION_NAME:-hallo-lambda}"
ROLE_NAME="${ROLE_NAME:-hallo-lambda-rolle}"
cd "$(dirname "$0")"

# 1. Ausführungsrolle: Mit ihren Rechten läuft die Funktion. Die Vertrauensrichtlinie
#    erlaubt dem Dienst Lambda, die Rolle zu übernehmen; die verwaltete Richtlinie
#    AWSLambdaBasicExecutionRole erlaubt nur das Schreiben von Logs.
ROLE_ARN=$(aws iam create-role \
  --role-name "$ROLE_NAME" \
  --assume-role-policy-document '{
    "Version": "2012-10-17",
    "Statement": [{
      "Effect": "Allow",
      "Principal": {"Service": "lambda.amazonaws.com"},
      "Action": "sts:AssumeRole"
    }]
  }' \
  --query 'Role.Arn' --output text)
aws iam attach-role-policy \
  --role-name "$ROLE_NAME" \
  --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
sleep 10   # neue IAM-Rollen brauchen einige Sekunden, bis Lambda sie verwenden kann

# 2. Code als ZIP-Archiv verpacken (die Datei liegt im Archiv ganz oben).
zip -j function.zip python/handler.py

# 3. Funktion anlegen: Runtime, Handler (Datei.Funktion) und Rolle sind Pflicht.
aws lambda create-function \
  --function-name "$FUNCTION_NAME" \
  --runtime python3.14 \
  --handler handler.lambda_handler \
  --role "$ROLE_ARN" \
  --zip-file fileb://function.zip \
  --architectures arm64 \
  --memory-size 128 \
  --timeout 10
aws lambda wait function-active-v2 --function-name "$FUNCTION_NAME"

# 4. Einmal aufrufen und die Antwort ausgeben.
aws lambda invoke \
  --function-name "$FUNCTION_NAME" \
  --cli-binary-format raw-in-base64-out \
  --payload '{"name": "Kurs"}' \
  antwort.json
cat antwort.json; echo

# Aufräumen, wenn Sie fertig sind:
#   aws lambda delete-function --function-name "$FUNCTION_NAME"
#   aws iam detach-role-policy --role-name "$ROLE_NAME" \
#     --policy-arn arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
#   aws iam delete-role --role-name "$ROLE_NAME"
