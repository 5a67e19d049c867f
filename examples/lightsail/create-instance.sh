#!/usr/bin/env bash
# Erstellt eine Amazon-Lightsail-Instanz aus einem Blueprint (Image) und einem
# Bundle (Tarif mit fester Größe und festem Monatspreis).
# Voraussetzungen: AWS CLI v2 und ein angemeldetes Profil.
set -euo pipefail

REGION="${AWS_REGION:-eu-central-1}"
AZ="${AZ:-${REGION}a}"
INSTANCE_NAME="${INSTANCE_NAME:-kurs-lightsail}"
# Beispielwerte; welche IDs es gibt, zeigen die beiden Listen unten.
BLUEPRINT_ID="${BLUEPRINT_ID:-amazon_linux_2023}"
BUNDLE_ID="${BUNDLE_ID:-micro_3_0}"

# Verfügbare Bundles: ID, Monatspreis (USD), RAM (GB), vCPUs, SSD (GB),
# inklusive Datenübertragung pro Monat (GB).
aws lightsail get-bundles --region "$REGION" \
  --query 'bundles[?isActive].[bundleId,price,ramSizeInGb,cpuCount,diskSizeInGb,transferPerMonthInGb]' \
  --output table

# Verfügbare Blueprints: nur Betriebssysteme ("os"); Anwendungen wie
# WordPress haben den Typ "app".
aws lightsail get-blueprints --region "$REGION" \
  --query 'blueprints[?isActive && type==`os`].[blueprintId,name,version]' \
  --output table

# Instanz erstellen.
aws lightsail create-instances \
  --region "$REGION" \
  --instance-names "$INSTANCE_NAME" \
  --availability-zone "$AZ" \
  --blueprint-id "$BLUEPRINT_ID" \
  --bundle-id "$BUNDLE_ID"

# Zustand und öffentliche IP-Adresse abfragen (nach etwa einer Minute "running").
aws lightsail get-instance --region "$REGION" \
  --instance-name "$INSTANCE_NAME" \
  --query 'instance.[state.name,publicIpAddress]' --output text

# Aufräumen (der Monatspreis läuft anteilig, solange die Instanz existiert):
#   aws lightsail delete-instance --region "$REGION" --instance-name "$INSTANCE_NAME"
